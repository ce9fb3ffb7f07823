#include "engine/downloadtally.h"

void DownloadTally::addQueued(int count)
{
    m_counts[size_t(DownloadState::Queued)] += count;
    m_pending += count;
}

void DownloadTally::add(DownloadState state)
{
    ++m_counts[size_t(state)];
    m_pending += int(DownloadStates::isPending(state));
}

void DownloadTally::leave(DownloadId id, const QString &origin, DownloadState from, DownloadState now)
{
    --m_counts[size_t(from)];
    m_pending -= int(DownloadStates::isPending(from));
    if (DownloadStates::isActive(from) && !DownloadStates::isActive(now)) {
        auto perOrigin = m_activePerOrigin.find(origin);
        if (perOrigin != m_activePerOrigin.end() && --*perOrigin <= 0)
            m_activePerOrigin.erase(perOrigin);
        m_active.remove(id);
    }
}

void DownloadTally::enter(DownloadId id, const QString &origin, DownloadState from, DownloadState to)
{
    ++m_counts[size_t(to)];
    m_pending += int(DownloadStates::isPending(to));
    if (DownloadStates::isActive(to) && !DownloadStates::isActive(from)) {
        ++m_activePerOrigin[origin];
        m_active.insert(id);
    }
}

void DownloadTally::clear()
{
    m_counts.fill(0);
    m_pending = 0;
    m_active.clear();
    m_activePerOrigin.clear();
}
