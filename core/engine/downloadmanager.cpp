#include "engine/downloadmanager.h"

#include "base/guardedreceiver.h"
#include "disk/syncgroup.h"
#include "disk/writebudget.h"
#include "engine/downloadcommands.h"
#include "engine/linkchanges.h"
#include "net/networkpool.h"

#include <QThreadPool>

#include <algorithm>
#include <utility>

DownloadManager::DownloadManager(NetworkPool *network, QThreadPool *diskPool, DownloadSettings settings,
                                 QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_diskPool(diskPool)
    , m_settings(std::move(settings).normalized())
    , m_budget(std::make_unique<WriteBudget>())
    , m_syncGroup(std::make_shared<SyncGroup>())
    , m_diskReplies(std::make_shared<GuardedReceiver>(this))
    , m_checksums(std::make_unique<ChecksumFeed>(diskPool, this, [this](DownloadId id) { return find(id); }))
    , m_links(std::make_unique<LinkChanges>(this, network))
{
    m_checksums->setSettled([this] {
        if (isIdle() && !m_shuttingDown) {
            flushChanges();
            Q_EMIT allFinished();
        }
    });
    m_batchTimer.setSingleShot(true);
    m_batchTimer.setInterval(kBatchIntervalMs);
    connect(&m_batchTimer, &QTimer::timeout, this, &DownloadManager::flushChanges);
    m_tickTimer.setInterval(kBatchIntervalMs);
    connect(&m_tickTimer, &QTimer::timeout, this, &DownloadManager::tick);
    m_budgetListener = m_budget->addRoomListener([this] { requestSchedule(); });
    // An extra connection for a running download fits under the per-host limit, and never
    // before a queued download of that host that could start instead.
    m_connections.setPolicy([this](const QString &origin, int extras) {
        if (m_tally.activeIn(origin) + extras >= m_settings.maxPerHost)
            return false;
        return !m_queue.hasQueued(origin) || activeCount() >= m_settings.maxConcurrent || !m_schedule.startsAllowed();
    });
    m_connections.setReleased([this](const QString &) { requestSchedule(); });
    connect(&m_schedule, &QueueSchedule::changed, this, &DownloadManager::followSchedule);
    m_schedule.setWindows(m_settings.startWindow, m_settings.slowWindow);
    followSchedule();
    if (m_network) {
        m_network->cookies().replaceAll(m_settings.cookies);
        m_network->setProxy(m_settings.proxy);
    }
}

DownloadManager::~DownloadManager()
{
    m_links.reset();  // probes in flight go before the downloads they ask for
    m_diskReplies->detach();
    m_budget->removeRoomListener(m_budgetListener);
    // Downloads (also removed ones awaiting deletion in a bin) go before the members they use,
    // such as the write budget, and without calling back.
    for (Download *download : std::as_const(m_downloads)) {
        download->disconnect(this);
        delete download;
    }
    // Removed downloads still waiting to be freed go now, before the budget they use.
    m_deferred.runAll();
}

void DownloadManager::setSettings(const DownloadSettings &settings)
{
    // The session's cookies from servers survive a settings change that leaves the file alone.
    if (m_network && settings.cookies != m_settings.cookies)
        m_network->cookies().replaceAll(settings.cookies);
    m_settings = settings.normalized();
    if (m_network)
        m_network->setProxy(m_settings.proxy);  // requests sent from now on
    m_schedule.setWindows(m_settings.startWindow, m_settings.slowWindow);
    followSchedule();  // running transfers follow the limit at once
}

void DownloadManager::followSchedule()
{
    const qint64 rate = m_schedule.slowLimitApplies() ? m_settings.slowOverallBytesPerSecond
                                                      : m_settings.maxOverallBytesPerSecond;
    if (rate != m_overallLimit.rate())
        m_overallLimit.setRate(rate);
    requestSchedule();
}

qint64 DownloadManager::totalBytesPerSecond() const
{
    return m_totalSpeed.bytesPerSecond();
}

DownloadId DownloadManager::findByUrl(const QUrl &url) const
{
    return m_urls.first(url);
}

void DownloadManager::reserve(qsizetype total)
{
    if (total <= m_downloads.capacity())
        return;
    m_order.reserve(total);
    m_downloads.reserve(total);
    m_queue.reserve(total);
    m_urls.reserve(total);
    Q_EMIT capacityReserved(total);
}

QList<DownloadId> DownloadManager::add(const QList<UrlEntry> &entries)
{
    QList<DownloadId> added;
    added.reserve(entries.size());
    m_order.reserve(m_order.size() + entries.size());
    const DownloadContext context = downloadContext();
    for (const UrlEntry &entry : entries) {
        // The folder is fixed when the download is added, so a later change of the default
        // folder never moves or renames what is already in the list.
        UrlEntry fixed = entry;
        m_settings.categories.place(fixed, m_settings.folder);
        fixed.dir = fixed.folderIn(m_settings.folder);
        const DownloadId id = m_nextId++;
        adopt(new Download(id, std::move(fixed), context));
        added.append(id);
    }
    m_tally.addQueued(int(added.size()));
    // Checksum files listed among the links are fetched first, to verify the rest.
    if (const QList<DownloadId> sums = m_checksums->watch(added); !sums.isEmpty())
        m_queue.move(sums, QueueMove::Top, [this](DownloadId id) { return find(id)->originKey(); });
    if (!added.isEmpty()) {
        Q_EMIT downloadsAdded(added);
        requestSchedule();
    }
    return added;
}

QList<DownloadId> DownloadManager::restore(const QList<DownloadSnapshot> &snapshots, bool resume, bool keepPlaces)
{
    QList<DownloadId> restored;
    restored.reserve(snapshots.size());
    m_order.reserve(m_order.size() + snapshots.size());
    const DownloadContext context = downloadContext();
    for (const DownloadSnapshot &snapshot : snapshots) {
        // Ids give the list order (removal relies on it): a restored one must come after every
        // download already listed, and is never listed twice. Id 0 asks for the next one.
        const DownloadId id = snapshot.id == 0 ? m_nextId : snapshot.id;
        if (id < m_nextId)
            continue;
        DownloadSnapshot listed = snapshot;
        listed.id = id;
        auto *download = new Download(listed, context, resume);
        m_nextId = id + 1;
        adopt(download, keepPlaces ? std::optional<qint64>(snapshot.position) : std::nullopt);
        m_tally.add(download->state());
        restored.append(id);
    }
    if (!restored.isEmpty()) {
        Q_EMIT downloadsAdded(restored);
        requestSchedule();
    }
    return restored;
}

void DownloadManager::reserveIdsThrough(DownloadId id)
{
    m_nextId = std::max(m_nextId, id + 1);
}

DownloadContext DownloadManager::downloadContext()
{
    return DownloadContext{m_network, m_diskPool, m_budget.get(), &m_settings, &m_connections, m_syncGroup, &m_overallLimit};
}

void DownloadManager::adopt(Download *download, std::optional<qint64> place)
{
    // No QObject parent: deleting one of 100,000 children makes Qt search and shift the
    // parent's child list, so removing them all would take seconds.
    const DownloadId id = download->id();
    m_urls.insert(download->url(), id);
    connect(download, &Download::changed, this, &DownloadManager::markChanged);
    connect(download, &Download::stateChanged, this, &DownloadManager::onStateChanged);
    m_downloads.insert(id, download);
    m_order.append(id);
    m_queue.add(id, download->originKey(), download->state() == DownloadState::Queued, place);
}

QList<DownloadSnapshot> DownloadManager::snapshots(const QList<DownloadId> &ids) const
{
    QList<DownloadSnapshot> result;
    result.reserve(ids.size());
    for (DownloadId id : ids) {
        if (const Download *download = find(id)) {
            result.append(download->snapshot());
            result.last().position = m_queue.placeOf(id);
        }
    }
    return result;
}

void DownloadManager::onStateChanged(DownloadId id, DownloadState from, DownloadState to)
{
    Download *download = find(id);
    if (!download)
        return;
    const QString origin = download->originKey();
    m_tally.leave(id, origin, from, to);
    m_tally.enter(id, origin, from, to);
    if (!DownloadStates::isActive(from) && DownloadStates::isActive(to))
        m_totalSpeed.started(id, download->bytesArrived());
    else if (DownloadStates::isActive(from) && !DownloadStates::isActive(to))
        m_totalSpeed.stopped(id, download->bytesArrived());
    if (from == DownloadState::Queued)
        m_queue.pop(id, origin);
    if (to == DownloadState::Queued)
        m_queue.push(id, origin);
    updateTicking();

    if (DownloadStates::isFinal(to)) {
        m_checksums->finished(id);
        Q_EMIT downloadFinished(id);
    }
    if (DownloadStates::isActive(from) || to == DownloadState::Queued)
        requestSchedule();
    if (isIdle() && !DownloadStates::isPending(to) && !m_shuttingDown) {
        flushChanges();
        Q_EMIT allFinished();
    }
}

void DownloadManager::updateTicking()
{
    // Ticking goes on while anything is pending, not only while something is active: between
    // one short download and the next nothing may be active for a moment, and the total speed
    // must not start from nothing each time.
    if (m_tally.pendingCount() == 0) {
        m_tickTimer.stop();
        m_totalSpeed.idle();
    } else if (!m_tickTimer.isActive()) {
        m_tickTimer.start();
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
    if (!m_schedule.startsAllowed())
        return;  // outside the start window; the schedule says when it opens
    // While the disk is behind (the write budget is full), starting more transfers would only
    // pile finished bodies up in memory; the budget's room listener schedules again.
    while (!m_shuttingDown && activeCount() < m_settings.maxConcurrent && m_budget->hasRoom()) {
        const DownloadId next = m_queue.next([this](const QString &origin) {
            return m_tally.activeIn(origin) + m_connections.inUse(origin) < m_settings.maxPerHost;
        });
        if (next == 0)
            return;
        // start() moves it out of Queued, which takes it off the queue.
        find(next)->start();
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
    const QList<DownloadId> active(m_tally.activeIds().cbegin(), m_tally.activeIds().cend());
    qint64 gained = 0;
    for (DownloadId id : active) {
        if (Download *download = find(id)) {
            download->tick();
            gained += m_totalSpeed.gainedBy(id, download->bytesArrived());
        }
    }
    m_totalSpeed.sample(gained);
}

void DownloadManager::startNow(DownloadId id)
{
    Download *download = find(id);
    if (!download || m_shuttingDown || !DownloadCommands::allows(DownloadCommand::StartNow, download->state()))
        return;
    if (download->state() == DownloadState::Paused)
        download->resume();
    download->start();
}

void DownloadManager::setLink(DownloadId id, const QUrl &url, const LinkFacts &facts, bool keepData)
{
    Download *download = find(id);
    if (!download || DownloadStates::isActive(download->state()) || download->state() == DownloadState::Queued)
        return;  // the origin is part of the queue's and the tally's keys: it changes only at rest
    const QUrl before = download->url();
    download->changeLink(url, facts, keepData);
    if (download->url() != before) {
        m_urls.remove(before, id);
        m_urls.insert(download->url(), id);
    }
}

void DownloadManager::command(DownloadId id, void (Download::*command)())
{
    if (Download *download = find(id))
        (download->*command)();
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

QStringList DownloadManager::setProperties(const QList<DownloadId> &ids, const PropertyChanges &changes)
{
    QStringList refused;
    for (const DownloadId id : ids) {
        Download *download = find(id);
        if (!download)
            continue;
        const QString name = download->fileName().isEmpty() ? download->url().toDisplayString() : download->fileName();
        for (const QString &sentence : download->setProperties(changes))
            refused.append(name % QStringLiteral(": ") % sentence);
    }
    return refused;
}
