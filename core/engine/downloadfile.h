#pragma once

#include "base/byteranges.h"
#include "base/checksumspec.h"
#include "base/downloaderror.h"
#include "base/downloadsettings.h"
#include "base/result.h"
#include "engine/filelistener.h"

#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class FileWriter;
class QObject;
class QThreadPool;
class SyncGroup;
class WriteBudget;

// The file side of one Download: its FileWriter from creation to the final name (or deletion),
// and what outlives a writer that failed: the .part and final paths, the name, the existing-file
// policy fixed when the name was chosen, and the bytes written so far. Tells its Download what
// the writer reports through its FileListener. A plain object, not a QObject, like SegmentedTransfer:
// the writer's signals are delivered to the Download (the receiver). GUI thread; owned by its
// Download.
class DownloadFile final
{
    Q_DISABLE_COPY_MOVE(DownloadFile)

public:
    using ExistingFile = DownloadSettings::ExistingFile;

    // Where files are written from: the disk pool, the shared write budget and, optionally, the
    // group whose files share their syncs.
    struct Disk {
        QThreadPool *pool = nullptr;
        WriteBudget *budget = nullptr;
        std::shared_ptr<SyncGroup> syncGroup;
    };

    // receiver: the writer's parent and the context of its signals; listener hears what they mean.
    DownloadFile(Disk disk, QObject *receiver, FileListener *listener);
    ~DownloadFile();

    // Creates "<folder>/<leaf>.part" under policy (see FileWriter::create); fileOpened(),
    // fileSkipped() or fileFailed() follows. The policy stays with this file through reopenings.
    void create(const QString &folder, const QString &leaf, ExistingFile policy);
    // After fileFailed(): gives up the failed writer and opens the same .part again with a new one,
    // trusting exactly the ranges the old writer reported written, which it returns. Without a
    // .part (the failure came before one existed) there is no writer until the next create().
    QList<ByteRange> reopenAfterFailure();
    // A file of an earlier run, as the store recorded it: no writer until reopen() (a .part) or
    // remove(); durable is what the .part is known to hold.
    void restore(const QString &partPath, const QString &finalPath, const QString &leaf, ExistingFile policy,
                 qint64 written, QList<ByteRange> durable);
    // Whether there is a .part of an earlier run that no writer holds yet.
    bool needsReopen() const { return !m_writer && !m_partPath.isEmpty(); }
    // Opens that .part again, trusting exactly trusted (what the store recorded as durable).
    void reopen(QList<ByteRange> trusted);
    // The name the server's answer gave, before the file is created.
    void setLeafName(const QString &leaf) { m_leafName = leaf; }
    // Skip policy: this download's result is the file that was already there.
    void adoptExisting(const QString &path);
    // A finished file found wrong afterwards: the writer goes and the file stays on disk; its
    // path stays for the row, and the next create() makes a new file.
    void forget();

    bool exists() const { return m_writer != nullptr; }  // a writer was made (it may have failed)
    bool isWritable() const { return m_writer && !m_failed; }
    bool isOpen() const;
    bool hasFailed() const { return m_writer && m_failed; }

    // Writing, as FileWriter does; the calls that need a working writer do nothing without one.
    bool canAccept() const;
    bool write(qint64 offset, QByteArray data);
    // Every byte is gone (truncated when some were handed over), nothing counts as written.
    void startOver(bool truncate);
    void sync();
    void checkpoint();  // see FileWriter::checkpoint()
    void close();
    void finish(qint64 expectedSize, const std::optional<ChecksumSpec> &checksum);
    // Cancel: closes and deletes the .part (on the pool, after queued writes) and forgets the paths.
    void discard();
    // Removed from the list: the writer syncs and closes the .part after queued writes, on the
    // pool after this object is gone, and the file stays.
    void letGo();
    // Moves the .part into folder (see PartMove) on the disk pool, once the writer, if open, has
    // synced and closed it; the next reopen() continues it there, trusting what was written. done
    // runs on the receiver's thread (at once when there is no .part to move). A remove() meanwhile
    // deletes the file wherever the move leaves it.
    // leaf, when not empty, is the new name there (of the finished file; the .part is leaf.part).
    void moveTo(const QString &folder, const QString &leaf, std::function<void(const Result<void> &result)> done);
    bool isMoving() const { return m_move != nullptr; }
    // Deletes the final file or the .part, after every queued write (also one of an earlier run
    // that no writer holds); done runs on a pool thread, only when there was a file. The writer
    // goes; the final path stays for the row.
    void remove(std::function<void(const QString &path, const Result<void> &result)> done);

    qint64 written() const { return m_written; }  // bytes written to disk successfully
    QList<ByteRange> durableRanges() const;
    QString partPath() const { return m_partPath; }
    QString finalPath() const { return m_finalPath; }
    QString fileName() const;  // the leaf, once chosen
    ExistingFile policy() const { return m_policy; }

private:
    struct MoveJob;

    FileWriter *makeWriter();
    void movePart(const QString &folder, const QString &leaf, std::function<void(const Result<void> &result)> done);
    void dropWriter();

    Disk m_disk;
    QObject *m_receiver;
    FileListener *m_listener;
    FileWriter *m_writer = nullptr;
    bool m_failed = false;
    qint64 m_written = 0;
    QString m_partPath;
    QString m_finalPath;
    QString m_leafName;
    // Fixed when the name is chosen, so a later settings change cannot alter a file in flight.
    ExistingFile m_policy = ExistingFile::Rename;
    QList<ByteRange> m_restoredDurable;  // what a restored .part holds, until a writer reopens it
    std::shared_ptr<MoveJob> m_move;      // while a move runs; shared with its pool task
};
