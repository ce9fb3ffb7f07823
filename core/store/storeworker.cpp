#include "store/storeworker.h"

#include "store/databaseopener.h"
#include "store/partcheck.h"
#include "store/snapshotcodec.h"
#include "store/sqlitecode.h"

#include <QMutexLocker>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <utility>

using namespace Qt::StringLiterals;

namespace {

std::atomic<int> nextConnection{0};

} // namespace

StoreWorker::StoreWorker(QString databasePath, QObject *parent)
    : QObject(parent)
    , m_path(std::move(databasePath))
    , m_connection(u"gather-store-"_s + QString::number(nextConnection.fetch_add(1)))
{
}

// shutdown(), in the store thread, has closed the connection by now.
StoreWorker::~StoreWorker() = default;

void StoreWorker::enqueue(QList<DownloadSnapshot> snapshots, QList<DownloadId> removed)
{
    bool post = false;
    {
        QMutexLocker lock(&m_inboxMutex);
        m_inbox.append(SaveBatch::Call{std::move(snapshots), std::move(removed)});
        post = !std::exchange(m_drainPosted, true);
    }
    // One wake-up for however many calls arrive before the store thread gets to it.
    if (post)
        QMetaObject::invokeMethod(this, &StoreWorker::drain, Qt::QueuedConnection);
}

void StoreWorker::load()
{
    ensureOpen();
    drain();
    Q_EMIT loaded(readAll());
}

void StoreWorker::flush()
{
    ++m_flushesWaiting;
    drain();
}

void StoreWorker::shutdown()
{
    drain();
    // Closing the last connection checkpoints the WAL into the database and deletes it.
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

void StoreWorker::drain()
{
    QList<SaveBatch::Call> calls;
    {
        QMutexLocker lock(&m_inboxMutex);
        calls.swap(m_inbox);
        m_drainPosted = false;
    }
    for (SaveBatch::Call &call : calls)
        m_pending.add(std::move(call));

    if (!m_pending.isEmpty()) {
        ensureOpen();
        const QSqlError error = write(m_pending);
        if (error.type() == QSqlError::NoError) {
            m_pending.clear();
            m_writeFailureReported = false;
        } else if (!std::exchange(m_writeFailureReported, true)) {
            // The batch stays pending and goes again with the next save() or flush(), so
            // nothing is lost once there is room again.
            Q_EMIT problem(SqliteCode::primary(error) == SqliteCode::kFull
                               ? QStringLiteral("The download list could not be saved: disk full. Gather tries "
                                                "again with the next change.")
                               : QStringLiteral("The download list could not be saved: %1. Gather tries again "
                                                "with the next change.").arg(SqliteCode::words(error)));
        }
    }
    if (m_pending.isEmpty()) {
        for (; m_flushesWaiting > 0; --m_flushesWaiting)
            Q_EMIT flushed();
    }
}

void StoreWorker::ensureOpen()
{
    if (std::exchange(m_opened, true))
        return;
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
    const DatabaseOpener::Outcome outcome = DatabaseOpener::open(db, m_path);
    for (const QString &message : outcome.problems)
        Q_EMIT problem(message);
}

// One transaction for the whole batch, whatever its size: BEGIN IMMEDIATE takes the write lock
// up front, so the transaction never fails halfway for want of it.
QSqlError StoreWorker::write(const SaveBatch &batch)
{
    const QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery control(db);
    if (!control.exec(u"BEGIN IMMEDIATE"_s))
        return control.lastError();
    const auto abandon = [&control](QSqlQuery &failed) {
        const QSqlError error = failed.lastError();
        failed.finish();
        // SQLite may have rolled back already (SQLITE_FULL can); then this fails harmlessly.
        control.exec(u"ROLLBACK"_s);
        return error;
    };

    if (!batch.removed().isEmpty()) {
        QSqlQuery remove(db);
        if (!remove.prepare(u"DELETE FROM downloads WHERE id = ?"_s))
            return abandon(remove);
        for (DownloadId id : batch.removed()) {
            remove.bindValue(0, static_cast<qint64>(id));
            if (!remove.exec())
                return abandon(remove);
        }
    }
    if (!batch.upserts().isEmpty()) {
        QSqlQuery upsert(db);
        if (!upsert.prepare(SnapshotCodec::upsertSql()))
            return abandon(upsert);
        for (const DownloadSnapshot &snapshot : batch.upserts()) {
            SnapshotCodec::bind(upsert, snapshot);
            if (!upsert.exec())
                return abandon(upsert);
        }
    }
    if (!control.exec(u"COMMIT"_s))
        return abandon(control);
    m_transactions.fetch_add(1, std::memory_order_relaxed);
    return {};
}

QList<DownloadSnapshot> StoreWorker::readAll()
{
    QList<DownloadSnapshot> snapshots;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.setForwardOnly(true);
    if (query.exec(SnapshotCodec::selectSql())) {
        while (query.next()) {
            DownloadSnapshot snapshot = SnapshotCodec::read(query);
            PartCheck::reconcile(snapshot);
            snapshots.append(std::move(snapshot));
            if (snapshots.size() == kFirstRows)
                Q_EMIT firstLoaded(snapshots);
        }
    }
    if (query.lastError().type() != QSqlError::NoError) {
        Q_EMIT problem(QStringLiteral("The download list could not be read completely: %1.")
                           .arg(SqliteCode::words(query.lastError())));
    }
    return snapshots;
}
