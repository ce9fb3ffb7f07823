#pragma once

#include "engine/downloadsnapshot.h"
#include "store/savebatch.h"

#include <QList>
#include <QMutex>
#include <QObject>
#include <QString>

#include <atomic>

class QSqlDatabase;
class QSqlError;

// Owns the store's SQLite connection and does every read and write of it. Lives in the store's
// QThread (a connection may only be used by the thread that made it, so it is made here, on first
// use); DownloadStore hands it work. enqueue() and transactionCount() may be called from any
// thread, everything else runs in the store thread.
class StoreWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreWorker)

public:
    static constexpr qsizetype kFirstRows = 500;  // a screenful and more

    explicit StoreWorker(QString databasePath, QObject *parent = nullptr);
    ~StoreWorker() override;

    // Any thread: queues a save for the store thread. Saves queued before the store thread gets
    // to them are written in one transaction.
    void enqueue(QList<DownloadSnapshot> snapshots, QList<DownloadId> removed);
    // Any thread: write transactions committed so far.
    qint64 transactionCount() const { return m_transactions.load(std::memory_order_relaxed); }

    // Store thread. Opens the database if needed, writes what is queued, reads every download,
    // checks the unfinished ones' .part files and emits loaded().
    void load();
    // Store thread. Writes what is queued; flushed() once all of it is committed (after a failed
    // commit, when a later one succeeds).
    void flush();
    // Store thread, last call: writes what is queued and closes the connection.
    void shutdown();

Q_SIGNALS:
    // The first kFirstRows of a long list, as soon as they are read: a window shows them while
    // the rest is read. loaded() still carries the whole list.
    void firstLoaded(const QList<DownloadSnapshot> &snapshots);
    void loaded(const QList<DownloadSnapshot> &snapshots);
    void problem(const QString &message);
    void flushed();

private:
    void drain();
    void ensureOpen();
    QSqlError write(const SaveBatch &batch);
    QList<DownloadSnapshot> readAll();

    const QString m_path;
    const QString m_connection;  // unique per worker: QSqlDatabase names are process-wide
    bool m_opened = false;
    SaveBatch m_pending;               // taken from the inbox, not yet committed
    int m_flushesWaiting = 0;          // flush() calls to answer once m_pending is committed
    bool m_writeFailureReported = false;  // one problem() per run of failed commits
    std::atomic<qint64> m_transactions{0};

    QMutex m_inboxMutex;  // guards the two below: any thread adds, the store thread takes
    QList<SaveBatch::Call> m_inbox;
    bool m_drainPosted = false;
};
