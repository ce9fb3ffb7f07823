#pragma once

#include <QtGlobal>
#include <functional>
#include <map>
#include <vector>

// The total unwritten bytes all FileWriters may hold at once, so memory stays flat however many
// downloads run. GUI thread only.
class WriteBudget final
{
    Q_DISABLE_COPY_MOVE(WriteBudget)

public:
    static constexpr qint64 kDefaultLimit = 32 * 1024 * 1024;

    explicit WriteBudget(qint64 limit = kDefaultLimit) : m_limit(limit) {}

    bool hasRoom() const { return m_used < m_limit; }
    void take(qint64 bytes) { m_used += bytes; }
    void give(qint64 bytes)
    {
        const bool wasFull = !hasRoom();
        m_used -= bytes;
        if (wasFull && hasRoom())
            notifyRoom();
    }
    qint64 used() const { return m_used; }
    qint64 limit() const { return m_limit; }

    // A writer blocked only by the shared limit has no completion of its own to wake it, so the
    // budget tells every listener when room comes back. Returns an id for removeRoomListener().
    int addRoomListener(std::function<void()> listener)
    {
        m_listeners.emplace(++m_lastId, std::move(listener));
        return m_lastId;
    }
    void removeRoomListener(int id) { m_listeners.erase(id); }

private:
    void notifyRoom()
    {
        // A listener may add or remove listeners (a slot deletes its writer), so walk a snapshot
        // of the ids and look each one up again.
        std::vector<int> ids;
        ids.reserve(m_listeners.size());
        for (const auto &entry : m_listeners)
            ids.push_back(entry.first);
        for (int id : ids) {
            if (!hasRoom())
                return;
            const auto it = m_listeners.find(id);
            if (it != m_listeners.end()) {
                const std::function<void()> listener = it->second;
                listener();
            }
        }
    }

    qint64 m_limit = kDefaultLimit;
    qint64 m_used = 0;
    int m_lastId = 0;
    std::map<int, std::function<void()>> m_listeners;
};
