#pragma once

#include "base/timewindow.h"

#include <QObject>
#include <QTime>
#include <QTimer>

#include <functional>

// The clock side of the queue: whether queued downloads may start now (the start window) and
// whether the scheduled speed limit holds (the slow window). Looks at the clock at each edge of
// either window, and at least once a minute so a changed clock or time zone is followed; says
// changed() when an answer changes. Owned by the DownloadManager; GUI thread.
class QueueSchedule final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueSchedule)

public:
    using Clock = std::function<QTime()>;
    static constexpr int kMaxCheckIntervalMs = 60'000;

    explicit QueueSchedule(QObject *parent = nullptr);

    void setWindows(const TimeWindow &start, const TimeWindow &slow);
    void setClock(Clock clock);  // local time of day; tests set their own, then call recheck()

    bool startsAllowed() const { return m_startsAllowed; }
    bool slowLimitApplies() const { return m_slowApplies; }
    const TimeWindow &startWindow() const { return m_start; }

    // Reads the clock now; emits changed() when either answer changed.
    void recheck();

Q_SIGNALS:
    void changed();

private:
    void arm(QTime now);

    Clock m_clock = [] { return QTime::currentTime(); };
    TimeWindow m_start;
    TimeWindow m_slow;
    bool m_startsAllowed = true;
    bool m_slowApplies = false;
    QTimer m_timer;
};
