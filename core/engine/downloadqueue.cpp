#include "engine/downloadqueue.h"

#include <QSet>

#include <algorithm>
#include <optional>
#include <iterator>

void DownloadQueue::add(DownloadId id, const QString &origin, bool queued, std::optional<qint64> place)
{
    qint64 at = place.value_or(m_nextPlace);
    if (m_byPlace.contains(at))
        at = std::max(m_nextPlace, m_byPlace.rbegin()->first + 1);
    m_place.insert(id, at);
    m_byPlace.emplace(at, id);
    m_nextPlace = std::max(m_nextPlace, at + 1);
    if (queued)
        push(id, origin);
}

void DownloadQueue::push(DownloadId id, const QString &origin)
{
    m_queues[origin].emplace(m_place.value(id), id);
}

void DownloadQueue::pop(DownloadId id, const QString &origin)
{
    auto it = m_queues.find(origin);
    if (it == m_queues.end())
        return;
    it->erase(m_place.value(id));
    if (it->empty())
        m_queues.erase(it);
}

void DownloadQueue::forget(DownloadId id)
{
    const auto it = m_place.constFind(id);
    if (it == m_place.cend())
        return;
    m_byPlace.erase(*it);
    m_place.erase(it);
}

void DownloadQueue::forgetIf(const std::function<bool(DownloadId)> &gone)
{
    m_place.removeIf([&](QHash<DownloadId, qint64>::iterator it) { return gone(it.key()); });
    std::erase_if(m_byPlace, [&](const auto &entry) { return gone(entry.second); });
    for (auto queue = m_queues.begin(); queue != m_queues.end();) {
        std::erase_if(*queue, [&](const auto &entry) { return gone(entry.second); });
        queue = queue->empty() ? m_queues.erase(queue) : std::next(queue);
    }
}

bool DownloadQueue::unqueue(DownloadId id, const QString &origin)
{
    const auto queue = m_queues.find(origin);
    const qint64 place = m_place.value(id);
    if (queue == m_queues.end())
        return false;
    const auto it = queue->find(place);
    if (it == queue->end() || it->second != id)
        return false;
    queue->erase(it);
    if (queue->empty())
        m_queues.erase(queue);
    return true;
}

void DownloadQueue::setPlace(DownloadId id, qint64 place, const QString &origin)
{
    // A queued download is re-filed under its new place in its origin's queue too.
    const bool queued = unqueue(id, origin);
    m_place.insert(id, place);
    m_byPlace[place] = id;
    if (queued)
        push(id, origin);
}

QList<DownloadId> DownloadQueue::move(const QList<DownloadId> &ids, QueueMove how,
                                      const std::function<QString(DownloadId)> &originOf)
{
    // The moved ones in queue order; unknown and repeated ids drop out.
    std::vector<std::pair<qint64, DownloadId>> moved;
    QSet<DownloadId> movedSet;
    for (DownloadId id : ids) {
        const auto it = m_place.constFind(id);
        if (it != m_place.cend() && !movedSet.contains(id)) {
            movedSet.insert(id);
            moved.emplace_back(*it, id);
        }
    }
    std::sort(moved.begin(), moved.end());
    QList<DownloadId> changed;
    if (moved.empty() || m_byPlace.empty())
        return changed;

    if (how == QueueMove::Top || how == QueueMove::Bottom) {
        // New places before the first or after the last; the old ones are freed first so a
        // block already at that end keeps its order.
        const qint64 first = m_byPlace.begin()->first;
        const qint64 last = m_byPlace.rbegin()->first;
        const auto count = qint64(moved.size());
        for (const auto &[place, id] : moved)
            m_byPlace.erase(place);
        for (qint64 i = 0; i < count; ++i) {
            const DownloadId id = moved[size_t(i)].second;
            setPlace(id, how == QueueMove::Top ? first - count + i : last + 1 + i, originOf(id));
            changed.append(id);
        }
        m_nextPlace = std::max(m_nextPlace, m_byPlace.rbegin()->first + 1);
        return changed;
    }

    // Up walks the block from its first one, Down from its last, each one swapping places with
    // its neighbour that way. A neighbour that is moved too has not moved (it would have passed
    // someone and no longer be next to this one): the block is at that end and stays.
    const bool up = how == QueueMove::Up;
    if (!up)
        std::reverse(moved.begin(), moved.end());
    for (const auto &[place, id] : moved) {
        const qint64 mine = m_place.value(id);
        const auto here = m_byPlace.find(mine);
        const auto there = up ? (here == m_byPlace.begin() ? m_byPlace.end() : std::prev(here)) : std::next(here);
        if (there == m_byPlace.end() || movedSet.contains(there->second))
            continue;
        const DownloadId neighbour = there->second;
        const qint64 theirs = there->first;
        const QString ours = originOf(id);
        const QString other = originOf(neighbour);
        const bool queuedHere = unqueue(id, ours);
        const bool queuedThere = unqueue(neighbour, other);
        m_place.insert(id, theirs);
        m_place.insert(neighbour, mine);
        m_byPlace[theirs] = id;
        m_byPlace[mine] = neighbour;
        if (queuedHere)
            push(id, ours);
        if (queuedThere)
            push(neighbour, other);
        changed.append(id);
        changed.append(neighbour);
    }
    return changed;
}

QList<DownloadId> DownloadQueue::moveNextTo(const QList<DownloadId> &ids, DownloadId target, bool after,
                                            const std::function<QString(DownloadId)> &originOf)
{
    QList<DownloadId> changed;
    const auto targetPlace = m_place.constFind(target);
    if (targetPlace == m_place.cend())
        return changed;
    QSet<DownloadId> movedSet;
    qint64 low = *targetPlace;
    qint64 high = *targetPlace;
    for (DownloadId id : ids) {
        const auto it = m_place.constFind(id);
        if (it == m_place.cend())
            continue;
        movedSet.insert(id);
        low = std::min(low, *it);
        high = std::max(high, *it);
    }
    if (movedSet.isEmpty())
        return changed;
    // The places from the block's first to the target (or back) are dealt out again in the new
    // order: everyone outside that stretch keeps theirs.
    std::vector<qint64> places;
    std::vector<DownloadId> block;
    std::vector<DownloadId> order;
    const auto first = m_byPlace.lower_bound(low);
    const auto last = m_byPlace.upper_bound(high);
    for (auto it = first; it != last; ++it) {
        places.push_back(it->first);
        if (movedSet.contains(it->second))
            block.push_back(it->second);
    }
    for (auto it = first; it != last; ++it) {
        const DownloadId id = it->second;
        if (id == target && !after)
            order.insert(order.end(), block.cbegin(), block.cend());
        if (!movedSet.contains(id))
            order.push_back(id);
        if (id == target && after)
            order.insert(order.end(), block.cbegin(), block.cend());
    }
    std::vector<std::pair<DownloadId, qint64>> moves;
    for (size_t i = 0; i < order.size(); ++i) {
        if (m_place.value(order[i]) != places[i])
            moves.emplace_back(order[i], places[i]);
    }
    // Every mover leaves its origin's queue before any takes a new place there: a place is only
    // ever taken over from another mover.
    std::vector<std::optional<QString>> requeue;
    for (const auto &[id, place] : moves) {
        const QString origin = originOf(id);
        requeue.push_back(unqueue(id, origin) ? std::optional(origin) : std::nullopt);
    }
    for (size_t i = 0; i < moves.size(); ++i) {
        const auto &[id, place] = moves[i];
        m_place.insert(id, place);
        m_byPlace[place] = id;
        if (requeue[i])
            push(id, *requeue[i]);
        changed.append(id);
    }
    return changed;
}

bool DownloadQueue::hasQueued(const QString &origin) const
{
    const auto queue = m_queues.constFind(origin);
    return queue != m_queues.cend() && !queue->empty();
}

DownloadId DownloadQueue::next(const std::function<bool(const QString &origin)> &fits) const
{
    const std::map<qint64, DownloadId> *best = nullptr;
    for (auto it = m_queues.cbegin(); it != m_queues.cend(); ++it) {
        if (it->empty() || !fits(it.key()))
            continue;
        if (!best || it->begin()->first < best->begin()->first)
            best = &it.value();
    }
    return best ? best->begin()->second : 0;
}
