#pragma once

#include "base/downloadstate.h"

#include <QHash>
#include <QSet>
#include <QString>

#include <array>

using DownloadId = quint64;

// The manager's running counts, kept as downloads change state, so that the window's totals and
// the scheduler's limits cost O(1) at any list length: downloads per state, pending ones, and
// the active ones in all and per origin. Owned by the DownloadManager; GUI thread.
class DownloadTally final
{
public:
    void addQueued(int count);
    void add(DownloadState state);  // a restored download, never active
    // One download moved; now is its state after the move (a removed one's is its last).
    void leave(DownloadId id, const QString &origin, DownloadState from, DownloadState now);
    void enter(DownloadId id, const QString &origin, DownloadState from, DownloadState to);
    void clear();

    int countIn(DownloadState state) const { return m_counts[size_t(state)]; }
    int pendingCount() const { return m_pending; }  // will make progress without anyone's action
    int activeCount() const { return int(m_active.size()); }
    int activeIn(const QString &origin) const { return m_activePerOrigin.value(origin); }
    const QSet<DownloadId> &activeIds() const { return m_active; }

private:
    std::array<int, size_t(DownloadState::Cancelled) + 1> m_counts{};
    int m_pending = 0;
    QSet<DownloadId> m_active;
    QHash<QString, int> m_activePerOrigin;
};
