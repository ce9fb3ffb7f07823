#pragma once

#include "base/downloadsettings.h"
#include "base/urlentry.h"
#include "engine/checksumfeed.h"
#include "engine/connectionbudget.h"
#include "engine/deferreddelete.h"
#include "engine/download.h"
#include "engine/downloadqueue.h"
#include "engine/downloadtally.h"
#include "engine/queueschedule.h"
#include "engine/ratelimiter.h"
#include "engine/totalspeed.h"
#include "engine/urlindex.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <memory>

class GuardedReceiver;
class LinkChanges;
class NetworkPool;
class QThreadPool;
class SyncGroup;
class WriteBudget;

// Owns every Download by id and schedules them in input order under the global and per-host
// connection limits; tells listeners about changes in batches a few times a second. GUI thread.
class DownloadManager final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DownloadManager)

public:
    static constexpr int kBatchIntervalMs = 250;
    static constexpr qsizetype kDeleteSlice = 8192;  // removed downloads deleted per event-loop turn

    DownloadManager(NetworkPool *network, QThreadPool *diskPool, DownloadSettings settings,
                    QObject *parent = nullptr);
    ~DownloadManager() override;

    // Adds entries in order and starts them as slots allow. Returns their ids.
    QList<DownloadId> add(const QList<UrlEntry> &entries);
    DownloadId add(const UrlEntry &entry) { return add(QList<UrlEntry>{entry}).value(0); }
    // Lists downloads of an earlier run (from the store) after the ones listed, in id order;
    // ids already used are skipped, id 0 takes the next free one. Ones that were on their way
    // come back Queued when resume is true (they start as slots allow), else Paused. Returns
    // the ids listed.
    // Each keeps its place in the queue (DownloadSnapshot::position) unless keepPlaces is false;
    // then they queue after every other one, in the order given.
    QList<DownloadId> restore(const QList<DownloadSnapshot> &snapshots, bool resume, bool keepPlaces = true);
    // New downloads get ids above id: a store holds records of that id that are not listed.
    void reserveIdsThrough(DownloadId id);
    // What the store keeps of these downloads; unknown ids are left out.
    QList<DownloadSnapshot> snapshots(const QList<DownloadId> &ids) const;
    // Room for this many downloads in all, so a long list added in slices never pays for a
    // rehash of every index in one turn of the event loop; listeners get capacityReserved().
    void reserve(qsizetype total);

    // Applies at once: limits reschedule now, timeouts and retries apply from each download's
    // next attempt, the folder to downloads added afterwards (an added download's folder is fixed).
    void setSettings(const DownloadSettings &settings);

    // "Start now": a queued or paused download starts at once, even past the global limit.
    void startNow(DownloadId id);
    // The user's commands; each applies where DownloadCommands allows it and does nothing elsewhere.
    void pause(DownloadId id) { command(id, &Download::pause); }
    void resume(DownloadId id) { command(id, &Download::resume); }
    void cancel(DownloadId id) { command(id, &Download::cancel); }
    void retry(DownloadId id) { command(id, &Download::retry); }
    // Moves downloads in the queue order, which the scheduler starts queued ones in and the list
    // shows when unsorted; the ones whose place changed are announced in the next batch.
    void moveInQueue(const QList<DownloadId> &ids, QueueMove how)
    {
        const auto originOf = [this](DownloadId id) { return find(id)->originKey(); };
        for (const DownloadId id : m_queue.move(ids, how, originOf))
            markChanged(id);
    }
    qint64 placeInQueue(DownloadId id) const { return m_queue.placeOf(id); }  // lower starts first
    // Moves downloads next to target in the queue order (before it, or after): a drag in the list.
    void moveInQueueNextTo(const QList<DownloadId> &ids, DownloadId target, bool after)
    {
        const auto originOf = [this](DownloadId id) { return find(id)->originKey(); };
        for (const DownloadId id : m_queue.moveNextTo(ids, target, after, originOf))
            markChanged(id);
    }
    // Every download that can be paused is, queued ones included, so nothing starts by itself;
    // resumeAll() resumes every paused one.
    void pauseAll() { commandAll(&Download::pause); }
    void resumeAll() { commandAll(&Download::resume); }
    // Moves each download that is not under way to folder (absolute), its .part with it
    // (Download::moveTo, which also refuses during shutdown); the others are left where they are.
    void moveTo(const QList<DownloadId> &ids, const QString &folder)
    {
        for (const DownloadId id : ids) {
            if (Download *download = find(id))
                download->moveTo(folder);
        }
    }
    // Applies a person's property changes to each (Download::setProperties); returns every
    // refusal as "name: sentence", in list order.
    QStringList setProperties(const QList<DownloadId> &ids, const PropertyChanges &changes);
    // Cancels the unfinished ones and takes them all out of the list in one batch: one
    // downloadsAboutToBeRemoved() and one downloadsRemoved() whatever the count, and time linear
    // in the list's length. A removed download is cancelled silently (no downloadFinished()) and
    // deleted later, kDeleteSlice per turn of the event loop. Unknown and repeated ids are
    // ignored. Never deletes a completed file.
    void remove(const QList<DownloadId> &ids);
    void remove(DownloadId id) { remove(QList<DownloadId>{id}); }
    // Removes like remove() and deletes each one's file from disk (the completed file, or the
    // .part of an unfinished one) on the disk pool, after its queued writes; emits fileDeleted()
    // per file when the disk has answered. Only that exact path is unlinked: a symlink or folder
    // found there is refused with the reason. A download that never created a file (or skipped
    // an existing one) is just removed, with no fileDeleted().
    void removeAndDelete(const QList<DownloadId> &ids);
    void removeAndDelete(DownloadId id) { removeAndDelete(QList<DownloadId>{id}); }
    // Ctrl-C / quit: stop every transfer, fsync every .part; emits shutdownComplete().
    void shutdown();

    const Download *download(DownloadId id) const { return find(id); }
    const QList<DownloadId> &ids() const { return m_order; }  // input order (ids ascend); see placeInQueue()
    int count() const { return int(m_order.size()); }
    // The pool every blocking disk job of this engine runs on; windows put theirs there too.
    QThreadPool *diskPool() const { return m_diskPool; }
    // Nothing queued, running or waiting: what allFinished() announces.
    bool isIdle() const { return m_tally.pendingCount() == 0 && !m_checksums->isBusy(); }
    int activeCount() const { return m_tally.activeCount(); }
    int pendingCount() const { return m_tally.pendingCount(); }  // will make progress without anyone's action
    int countIn(DownloadState state) const { return m_tally.countIn(state); }
    qint64 totalBytesPerSecond() const;
    // The download already fetching this URL (same resource: see UrlKey), or 0.
    DownloadId findByUrl(const QUrl &url) const;

    const DownloadSettings &settings() const { return m_settings; }
    // The clock side of the settings: whether queued downloads may start now, and the limit in
    // force. Tests give it their own clock.
    QueueSchedule &queueSchedule() { return m_schedule; }
    qint64 overallLimitInForce() const { return m_overallLimit.rate(); }  // bytes/s; 0 = unlimited
    const QueueSchedule &queueSchedule() const { return m_schedule; }
    // New links for unfinished downloads, checked before they are used.
    LinkChanges &linkChanges() { return *m_links; }
    // Puts url in place as download id's link (Download::changeLink), for LinkChanges once it
    // checked it; a download under way is left alone.
    void setLink(DownloadId id, const QUrl &url, const LinkFacts &facts, bool keepData);

Q_SIGNALS:
    void downloadsAdded(const QList<DownloadId> &ids);
    void capacityReserved(qsizetype total);
    void downloadsChanged(const QList<DownloadId> &ids);   // batched, at most every kBatchIntervalMs
    // One pair per remove() or removeAndDelete() call, with the ids in list order. During the
    // first the downloads are still listed (cancelled, no longer counted by countIn()); after
    // the second they are gone.
    void downloadsAboutToBeRemoved(const QList<DownloadId> &ids);
    void downloadsRemoved(const QList<DownloadId> &ids);
    void downloadFinished(DownloadId id);                   // reached Completed, Failed or Cancelled
    void allFinished();                                     // nothing left that makes progress by itself
    void shutdownComplete();
    void fileDeleted(const QString &path, const Result<void> &result);

private:
    void command(DownloadId id, void (Download::*command)());
    void commandAll(void (Download::*command)())
    {
        // Over a copy: a command may finish a download, and listeners may remove it.
        for (const DownloadId id : QList<DownloadId>(m_order))
            this->command(id, command);
    }
    DownloadContext downloadContext();
    // Lists it: indexes, queue (at place, else last), signals.
    void adopt(Download *download, std::optional<qint64> place = {});
    void onStateChanged(DownloadId id, DownloadState from, DownloadState to);
    void markChanged(DownloadId id);
    void schedule();
    void requestSchedule();
    void followSchedule();  // the limit in force now, and a scheduling pass
    void flushChanges();
    void tick();
    void updateTicking();  // the tick timer runs while some download is active
    void removeBatch(const QList<DownloadId> &ids, bool deleteFiles);
    Download *find(DownloadId id) const { return m_downloads.value(id, nullptr); }

    NetworkPool *m_network = nullptr;
    QThreadPool *m_diskPool = nullptr;
    DownloadSettings m_settings;
    RateLimiter m_overallLimit{m_settings.maxOverallBytesPerSecond};  // shared by every transfer
    std::unique_ptr<WriteBudget> m_budget;
    ConnectionBudget m_connections;  // extra connections of segmented downloads, per origin
    std::shared_ptr<SyncGroup> m_syncGroup;  // outlives the manager in pool work still queued
    DownloadId m_nextId = 1;
    QList<DownloadId> m_order;
    QHash<DownloadId, Download *> m_downloads;  // owned, without a QObject parent (see add())
    DownloadQueue m_queue;
    QueueSchedule m_schedule;
    DownloadTally m_tally;
    UrlIndex m_urls;
    QSet<DownloadId> m_dirty;
    QTimer m_batchTimer;
    QTimer m_tickTimer;
    TotalSpeed m_totalSpeed;
    bool m_scheduleQueued = false;
    bool m_shuttingDown = false;
    DeferredDelete m_deferred;  // frees removed downloads and old indexes a piece per turn
    int m_waitingForStop = 0;
    int m_budgetListener = 0;
    std::shared_ptr<GuardedReceiver> m_diskReplies;  // file deletions report back through it
    std::unique_ptr<ChecksumFeed> m_checksums;  // listed checksum files and the batches they verify
    std::unique_ptr<LinkChanges> m_links;
};
