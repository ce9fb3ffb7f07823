#pragma once

#include "base/byteranges.h"
#include "base/checksumspec.h"
#include "base/downloaderror.h"
#include "base/downloadsettings.h"
#include "disk/removedone.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QString>
#include <functional>
#include <memory>
#include <optional>

class QThreadPool;
class SyncGroup;
class WriteBudget;
class WriterStrand;

// Owns one download's ".part" file. Lives in the GUI thread; every disk operation (create,
// positional write, truncate, fsync, hash, rename, delete) runs in order on a QThreadPool
// strand, and results come back as queued signals. Memory in flight is bounded per writer and by
// a shared WriteBudget.
class FileWriter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FileWriter)

public:
    using ExistingFile = DownloadSettings::ExistingFile;

    // Each writer holds at most this many unwritten bytes (the download stops reading when full).
    static constexpr qint64 kDefaultMaxInFlight = 8 * 1024 * 1024;

    // syncGroup (optional) lets files finishing together share their syncs.
    FileWriter(QThreadPool *pool, WriteBudget *budget, std::shared_ptr<SyncGroup> syncGroup = {},
               QObject *parent = nullptr);
    ~FileWriter() override;  // never blocks on the pool; queued work finishes on its own

    // Creates "<dir>/<leaf>.part" exclusively (O_EXCL, no symlink following). When the final
    // name is taken, policy decides (see PartFile::create): Rename chooses "<stem> (1).<ext>",
    // "(2)"...; Overwrite keeps the name and replaces the old file at finish(); Skip creates
    // nothing and emits skipped(). Creates dir if missing. Emits opened(), skipped() or failed().
    void create(const QString &dir, const QString &leafName, ExistingFile policy = ExistingFile::Rename);

    // Opens an existing .part (from an earlier run or before a pause) to continue writing; no
    // truncation, no symlink following. Without trusted, its current bytes [0, size) count as
    // written and durable; a file fetched in several ranges has holes, so the caller passes the
    // ranges it knows were written (clipped to the file's size). Emits opened() or failed().
    void reopen(const QString &partPath, const QString &finalPath, ExistingFile policy = ExistingFile::Rename,
                std::optional<QList<ByteRange>> trusted = std::nullopt);

    // Queue a write of data at offset. Returns false (and queues nothing) when the writer is not
    // open or failed; between create() and opened() writes are accepted and run after the open.
    // Accepted bytes count as in flight until written.
    bool write(qint64 offset, QByteArray data);

    // Queue truncation to size (0 = restart from scratch). Ordered after earlier writes.
    void truncate(qint64 size);

    // Queue an fsync; afterwards durableChanged() reports what is safely on disk.
    void sync();
    // Queue an fsync when written bytes have waited WriterStrand::kAutoSyncMaxAgeMs for one: a
    // stalled transfer writes nothing that would make the strand sync by itself. Cheap to call
    // often (the owner's tick).
    void checkpoint();

    // Queue: fsync, check the size equals expectedSize (when >= 0), hash and compare when
    // checksum is set, then rename .part to the final name without overwriting anything (if the
    // final name appeared meanwhile, the next free "(n)" name is used). Emits finished() or failed().
    void finish(qint64 expectedSize, const std::optional<ChecksumSpec> &checksum);

    // Queue: fsync and close, keeping the .part (for pause and for Ctrl-C).
    void close();

    // Queue: close and delete the .part (cancel).
    void discard();

    // Queue: close and delete this writer's file, the .part or (after finish()) the final file,
    // unlinking exactly that path and refusing a symlink or folder found there. done runs even
    // when this object is gone by then, and not at all when no file was ever made.
    void remove(RemoveDone done);
    // Queue: delete path, a file of an earlier run (the store knew it) that this writer never
    // opened, with the same checks as remove(). done runs even when this object is gone by then.
    void removeFile(const QString &path, RemoveDone done);

    // False while in-flight bytes exceed this writer's or the shared limit; a false answer
    // promises a drained() once writing is possible again.
    bool canAccept() const;
    qint64 bytesInFlight() const;   // queued, not yet written
    qint64 bytesWritten() const;    // highest contiguous offset written successfully (from 0)
    QList<ByteRange> writtenRanges() const { return m_written; }
    qint64 writtenTotal() const { return m_writtenTotal; }  // bytes in writtenRanges()
    QList<ByteRange> durableRanges() const;
    QString partPath() const;       // valid after opened()
    QString finalPath() const;      // the name the .part will get (may change if taken at finish)
    bool isOpen() const;

Q_SIGNALS:
    void opened(const QString &partPath, const QString &finalPath);
    void skipped(const QString &existingPath);  // Skip policy: the final name exists; nothing was made
    void progressed(qint64 bytesWritten);      // after each completed batch of writes
    void drained();                            // canAccept() again (own writes done or shared budget freed)
    void durableChanged(const QList<ByteRange> &durable);
    void finished(const QString &finalPath);
    void failed(const DownloadError &error);   // disk full, unwritable folder, size or checksum mismatch
    void closed();

private:
    enum class State { Idle, Opening, Open, Closing, Closed, Failed };

    void onOpened(const QString &partPath, const QString &finalPath, qint64 existingSize);
    void onSkipped(const QString &existingPath);
    void onWritten(const QList<ByteRange> &written, qint64 released);
    void onTruncated(qint64 size);
    void onSynced();
    void onFinished(const QString &finalPath);
    void onFailed(const DownloadError &error);
    void onClosed();
    void onBudgetRoom();
    void unwatchBudget();
    bool canStartOpening() const;

    std::shared_ptr<WriterStrand> m_strand;
    WriteBudget *m_budget = nullptr;
    // Only a writer that was refused for lack of shared room listens to the budget, so a room
    // event wakes the downloads that are waiting, not every writer ever made. 0 = not listening.
    mutable int m_budgetListener = 0;
    qint64 m_maxInFlight = kDefaultMaxInFlight;
    qint64 m_inFlight = 0;
    mutable bool m_blocked = false;  // canAccept() said no: owes a drained()
    QList<ByteRange> m_written;
    qint64 m_writtenTotal = 0;
    std::optional<QList<ByteRange>> m_trusted;  // reopen(): what the caller vouches for
    QList<ByteRange> m_durable;
    QElapsedTimer m_sinceDurable;  // since open or the last sync: how long written bytes have waited
    QString m_partPath;
    QString m_finalPath;
    State m_state = State::Idle;
};
