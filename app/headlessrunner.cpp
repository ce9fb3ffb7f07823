#include "headlessrunner.h"

#include "base/shownurl.h"
#include "engine/downloadmanager.h"
#include "resumefolder.h"
#include "resumeplan.h"
#include "store/downloadstore.h"
#include "store/storesync.h"

#include <QFileInfo>
#include <QSet>

#include <algorithm>
#include <cstdio>

namespace {

// The report is TAB-separated: fields must not contain tabs or line breaks.
QString field(QString text)
{
    for (QChar &c : text) {
        if (c == u'\t' || c == u'\n' || c == u'\r' || !c.isPrint())
            c = u' ';
    }
    return text;
}

QString reportStatus(DownloadState state)
{
    switch (state) {
    case DownloadState::Completed: return QStringLiteral("ok");
    case DownloadState::Failed: return QStringLiteral("failed");
    case DownloadState::Cancelled: return QStringLiteral("cancelled");
    default: return QStringLiteral("interrupted");
    }
}

QString reportLine(const Download &d)
{
    const bool ok = d.state() == DownloadState::Completed;
    const QString path = d.filePath().isEmpty() ? QStringLiteral("-") : d.filePath();
    // For a completed download the last column carries its note, e.g. that it was skipped.
    QString error = ok ? d.note() : d.error().message;
    if (!ok && error.isEmpty())
        error = d.note().isEmpty() ? DownloadStates::name(d.state()) : d.note();
    return QStringLiteral("%1\t%2\t%3\t%4\t%5\t%6\n")
        .arg(reportStatus(d.state()))
        .arg(d.bytesReceived())
        .arg(QString::number(double(d.elapsedMs()) / 1000.0, 'f', 2))
        .arg(field(path), field(ShownUrl::of(d.url(), QUrl::FullyEncoded)), field(ShownUrl::redacted(error)));
}

} // namespace

HeadlessRunner::HeadlessRunner(DownloadManager *manager, HeadlessOptions options, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_options(std::move(options))
    , m_view(m_options.quiet)
{
    m_redrawTimer.setInterval(DownloadManager::kBatchIntervalMs);
    connect(&m_redrawTimer, &QTimer::timeout, this, [this] { m_view.redraw(*m_manager); });
    connect(m_manager, &DownloadManager::downloadFinished, this, [this](DownloadId id) {
        if (const Download *download = m_manager->download(id))
            m_view.finished(*download);
    });
    connect(m_manager, &DownloadManager::allFinished, this, [this] {
        if (!isDaemon())
            finish();
    });
    connect(m_manager, &DownloadManager::shutdownComplete, this, [this] {
        m_view.clear();
        const int reported = printReport();
        persistThenExit(m_stopRequested ? reported : Interrupted);
    });
}

HeadlessRunner::~HeadlessRunner()
{
    // The sync talks to the folder's store: it goes first.
    m_sync.reset();
    m_folder.reset();
}

void HeadlessRunner::start()
{
    for (const QString &note : std::as_const(m_options.notes))
        m_view.message(note);
    for (const auto &item : std::as_const(m_options.items)) {
        if (!item.entry)
            m_view.message(QStringLiteral("skipped: %1 (%2)").arg(item.rejected.text, item.rejected.reason));
        else
            m_entries.append(*item.entry);
    }
    if (m_entries.isEmpty() && !isDaemon()) {
        m_ids.fill(0, m_options.items.size());
        m_started = true;
        QMetaObject::invokeMethod(this, &HeadlessRunner::finish, Qt::QueuedConnection);
        return;
    }
    Result<std::unique_ptr<ResumeFolder>> folder = ResumeFolder::open(m_options.settings.folder);
    if (!folder) {
        m_view.problem(folder.problem());
        m_finishing = true;
        QMetaObject::invokeMethod(this, [this] { Q_EMIT done(UsageError); }, Qt::QueuedConnection);
        return;
    }
    m_folder = std::move(folder).value();
    DownloadStore *store = m_folder->store();
    // Said once, in words: a database moved aside, a disk too full to keep the list.
    connect(store, &DownloadStore::problem, this, [this](const QString &message) { m_view.problem(message); });
    connect(store, &DownloadStore::loaded, this, &HeadlessRunner::onRecordsLoaded, Qt::SingleShotConnection);
    store->open();
}

void HeadlessRunner::onRecordsLoaded(const QList<DownloadSnapshot> &records)
{
    if (m_finishing)
        return;  // interrupted before anything was listed: the store is unchanged
    const ResumePlan plan = ResumePlan::make(m_entries, records, m_options.settings.folder, m_options.resume,
                                             [](const QString &path, qint64 size) {
                                                 const QFileInfo file(path);
                                                 return file.isFile() && file.size() == size;
                                             });
    m_othersUnfinished = plan.othersUnfinished;
    m_sync = std::make_unique<StoreSync>(m_manager, m_folder->store());
    // The records the new downloads replace go with the first save, in the same transaction as
    // their successors: a crash in between leaves the old records, never neither.
    m_sync->forget(plan.forgotten);
    if (isDaemon() && !plan.others.isEmpty()) {
        // First, with their own ids, so their GIDs stay: the manager lists ids in ascending order
        // and skips one below an id it has already given.
        QList<DownloadSnapshot> others = plan.others;
        std::sort(others.begin(), others.end(), [](const auto &a, const auto &b) { return a.id < b.id; });
        m_manager->restore(others, m_options.resume);
    }
    m_manager->reserveIdsThrough(plan.highestId);
    list(plan);
    m_started = true;
    if (m_view.isTerminal())
        m_redrawTimer.start();
    Q_EMIT listed();
}

void HeadlessRunner::list(const ResumePlan &plan)
{
    // Runs of adds and of restores each go to the manager in one call (thousands of URLs), in
    // input order so the ids, and with them the list, follow the input.
    QList<DownloadId> ids;
    ids.reserve(plan.steps.size());
    QList<UrlEntry> adds;
    QList<DownloadSnapshot> restores;
    const auto flush = [&] {
        if (!adds.isEmpty())
            ids += m_manager->add(std::exchange(adds, {}));
        if (!restores.isEmpty())
            ids += m_manager->restore(std::exchange(restores, {}), true, false);  // input order rules
    };
    for (const ResumePlan::Step &step : plan.steps) {
        if (step.kind == ResumePlan::Step::Kind::Add) {
            if (!restores.isEmpty())
                flush();
            adds.append(step.entry);
        } else {
            if (!adds.isEmpty())
                flush();
            restores.append(step.snapshot);
        }
    }
    flush();
    qsizetype next = 0;
    for (const auto &item : std::as_const(m_options.items))
        m_ids.append(item.entry ? ids.value(next++) : DownloadId(0));
    // Everything may be done already: completed files restored as history.
    if (!isDaemon() && m_manager->count() > 0 && m_manager->isIdle())
        QMetaObject::invokeMethod(this, &HeadlessRunner::finish, Qt::QueuedConnection);
}

void HeadlessRunner::interrupt()
{
    if (m_finishing)
        return;
    m_finishing = true;
    m_redrawTimer.stop();
    if (!m_started) {
        // Nothing listed yet: nothing to stop, and the store keeps what it had.
        m_view.clear();
        persistThenExit(Interrupted);
        return;
    }
    m_view.message(QStringLiteral("Interrupted: stopping and saving partial files (Ctrl-C again to quit at once)"));
    m_manager->shutdown();
}

void HeadlessRunner::stop()
{
    if (m_finishing)
        return;
    m_stopRequested = true;
    m_finishing = true;
    m_redrawTimer.stop();
    if (!m_started) {
        m_view.clear();
        persistThenExit(Interrupted);  // nothing listed, nothing to report
        return;
    }
    m_manager->shutdown();
}

void HeadlessRunner::finish()
{
    if (m_finishing)
        return;
    m_finishing = true;
    m_redrawTimer.stop();
    m_view.clear();
    persistThenExit(printReport());
}

void HeadlessRunner::persistThenExit(int exitCode)
{
    if (!m_folder) {
        Q_EMIT done(exitCode);
        return;
    }
    if (exitCode == AllSucceeded && !m_othersUnfinished) {
        // Every file is complete: nothing for a later run to continue.
        m_sync.reset();
        m_folder->discard();
        Q_EMIT done(exitCode);
        return;
    }
    if (!m_sync) {
        Q_EMIT done(exitCode);
        return;
    }
    connect(m_sync.get(), &StoreSync::flushed, this, [this, exitCode] { Q_EMIT done(exitCode); },
            Qt::SingleShotConnection);
    m_sync->flush();
}

int HeadlessRunner::printReport() const
{
    bool allOk = true;
    QString report;
    for (qsizetype i = 0; i < m_options.items.size(); ++i) {
        const auto &item = m_options.items[i];
        const Download *d = m_ids[i] ? m_manager->download(m_ids[i]) : nullptr;
        if (!d) {
            allOk = false;
            report += QStringLiteral("rejected\t0\t0.00\t-\t%1\t%2\n").arg(field(item.rejected.text), field(item.rejected.reason));
            continue;
        }
        allOk = allOk && d->state() == DownloadState::Completed;
        report += reportLine(*d);
    }
    // A daemon's downloads that came over JSON-RPC or from the store, after the input's.
    const QSet<DownloadId> reported(m_ids.cbegin(), m_ids.cend());
    for (const DownloadId id : isDaemon() ? m_manager->ids() : QList<DownloadId>()) {
        const Download *d = reported.contains(id) ? nullptr : m_manager->download(id);
        if (!d)
            continue;
        const bool ok = d->state() == DownloadState::Completed;
        allOk = allOk && ok;
        report += reportLine(*d);
    }
    const QByteArray bytes = report.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
    return allOk ? AllSucceeded : SomeFailed;
}
