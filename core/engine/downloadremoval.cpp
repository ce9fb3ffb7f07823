// DownloadManager's removal of downloads from the list, with or without their files: split from
// downloadmanager.cpp, which keeps scheduling and the rest of the manager's life.
#include "engine/downloadmanager.h"

#include "base/guardedreceiver.h"
#include "engine/downloadcommands.h"

#include <algorithm>
#include <utility>

void DownloadManager::remove(const QList<DownloadId> &ids)
{
    removeBatch(ids, false);
}

void DownloadManager::removeAndDelete(const QList<DownloadId> &ids)
{
    removeBatch(ids, true);
}

void DownloadManager::removeBatch(const QList<DownloadId> &ids, bool deleteFiles)
{
    // Ids grow in input order, so sorted ids are in list order and m_order can be filtered by
    // walking both once.
    QList<DownloadId> removed = ids;
    std::sort(removed.begin(), removed.end());
    removed.erase(std::unique(removed.begin(), removed.end()), removed.end());
    removed.removeIf([this](DownloadId id) { return !m_downloads.contains(id); });
    if (removed.isEmpty())
        return;

    const bool everything = removed.size() == m_downloads.size();
    // Past a sixteenth of the list, one pass over an index beats finding each entry by its
    // string key.
    const bool sweep = removed.size() * 16 >= m_downloads.size();
    const int pendingBefore = m_tally.pendingCount();
    QList<Download *> downloads;
    downloads.reserve(removed.size());
    for (DownloadId id : std::as_const(removed)) {
        Download *download = find(id);
        const DownloadState from = download->state();
        m_totalSpeed.stopped(id, download->bytesArrived());
        // A removed download says nothing more: its cancel is no change anyone has to hear of
        // (no downloadFinished(), no batch), and blocking is cheaper than disconnecting.
        download->blockSignals(true);
        if (deleteFiles) {
            download->deleteFile([this, replies = m_diskReplies](const QString &path, const Result<void> &result) {
                replies->post([this, path, result] { Q_EMIT fileDeleted(path, result); });
            });
        } else {
            download->letGo();  // removing from the list never deletes a byte
        }
        if (!everything)
            m_tally.leave(id, download->originKey(), from, download->state());
        if (!sweep && from == DownloadState::Queued)
            m_queue.pop(id, download->originKey());
        downloads.append(download);
    }

    if (everything) {
        m_tally.clear();
    }

    Q_EMIT downloadsAboutToBeRemoved(removed);
    if (everything) {
        m_order.clear();
        m_downloads.clear();
        m_dirty.clear();
    } else {
        for (Download *download : std::as_const(downloads)) {
            const DownloadId id = download->id();
            if (!sweep) {
                m_urls.remove(download->url(), id);
                m_queue.forget(id);
            }
            m_downloads.remove(id);
            m_dirty.remove(id);
        }
        if (sweep) {
            const auto gone = [this](DownloadId id) { return !m_downloads.contains(id); };
            m_urls.removeIf(gone);
            m_queue.forgetIf(gone);
        }
        auto next = removed.cbegin();
        m_order.removeIf([&](DownloadId id) {
            while (next != removed.cend() && *next < id)
                ++next;
            return next != removed.cend() && *next == id;
        });
    }
    for (qsizetype from = 0; from < downloads.size(); from += kDeleteSlice) {
        m_deferred.later([downloads, from] {
            qDeleteAll(downloads.cbegin() + from, downloads.cbegin() + std::min(from + kDeleteSlice, downloads.size()));
        });
    }
    if (everything) {
        // Freeing a hundred thousand URL keys and queue entries now would double this turn.
        m_deferred.later([urls = std::exchange(m_urls, {})]() mutable { urls = {}; });
        m_deferred.later([queue = std::exchange(m_queue, {})]() mutable { queue = {}; });
    }
    Q_EMIT downloadsRemoved(removed);

    requestSchedule();
    updateTicking();
    if (pendingBefore > 0 && m_tally.pendingCount() == 0 && !m_shuttingDown) {
        flushChanges();
        Q_EMIT allFinished();
    }
}
