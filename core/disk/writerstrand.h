#pragma once

#include "base/byteranges.h"
#include "base/checksumspec.h"
#include "base/downloaderror.h"
#include "disk/partfile.h"
#include "disk/removedone.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QMutex>
#include <QString>
#include <deque>
#include <functional>
#include <memory>
#include <optional>

class QObject;
class SyncGroup;
class QThreadPool;

// The pool side of one FileWriter: a FIFO of disk operations run strictly in order by at most one
// task at a time on a shared QThreadPool, and the PartFile they act on. Pool tasks hold it by
// std::shared_ptr, so work queued before the FileWriter died still runs; results are posted to the
// receiver's thread only while it is attached.
class WriterStrand final : public std::enable_shared_from_this<WriterStrand>
{
    Q_DISABLE_COPY_MOVE(WriterStrand)

public:
    // One result, delivered in the receiver's thread in the order the operations ran.
    struct Event {
        enum class Kind { Opened, Skipped, Written, Truncated, Synced, Finished, Failed, Closed };
        Kind kind = Kind::Written;
        QList<ByteRange> written;  // Written: ranges now in the file
        qint64 released = 0;       // Written: queued bytes done with, written or dropped
        qint64 size = 0;           // Opened: bytes already in the file; Truncated: new size
        QString partPath;          // Opened
        QString finalPath;         // Opened, Finished; Skipped: the file that already exists
        DownloadError error;       // Failed
    };
    using Deliver = std::function<void(const Event &)>;

    // Without an fsync the durable ranges would only advance at close, so the strand syncs on
    // its own: once 64 MiB and 2 s have passed since the last sync, or once 5 s have passed with
    // anything unsynced. Each sync stalls the file's writes for a device flush (~35 ms here), so a
    // size-only rule cost a fast 1 GiB download 16 flushes (0.55 s of 1.5 s); with the 2 s floor a
    // fast download syncs at most every 2 s, and with the 5 s ceiling a slow one (2 MiB/s) loses
    // at most about 10 MiB to a crash instead of 30 s of work.
    static constexpr qint64 kAutoSyncBytes = 64 * 1024 * 1024;
    static constexpr qint64 kAutoSyncIntervalMs = 2000;
    static constexpr qint64 kAutoSyncMaxAgeMs = 5000;

    // With a group, this file shares its syncs with the others finishing at the same moment.
    explicit WriterStrand(QThreadPool *pool, std::shared_ptr<SyncGroup> syncGroup = {});

    // deliver runs in receiver's thread; detach() guarantees no event is posted afterwards.
    void attach(QObject *receiver, Deliver deliver);
    void detach();

    void create(const QString &dir, const QString &leaf, PartFile::ExistingFile policy);
    void reopen(const QString &partPath, const QString &finalPath, PartFile::ExistingFile policy);
    void write(qint64 offset, QByteArray data);
    void truncate(qint64 size);
    void sync();
    void finish(qint64 expectedSize, const std::optional<ChecksumSpec> &checksum);
    void close();
    void discard();
    // Closes and deletes the file (the .part, or the final file once finished); done runs on the
    // pool thread, only when there was a file, whether or not anyone is attached.
    void remove(RemoveDone done);
    // The same for a file of an earlier run that this strand never opened.
    void removePath(const QString &path, RemoveDone done);

private:
    struct Operation {
        enum class Kind { Create, Reopen, Write, Truncate, Sync, Finish, Close, Discard, Remove };
        explicit Operation(Kind k) : kind(k) {}
        Kind kind = Kind::Write;
        qint64 offset = 0;  // Write offset, Truncate size, Finish expected size
        QByteArray data;
        QString first;   // Create dir, Reopen part path, Remove a path of an earlier run
        QString second;  // Create leaf, Reopen final path
        std::optional<ChecksumSpec> checksum;
        PartFile::ExistingFile policy = PartFile::ExistingFile::Rename;  // Create, Reopen
        RemoveDone done;  // Remove
    };

    void enqueue(Operation operation);
    void drain();
    void run(Operation &operation);
    void runOpen(const Operation &operation);
    void runWrite(Operation &operation);
    void runFinish(const Operation &operation);
    bool syncNow(PartFile::SyncScope scope = PartFile::SyncScope::DataAndEntry);  // false after reporting a failure
    void fail(const DownloadError &error);
    void flushWritten();
    void post(Event event);

    QThreadPool *const m_pool;
    const std::shared_ptr<SyncGroup> m_syncGroup;  // before m_file, which uses it

    QMutex m_mutex;  // guards the queue, the running flag and the receiver
    std::deque<Operation> m_queue;
    bool m_running = false;
    QObject *m_receiver = nullptr;
    Deliver m_deliver;

    // Touched only by the one drain task running at a time.
    PartFile m_file;
    bool m_failed = false;
    qint64 m_unsynced = 0;
    QElapsedTimer m_sinceSync;  // since the file was opened or last synced
    Event m_pendingWritten;
};
