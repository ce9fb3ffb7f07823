#pragma once

#include <QHash>
#include <QList>
#include <QString>

#include <functional>
#include <map>
#include <optional>

using DownloadId = quint64;

// How a person moves downloads in the queue (keys, menu): one place up or down, or to either end.
enum class QueueMove { Up, Down, Top, Bottom };

// Every download's place in the queue order, and the queued ones per origin by place: the
// scheduler takes the earliest one whose host has a free connection without walking past
// thousands that wait for a busy host. A download keeps its place from add() to forget()
// unless moved. Owned by the DownloadManager; GUI thread.
class DownloadQueue final
{
public:
    void reserve(qsizetype total) { m_place.reserve(total); }
    // A download, after every other one, or at place (a restored download keeps the one it had;
    // a place already taken gives the next free one); queued unless it waits for something else
    // (restored paused or finished).
    void add(DownloadId id, const QString &origin, bool queued = true, std::optional<qint64> place = {});
    void push(DownloadId id, const QString &origin);  // queued again, at its place
    void pop(DownloadId id, const QString &origin);   // no longer queued
    void forget(DownloadId id);
    // Forgets every download for which gone(id) is true, in one pass.
    void forgetIf(const std::function<bool(DownloadId)> &gone);

    qint64 placeOf(DownloadId id) const { return m_place.value(id, -1); }
    // Moves ids as a block (each keeps its order among the others): Up and Down swap each with
    // the nearest unmoved neighbour, so a block at the top stays put. Returns the ids whose place
    // changed, the neighbours they passed included.
    QList<DownloadId> move(const QList<DownloadId> &ids, QueueMove how,
                           const std::function<QString(DownloadId)> &originOf);

    // Moves ids as a block (each keeps its order among the others) next to target: right before
    // it, or right after when after is true; dragging rows between others. Only the downloads
    // between the block's old and new places change place. Returns the ids whose place changed.
    QList<DownloadId> moveNextTo(const QList<DownloadId> &ids, DownloadId target, bool after,
                                 const std::function<QString(DownloadId)> &originOf);

    bool hasQueued(const QString &origin) const;
    // The earliest queued download among the origins for which fits(origin) is true, or 0.
    DownloadId next(const std::function<bool(const QString &origin)> &fits) const;

private:
    bool unqueue(DownloadId id, const QString &origin);  // true when it was queued
    void setPlace(DownloadId id, qint64 place, const QString &origin);

    QHash<DownloadId, qint64> m_place;                      // place in the queue order
    std::map<qint64, DownloadId> m_byPlace;                 // every download, by place
    QHash<QString, std::map<qint64, DownloadId>> m_queues;  // queued ones per origin, by place
    qint64 m_nextPlace = 1;
};
