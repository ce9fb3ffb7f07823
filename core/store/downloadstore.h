#pragma once

#include "engine/downloadsnapshot.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QThread>

class StoreWorker;

// Keeps the download list in an SQLite database without the GUI thread ever waiting for the
// disk: the façade the GUI thread talks to. It owns the store's thread and the StoreWorker living
// there, which does every read and write; results come back as queued signals. GUI thread.
class DownloadStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DownloadStore)

public:
    // Starts the store thread. The database and its folder (mode 0700) are made there, on first
    // use: open() or the first save().
    explicit DownloadStore(QString databasePath, QObject *parent = nullptr);
    // Commits everything saved so far, then stops the thread: blocks until the last transaction
    // is on disk (each commit is fsynced), or until SQLite gives up on it.
    ~DownloadStore() override;

    // Opens (creating, migrating, or replacing a bad file as needed), reads every download,
    // checks the unfinished ones against their .part files, then emits loaded() in position
    // order. Whatever save() was given before is written first, so it is part of the list.
    void open();

    // Upserts the snapshots by id and deletes the removed ids, all in one transaction. Calls that
    // queue up while the store thread is busy go together in one transaction: a later snapshot
    // of an id wins, a removal after a save deletes. When a commit fails (disk full), the batch
    // is kept and tried again with the next save() or flush().
    void save(QList<DownloadSnapshot> snapshots, QList<DownloadId> removed = {});

    // flushed() once everything saved before this call is committed. While commits fail (disk
    // full), it comes with the first retry that succeeds.
    void flush();

    // Write transactions committed so far; any thread.
    qint64 transactionCount() const;
    QString databasePath() const { return m_path; }

Q_SIGNALS:
    // The first rows of a long list (StoreWorker::kFirstRows) while the rest is still read;
    // loaded() follows with the whole list, these included.
    void firstLoaded(const QList<DownloadSnapshot> &snapshots);
    void loaded(const QList<DownloadSnapshot> &snapshots);
    // A sentence for a person, once per bad state: a file moved aside, a list that cannot be
    // kept, a full disk, permissions tightened.
    void problem(const QString &message);
    void flushed();

private:
    const QString m_path;
    QThread m_thread;
    StoreWorker *m_worker;  // lives in m_thread; deleted once that has stopped
};
