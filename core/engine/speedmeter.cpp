#include "engine/speedmeter.h"

namespace {
constexpr qint64 kDisplayWindowMs = 5000;
}

void SpeedMeter::reset(qint64 nowMs, qint64 bytes)
{
    m_count = 0;
    m_head = 0;
    m_rate = 0;
    sample(nowMs, bytes);
}

const SpeedMeter::Sample &SpeedMeter::back(int stepsBack) const
{
    return m_samples[std::size_t((m_head - 1 - stepsBack + kSamples * 2) % kSamples)];
}

void SpeedMeter::sample(qint64 nowMs, qint64 bytes)
{
    m_samples[std::size_t(m_head)] = Sample{nowMs, bytes};
    m_head = (m_head + 1) % kSamples;
    if (m_count < kSamples)
        ++m_count;
    m_rate = windowRate(kDisplayWindowMs);
}

qint64 SpeedMeter::windowRate(qint64 windowMs) const
{
    if (m_count < 2)
        return 0;
    const Sample &newest = back(0);
    int oldestIndex = 0;
    for (int i = 1; i < m_count; ++i) {
        if (newest.ms - back(i).ms > windowMs)
            break;
        oldestIndex = i;
    }
    const Sample &oldest = back(oldestIndex);
    const qint64 span = newest.ms - oldest.ms;
    return span > 0 ? (newest.bytes - oldest.bytes) * 1000 / span : 0;
}
