#include "engine/ratelimiter.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace {

// A read smaller than this is not worth a wake-up: waiting for it costs more than it moves.
constexpr qint64 kMinSlice = 4 * 1024;

} // namespace

qint64 RateLimiter::nowUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void RateLimiter::setRate(qint64 bytesPerSecond)
{
    const qint64 rate = bytesPerSecond > 0 ? std::max(bytesPerSecond, kMinRate) : 0;
    if (rate == m_rate && m_lastUs != 0)
        return;  // unchanged: the bucket keeps its state
    m_rate = rate;
    m_tokens = double(capacity());
    m_lastUs = nowUs();
}

qint64 RateLimiter::capacity() const
{
    return std::max<qint64>(m_rate / 10, kMinSlice);
}

void RateLimiter::refill()
{
    const qint64 now = nowUs();
    m_tokens = std::min(double(capacity()), m_tokens + double(now - m_lastUs) * double(m_rate) / 1e6);
    m_lastUs = now;
}

qint64 RateLimiter::allowance()
{
    if (!isLimited())
        return kUnlimited;
    refill();
    return m_tokens > 0 ? qint64(m_tokens) : 0;
}

void RateLimiter::consume(qint64 bytes)
{
    if (isLimited())
        m_tokens -= double(bytes);
}

qint64 RateLimiter::msUntilRoom()
{
    if (!isLimited())
        return 0;
    refill();
    const double wanted = double(std::min(kMinSlice, capacity())) - m_tokens;
    if (wanted <= 0)
        return 0;
    return std::max<qint64>(1, qint64(std::ceil(wanted * 1000.0 / double(m_rate))));
}
