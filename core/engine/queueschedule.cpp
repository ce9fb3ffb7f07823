#include "engine/queueschedule.h"

#include <algorithm>

QueueSchedule::QueueSchedule(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &QueueSchedule::recheck);
}

void QueueSchedule::setWindows(const TimeWindow &start, const TimeWindow &slow)
{
    m_start = start;
    m_slow = slow;
    recheck();
}

void QueueSchedule::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

void QueueSchedule::recheck()
{
    const QTime now = m_clock();
    const bool starts = m_start.contains(now);
    const bool slow = m_slow.isSet() && m_slow.contains(now);
    const bool changedNow = starts != m_startsAllowed || slow != m_slowApplies;
    m_startsAllowed = starts;
    m_slowApplies = slow;
    arm(now);
    if (changedNow)
        Q_EMIT changed();
}

void QueueSchedule::arm(QTime now)
{
    if (!m_start.isSet() && !m_slow.isSet()) {
        m_timer.stop();
        return;
    }
    // Just past the edge, so the clock reads the new side of it.
    const qint64 edge = std::min(m_start.msecsToNextEdge(now), m_slow.msecsToNextEdge(now)) + 50;
    m_timer.start(int(std::min<qint64>(edge, kMaxCheckIntervalMs)));
}
