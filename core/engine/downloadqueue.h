#pragma once

#include <QHash>
#include <QString>

#include <functional>
#include <map>

using DownloadId = quint64;

// The queued downloads in list order, per origin: the scheduler takes the earliest one whose
// host has a free connection without walking past thousands that wait for a busy host. A
// download keeps its place (its sequence number) from add() to forget(). Owned by the
// DownloadManager; GUI thread.
class DownloadQueue final
{
public:
    void reserve(qsizetype total) { m_sequence.reserve(total); }
    // A new download, last in the list; queued unless it waits for something else (restored
    // paused or finished).
    void add(DownloadId id, const QString &origin, bool queued = true);
    void push(DownloadId id, const QString &origin);  // queued again, at its place
    void pop(DownloadId id, const QString &origin);   // no longer queued
    void forget(DownloadId id) { m_sequence.remove(id); }
    // Forgets every download for which gone(id) is true, in one pass.
    void forgetIf(const std::function<bool(DownloadId)> &gone);

    bool hasQueued(const QString &origin) const;
    // The earliest queued download among the origins for which fits(origin) is true, or 0.
    DownloadId next(const std::function<bool(const QString &origin)> &fits) const;

private:
    QHash<DownloadId, qint64> m_sequence;                  // place in the list
    QHash<QString, std::map<qint64, DownloadId>> m_queues;  // per origin, by place
    qint64 m_nextSequence = 0;
};
