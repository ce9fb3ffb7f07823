#pragma once

#include "engine/downloadsnapshot.h"

#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

class DownloadManager;
class DownloadStore;

// Keeps a DownloadStore in step with a DownloadManager: what was added or changed is saved with
// the next save, at most one every kSaveIntervalMs (the manager's batches already coalesce
// progress; durable ranges reach it only after an fsync), removals with it. At start it lists
// again what the store loaded, a slice per turn of the event loop, so a long list never freezes
// the window. GUI thread.
class StoreSync final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreSync)

public:
    static constexpr int kSaveIntervalMs = 500;
    static constexpr qsizetype kMaxSnapshotsPerSave = 20'000;  // one turn's worth of snapshots
    static constexpr int kSliceBudgetMs = 15;

    StoreSync(DownloadManager *manager, DownloadStore *store, QObject *parent = nullptr);

    // Opens the store and lists its downloads after any already listed (see
    // DownloadManager::restore for resume); restored() once all of them are.
    void restore(bool resume);
    bool isRestoring() const { return m_restoring; }
    // Lists nothing more (the rest stays in the store as it was); restored() is not emitted.
    void stopRestoring();
    // Deletes these records from the store with the next save, in the same transaction as the
    // snapshots it writes (for records that downloads listed anew replace).
    void forget(const QList<DownloadId> &ids);
    // Saves everything not saved yet, now; flushed() once the store has committed it.
    void flush();

Q_SIGNALS:
    void restored(int count);
    void flushed();

private:
    void onFirstLoaded(const QList<DownloadSnapshot> &snapshots);
    void onLoaded(const QList<DownloadSnapshot> &snapshots);
    void restoreSlice();
    void markDirty(const QList<DownloadId> &ids);
    void save();

    DownloadManager *m_manager;
    DownloadStore *m_store;
    QSet<DownloadId> m_dirty;
    QList<DownloadId> m_removed;
    QTimer m_saveTimer;
    // Restoring: what the store loaded, and how far the listing got.
    QList<DownloadSnapshot> m_loaded;
    qsizetype m_next = 0;
    qsizetype m_slice = 500;  // the first rows appear at once; later slices fit kSliceBudgetMs
    bool m_resume = true;
    bool m_restoring = false;
    bool m_listing = false;   // inside manager->restore(): what it adds is in the store already
};
