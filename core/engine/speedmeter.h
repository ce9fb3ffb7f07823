#pragma once

#include <QtGlobal>

#include <array>

// A moving average of bytes per second over the last few seconds, fed with (time, total bytes)
// samples. GUI thread (owned by one Download).
class SpeedMeter final
{
public:
    void reset(qint64 nowMs, qint64 bytes);
    void sample(qint64 nowMs, qint64 bytes);
    qint64 bytesPerSecond() const { return m_rate; }
    // The average over the full window, for the low-speed watchdog.
    qint64 windowRate(qint64 windowMs) const;

private:
    struct Sample {
        qint64 ms = 0;
        qint64 bytes = 0;
    };
    static constexpr int kSamples = 64;
    std::array<Sample, kSamples> m_samples{};
    int m_count = 0;
    int m_head = 0;  // next write position
    qint64 m_rate = 0;

    const Sample &back(int stepsBack) const;
};
