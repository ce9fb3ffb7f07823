#include "stallprobe.h"

#include <algorithm>

StallProbe::StallProbe(QObject *parent)
    : QObject(parent)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &StallProbe::onTick);
}

void StallProbe::start()
{
    m_lateness.clear();
    m_clock.start();
    m_lastNs = 0;
    m_timer.start();
}

void StallProbe::stop()
{
    m_timer.stop();
}

void StallProbe::onTick()
{
    const qint64 now = m_clock.nsecsElapsed();
    m_lateness.append(std::max(0.0, double(now - m_lastNs) / 1e6 - kIntervalMs));
    m_lastNs = now;
}

double StallProbe::p99Ms() const
{
    if (m_lateness.isEmpty())
        return 0;
    QList<double> sorted = m_lateness;
    std::sort(sorted.begin(), sorted.end());
    return sorted[std::min<qsizetype>(sorted.size() - 1, qsizetype(double(sorted.size()) * 0.99))];
}

double StallProbe::maxMs() const
{
    return m_lateness.isEmpty() ? 0 : *std::max_element(m_lateness.cbegin(), m_lateness.cend());
}
