#pragma once

#include <QHash>
#include <QList>

using DownloadId = quint64;

// aria2's download results: the stopped downloads (complete, error, removed) in the order they
// stopped, which tellStopped pages through, and how many stopped in this run in all
// (numStoppedTotal). Owned by Aria2Events; GUI thread.
class StoppedResults final
{
public:
    void add(DownloadId id);     // at the end; nothing when listed already
    void remove(DownloadId id);  // started again, or left the list
    bool contains(DownloadId id) const { return m_listed.contains(id); }
    const QList<DownloadId> &ids() const { return m_ids; }
    qint64 total() const { return m_total; }

private:
    QList<DownloadId> m_ids;
    QHash<DownloadId, bool> m_listed;
    qint64 m_total = 0;
};
