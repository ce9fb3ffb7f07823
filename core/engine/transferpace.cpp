#include "engine/transferpace.h"

#include "base/downloadsettings.h"

#include <algorithm>

bool TransferPace::isLimited() const
{
    return m_own || (m_overall && m_overall->isLimited());
}

void TransferPace::followSettings()
{
    const qint64 rate = m_ownSetting && m_ownSetting->has_value() ? **m_ownSetting : m_settings->maxBytesPerSecond;
    if (rate <= 0)
        m_own.reset();
    else if (!m_own)
        m_own = std::make_unique<RateLimiter>(rate);
    else if (m_own->rate() != std::max(rate, RateLimiter::kMinRate))
        m_own->setRate(rate);
}

qint64 TransferPace::allowance()
{
    followSettings();
    qint64 granted = RateLimiter::kUnlimited;
    if (m_own)
        granted = std::min(granted, m_own->allowance());
    if (m_overall && m_overall->isLimited()) {
        // A share per turn, not the whole bucket: the downloads that wait for it take turns.
        granted = std::min({granted, m_overall->allowance(), std::max<qint64>(16 * 1024, m_overall->rate() / 50)});
    }
    return granted;
}

void TransferPace::spend(qint64 bytes)
{
    if (bytes <= 0)
        return;
    if (m_own)
        m_own->consume(bytes);
    if (m_overall)
        m_overall->consume(bytes);
}

qint64 TransferPace::msUntilRoom()
{
    qint64 waitMs = 0;
    if (m_own)
        waitMs = std::max(waitMs, m_own->msUntilRoom());
    if (m_overall)
        waitMs = std::max(waitMs, m_overall->msUntilRoom());
    return waitMs;
}

qint64 TransferPace::readBuffer(int connections) const
{
    qint64 rate = m_own ? m_own->rate() : 0;
    if (m_overall && m_overall->isLimited())
        rate = rate > 0 ? std::min(rate, m_overall->rate()) : m_overall->rate();
    return rate > 0 ? std::clamp<qint64>(rate / 16 / std::max(1, connections), 16 * 1024, 1024 * 1024) : 0;
}
