#include "downloadmanager.h"

#include "guardedreceiver.h"
#include "linkscanner.h"
#include "networkpool.h"

#include <QDir>
#include <QThreadPool>

DownloadManager::DownloadManager(NetworkPool *network, QThreadPool *diskPool, DownloadSettings settings,
                                 QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_diskPool(diskPool)
    , m_settings(std::move(settings))
    , m_diskReplies(std::make_shared<GuardedReceiver>(this))
{
    m_settings.maxConcurrent = std::max(1, m_settings.maxConcurrent);
    m_settings.maxPerHost = std::clamp(m_settings.maxPerHost, 1, DownloadSettings::kMaxPerHostLimit);
    m_settings.folder = absoluteFolder(m_settings.folder);
    m_batchTimer.setSingleShot(true);
    m_batchTimer.setInterval(kBatchIntervalMs);
    connect(&m_batchTimer, &QTimer::timeout, this, &DownloadManager::flushChanges);
    m_tickTimer.setInterval(kBatchIntervalMs);
    connect(&m_tickTimer, &QTimer::timeout, this, &DownloadManager::tick);
    m_budgetListener = m_budget.addRoomListener([this] { requestSchedule(); });
}

DownloadManager::~DownloadManager()
{
    m_diskReplies->detach();
    m_budget.removeRoomListener(m_budgetListener);
    // Downloads (also removed ones awaiting deleteLater) go before the members they use, such as
    // the write budget, and without calling back.
    const QList<Download *> downloads = findChildren<Download *>(Qt::FindDirectChildrenOnly);
    for (Download *download : downloads) {
        download->disconnect(this);
        delete download;
    }
}

QString DownloadManager::absoluteFolder(const QString &folder)
{
    return QDir::cleanPath(QDir(folder.isEmpty() ? QDir::currentPath() : folder).absolutePath());
}

void DownloadManager::setSettings(const DownloadSettings &settings)
{
    m_settings = settings;
    m_settings.maxConcurrent = std::max(1, m_settings.maxConcurrent);
    m_settings.maxPerHost = std::clamp(m_settings.maxPerHost, 1, DownloadSettings::kMaxPerHostLimit);
    m_settings.folder = absoluteFolder(m_settings.folder);
    requestSchedule();
}

qint64 DownloadManager::totalBytesPerSecond() const
{
    qint64 total = 0;
    for (DownloadId id : m_activeIds) {
        if (const Download *download = find(id))
            total += download->bytesPerSecond();
    }
    return total;
}

DownloadId DownloadManager::findByUrl(const QUrl &url) const
{
    // Ids grow in input order: the smallest is the first one added.
    DownloadId first = 0;
    const QString key = LinkScanner::duplicateKey(url);
    for (auto it = m_byUrlKey.constFind(key); it != m_byUrlKey.cend() && it.key() == key; ++it)
        first = first == 0 ? it.value() : std::min(first, it.value());
    return first;
}

void DownloadManager::reserve(qsizetype total)
{
    if (total <= m_downloads.capacity())
        return;
    m_order.reserve(total);
    m_downloads.reserve(total);
    m_sequence.reserve(total);
    m_byUrlKey.reserve(total);
    Q_EMIT capacityReserved(total);
}

DownloadId DownloadManager::add(const UrlEntry &entry)
{
    const QList<DownloadId> ids = add(QList<UrlEntry>{entry});
    return ids.isEmpty() ? 0 : ids.first();
}

QList<DownloadId> DownloadManager::add(const QList<UrlEntry> &entries)
{
    QList<DownloadId> added;
    added.reserve(entries.size());
    m_order.reserve(m_order.size() + entries.size());
    const DownloadContext context{m_network, m_diskPool, &m_budget, &m_settings};
    for (const UrlEntry &entry : entries) {
        const DownloadId id = m_nextId++;
        // The folder is fixed when the download is added, so a later change of the default
        // folder never moves or renames what is already in the list.
        UrlEntry fixed = entry;
        fixed.dir = entry.dir.isEmpty() ? m_settings.folder
                                        : QDir::cleanPath(QDir(m_settings.folder).absoluteFilePath(entry.dir));
        m_byUrlKey.insert(LinkScanner::duplicateKey(fixed.url), id);
        auto *download = new Download(id, std::move(fixed), context, this);
        connect(download, &Download::changed, this, &DownloadManager::markChanged);
        connect(download, &Download::stateChanged, this, &DownloadManager::onStateChanged);
        m_downloads.insert(id, download);
        m_sequence.insert(id, m_nextSequence++);
        m_order.append(id);
        enqueue(download);
        ++m_pendingCount;
        ++m_stateCounts[size_t(DownloadState::Queued)];
        added.append(id);
    }
    if (!added.isEmpty()) {
        Q_EMIT downloadsAdded(added);
        requestSchedule();
    }
    return added;
}

Download *DownloadManager::find(DownloadId id) const
{
    return m_downloads.value(id, nullptr);
}

const Download *DownloadManager::download(DownloadId id) const
{
    return find(id);
}

void DownloadManager::enqueue(Download *download)
{
    m_queues[download->originKey()].emplace(m_sequence.value(download->id()), download->id());
}

void DownloadManager::dequeue(Download *download)
{
    const QString origin = download->originKey();
    auto it = m_queues.find(origin);
    if (it == m_queues.end())
        return;
    it->erase(m_sequence.value(download->id()));
    if (it->empty())
        m_queues.erase(it);
}

void DownloadManager::onStateChanged(DownloadId id, DownloadState from, DownloadState to)
{
    Download *download = find(id);
    if (!download)
        return;
    --m_stateCounts[size_t(from)];
    ++m_stateCounts[size_t(to)];
    if (from == DownloadState::Queued)
        dequeue(download);
    if (to == DownloadState::Queued)
        enqueue(download);

    const bool wasActive = DownloadStates::isActive(from);
    const bool isActive = DownloadStates::isActive(to);
    if (wasActive != isActive) {
        const QString origin = download->originKey();
        const int delta = isActive ? 1 : -1;
        int &perOrigin = m_activePerOrigin[origin];
        perOrigin += delta;
        if (perOrigin <= 0)
            m_activePerOrigin.remove(origin);
        if (isActive)
            m_activeIds.insert(id);
        else
            m_activeIds.remove(id);
        if (!m_activeIds.isEmpty() && !m_tickTimer.isActive())
            m_tickTimer.start();
        else if (m_activeIds.isEmpty())
            m_tickTimer.stop();
    }
    m_pendingCount += int(DownloadStates::isPending(to)) - int(DownloadStates::isPending(from));

    if (DownloadStates::isFinal(to))
        Q_EMIT downloadFinished(id);
    if (wasActive || to == DownloadState::Queued)
        requestSchedule();
    if (m_pendingCount == 0 && !DownloadStates::isPending(to) && !m_shuttingDown) {
        flushChanges();
        Q_EMIT allFinished();
    }
}

void DownloadManager::requestSchedule()
{
    if (m_scheduleQueued || m_shuttingDown)
        return;
    m_scheduleQueued = true;
    QMetaObject::invokeMethod(this, &DownloadManager::schedule, Qt::QueuedConnection);
}

void DownloadManager::schedule()
{
    m_scheduleQueued = false;
    // While the disk is behind (the write budget is full), starting more transfers would only
    // pile finished bodies up in memory; the budget's room listener schedules again.
    while (!m_shuttingDown && activeCount() < m_settings.maxConcurrent && m_budget.hasRoom()) {
        const std::map<qint64, DownloadId> *best = nullptr;
        for (auto it = m_queues.cbegin(); it != m_queues.cend(); ++it) {
            if (it->empty() || m_activePerOrigin.value(it.key()) >= m_settings.maxPerHost)
                continue;
            if (!best || it->begin()->first < best->begin()->first)
                best = &it.value();
        }
        if (!best)
            return;
        Download *download = find(best->begin()->second);
        // start() moves it out of Queued, which removes it from its queue (and may end `best`).
        download->start();
    }
}

void DownloadManager::markChanged(DownloadId id)
{
    m_dirty.insert(id);
    if (!m_batchTimer.isActive())
        m_batchTimer.start();
}

void DownloadManager::flushChanges()
{
    m_batchTimer.stop();
    if (m_dirty.isEmpty())
        return;
    QList<DownloadId> changed(m_dirty.cbegin(), m_dirty.cend());
    m_dirty.clear();
    Q_EMIT downloadsChanged(changed);
}

void DownloadManager::tick()
{
    const QList<DownloadId> active(m_activeIds.cbegin(), m_activeIds.cend());
    for (DownloadId id : active) {
        if (Download *download = find(id))
            download->tick();
    }
}

void DownloadManager::startNow(DownloadId id)
{
    Download *download = find(id);
    if (!download || m_shuttingDown)
        return;
    if (download->state() == DownloadState::Paused)
        download->resume();
    download->start();
}

void DownloadManager::pause(DownloadId id)
{
    if (Download *download = find(id))
        download->pause();
}

void DownloadManager::resume(DownloadId id)
{
    if (Download *download = find(id))
        download->resume();
}

void DownloadManager::cancel(DownloadId id)
{
    if (Download *download = find(id))
        download->cancel();
}

void DownloadManager::retry(DownloadId id)
{
    if (Download *download = find(id))
        download->retry();
}

void DownloadManager::remove(DownloadId id)
{
    Download *download = find(id);
    if (!download)
        return;
    download->cancel();
    Q_EMIT downloadAboutToBeRemoved(id);
    download->disconnect(this);
    dequeue(download);
    --m_stateCounts[size_t(download->state())];
    if (DownloadStates::isPending(download->state()))
        --m_pendingCount;
    m_byUrlKey.remove(LinkScanner::duplicateKey(download->url()), id);
    m_order.removeOne(id);
    m_downloads.remove(id);
    m_sequence.remove(id);
    m_dirty.remove(id);
    download->deleteLater();
    Q_EMIT downloadRemoved(id);
}

void DownloadManager::removeAndDelete(DownloadId id)
{
    Download *download = find(id);
    if (!download)
        return;
    download->deleteFile([this, replies = m_diskReplies](const QString &path, const QString &error) {
        replies->post([this, path, error] { Q_EMIT fileDeleted(path, error); });
    });
    remove(id);
}

void DownloadManager::shutdown()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    m_waitingForStop = 0;
    for (Download *download : std::as_const(m_downloads)) {
        if (DownloadStates::isFinal(download->state()))
            continue;
        ++m_waitingForStop;
        connect(download, &Download::stopped, this, [this] {
            if (--m_waitingForStop == 0) {
                flushChanges();
                Q_EMIT shutdownComplete();
            }
        }, Qt::SingleShotConnection);
        download->shutdown();
    }
    if (m_waitingForStop == 0)
        QMetaObject::invokeMethod(this, [this] { flushChanges(); Q_EMIT shutdownComplete(); }, Qt::QueuedConnection);
}
