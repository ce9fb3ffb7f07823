#include "store/storesync.h"

#include "engine/downloadmanager.h"
#include "store/downloadstore.h"

#include <QElapsedTimer>

#include <algorithm>

StoreSync::StoreSync(DownloadManager *manager, DownloadStore *store, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_store(store)
{
    m_saveTimer.setSingleShot(true);
    connect(&m_saveTimer, &QTimer::timeout, this, &StoreSync::save);
    connect(manager, &DownloadManager::downloadsAdded, this, [this](const QList<DownloadId> &ids) {
        if (!m_listing)
            markDirty(ids);
    });
    connect(manager, &DownloadManager::downloadsChanged, this, &StoreSync::markDirty);
    connect(manager, &DownloadManager::downloadsAboutToBeRemoved, this, [this](const QList<DownloadId> &ids) {
        for (DownloadId id : ids)
            m_dirty.remove(id);
        m_removed += ids;
        if (!m_saveTimer.isActive())
            m_saveTimer.start(kSaveIntervalMs);
    });
    connect(store, &DownloadStore::firstLoaded, this, &StoreSync::onFirstLoaded);
    connect(store, &DownloadStore::loaded, this, &StoreSync::onLoaded);
    connect(store, &DownloadStore::flushed, this, &StoreSync::flushed);
}

void StoreSync::restore(bool resume)
{
    m_resume = resume;
    m_next = 0;
    m_restoring = true;
    m_store->open();
}

void StoreSync::onFirstLoaded(const QList<DownloadSnapshot> &snapshots)
{
    if (!m_restoring || m_next > 0)
        return;
    // On screen while the store reads the rest.
    m_listing = true;
    m_manager->restore(snapshots, m_resume);
    m_listing = false;
    m_next = snapshots.size();
}

void StoreSync::onLoaded(const QList<DownloadSnapshot> &snapshots)
{
    if (!m_restoring)
        return;
    m_loaded = snapshots;  // m_next: how many of them onFirstLoaded listed already
    m_manager->reserve(m_manager->count() + m_loaded.size() - m_next);
    restoreSlice();
}

void StoreSync::stopRestoring()
{
    m_restoring = false;
    m_loaded.clear();
}

void StoreSync::restoreSlice()
{
    if (!m_restoring)
        return;
    const qsizetype count = std::min(m_slice, m_loaded.size() - m_next);
    QElapsedTimer clock;
    clock.start();
    m_listing = true;
    m_manager->restore(m_loaded.mid(m_next, count), m_resume);
    m_listing = false;
    m_next += count;
    if (m_next < m_loaded.size()) {
        // Sized from what this slice cost, so a slow machine still keeps its turns short; a zero
        // timer lets paint events and input run between slices.
        const qint64 spentMs = std::max<qint64>(1, clock.elapsed());
        m_slice = std::clamp<qsizetype>(count * kSliceBudgetMs / spentMs, 100, 20'000);
        QTimer::singleShot(0, this, &StoreSync::restoreSlice);
        return;
    }
    const int total = int(m_loaded.size());
    m_loaded.clear();
    m_restoring = false;
    Q_EMIT restored(total);
}

void StoreSync::markDirty(const QList<DownloadId> &ids)
{
    for (DownloadId id : ids)
        m_dirty.insert(id);
    if (!m_saveTimer.isActive())
        m_saveTimer.start(kSaveIntervalMs);
}

void StoreSync::forget(const QList<DownloadId> &ids)
{
    if (ids.isEmpty())
        return;
    m_removed += ids;
    if (!m_saveTimer.isActive())
        m_saveTimer.start(kSaveIntervalMs);
}

void StoreSync::save()
{
    if (m_dirty.isEmpty() && m_removed.isEmpty())
        return;
    // Ids follow the list order: saving them sorted keeps the store's rows in the same order.
    QList<DownloadId> ids(m_dirty.cbegin(), m_dirty.cend());
    std::sort(ids.begin(), ids.end());
    if (ids.size() > kMaxSnapshotsPerSave)
        ids.resize(kMaxSnapshotsPerSave);
    for (DownloadId id : std::as_const(ids))
        m_dirty.remove(id);
    m_store->save(m_manager->snapshots(ids), std::exchange(m_removed, {}));
    if (!m_dirty.isEmpty())
        m_saveTimer.start(0);
}

void StoreSync::flush()
{
    m_saveTimer.stop();
    while (!m_dirty.isEmpty() || !m_removed.isEmpty())
        save();
    m_saveTimer.stop();
    m_store->flush();
}
