#include "engine/downloadqueue.h"

#include <iterator>

void DownloadQueue::add(DownloadId id, const QString &origin, bool queued)
{
    m_sequence.insert(id, m_nextSequence++);
    if (queued)
        push(id, origin);
}

void DownloadQueue::push(DownloadId id, const QString &origin)
{
    m_queues[origin].emplace(m_sequence.value(id), id);
}

void DownloadQueue::pop(DownloadId id, const QString &origin)
{
    auto it = m_queues.find(origin);
    if (it == m_queues.end())
        return;
    it->erase(m_sequence.value(id));
    if (it->empty())
        m_queues.erase(it);
}

void DownloadQueue::forgetIf(const std::function<bool(DownloadId)> &gone)
{
    m_sequence.removeIf([&](QHash<DownloadId, qint64>::iterator it) { return gone(it.key()); });
    for (auto queue = m_queues.begin(); queue != m_queues.end();) {
        std::erase_if(*queue, [&](const auto &entry) { return gone(entry.second); });
        queue = queue->empty() ? m_queues.erase(queue) : std::next(queue);
    }
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
