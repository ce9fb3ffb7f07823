#pragma once

#include "engine/speedmeter.h"

#include <QElapsedTimer>
#include <QHash>

using DownloadId = quint64;

// The list's total download speed, from the bytes every download adds while active, those that
// finished between two samples included: adding up each download's own speed gave 0 B/s while
// thousands of small files went by, since a download shorter than a sample has no speed of its
// own. Plain object; GUI thread; owned by the DownloadManager.
class TotalSpeed final
{
public:
    TotalSpeed() { m_clock.start(); }

    void started(DownloadId id, qint64 bytes) { m_base.insert(id, bytes); }
    void stopped(DownloadId id, qint64 bytes);
    // Bytes an active download added since it became active.
    qint64 gainedBy(DownloadId id, qint64 bytes) const { return bytes - m_base.value(id, bytes); }
    // activeGained: gainedBy() summed over the active downloads.
    void sample(qint64 activeGained);
    void idle();  // nothing active: 0 B/s until the next start
    qint64 bytesPerSecond() const { return m_meter.bytesPerSecond(); }

private:
    QHash<DownloadId, qint64> m_base;
    qint64 m_done = 0;  // gained by downloads that are no longer active
    qint64 m_last = 0;  // the meter only sees growth: a restart from zero is no negative speed
    SpeedMeter m_meter;
    QElapsedTimer m_clock;
};
