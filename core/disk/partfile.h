#pragma once

#include "base/checksumspec.h"
#include "base/downloaderror.h"
#include "base/downloadsettings.h"
#include "base/result.h"

#include <QByteArray>
#include <QString>
#include <QtGlobal>
#include <optional>

class SyncGroup;

// One download's ".part" file through POSIX calls: exclusive creation under a free name, positional
// writes, truncation, fsync, verification, the rename to the final name (replacing an old file only
// when the user chose that) and deleting what it made. Used by one WriterStrand task at a time on
// the writers' QThreadPool, never in the GUI thread.
class PartFile final
{
    Q_DISABLE_COPY_MOVE(PartFile)

public:
    using ExistingFile = DownloadSettings::ExistingFile;
    static constexpr int kMaxNumber = 999;  // "<stem> (999).<ext>" is the last name tried
    // Writes at least this large start their writeback at once (sync_file_range).
    static constexpr qint64 kWriteBehindBytes = 256 * 1024;
    // One pwrite() carries at most this much. The kernel sizes page-cache folios by the write's
    // length, and on a VM whose free memory goes back to the host (free page reporting) a 512 KiB
    // write takes its large folios from exactly the memory the host took away: measured here
    // after another tool's 1 GiB was deleted, 1 GiB in 512 KiB writes cost 2.2 s of system
    // time, in 32 KiB writes 0.22 s (about as much as 512 KiB writes on warm memory, 0.18 s).
    static constexpr qint64 kWriteSliceBytes = 32 * 1024;

    // What remove() did: path empty when this object never made a file.
    struct Removal {
        QString path;
        Result<void> result;
    };

    // With a group, the folder syncs after a commit are shared with the other files finishing at
    // the same moment (see SyncGroup); without one, each file syncs its folder alone.
    explicit PartFile(SyncGroup *syncGroup = nullptr) : m_syncGroup(syncGroup) {}
    ~PartFile();  // closes without fsync: an abandoned writer must not stall a pool thread long

    // Makes dir, then creates a ".part" exclusively (no symlink following). What happens when
    // "<dir>/<leaf>" already exists depends on policy:
    // - Rename: the first free name among leaf, "<stem> (1).<ext>" ... "(999)", where free means
    //   neither "<name>" nor "<name>.part" exists.
    // - Overwrite: the final name stays leaf and commit() replaces whatever is there then; the
    //   .part is the first free one among "<leaf>.part", "<stem> (1).<ext>.part" ..., so another
    //   writer's .part is never taken over. A folder under that name is refused.
    // - Skip: creates nothing, returns no error, leaves isOpen() false, skipped() true and
    //   finalPath() naming the existing entry. When leaf is free it behaves like Rename.
    Result<void> create(const QString &dir, const QString &leaf, ExistingFile policy = ExistingFile::Rename);

    // Opens an existing .part for writing, without truncating and without following a symlink
    // (one that vanished is made again, empty).
    // With Overwrite, commit() replaces finalPath; otherwise it never replaces a file.
    Result<void> reopen(const QString &partPath, const QString &finalPath,
                         ExistingFile policy = ExistingFile::Rename);

    Result<void> write(qint64 offset, const QByteArray &data);
    Result<void> truncate(qint64 size);
    // What a sync makes durable. The .part's own directory entry is synced once, at the first
    // checkpoint, not at creation: a small file that completes first gets one directory sync,
    // after its rename (commit), which covers the entry for good.
    enum class SyncScope {
        Data,          // the bytes and size (fdatasync): enough right before commit()
        DataAndEntry,  // and the .part's name in its folder: a checkpoint a later run resumes from
    };
    Result<void> sync(SyncScope scope = SyncScope::DataAndEntry);

    // Compares the file size (when expectedSize >= 0) and the digest (when checksum is set).
    Result<void> verify(qint64 expectedSize, const std::optional<ChecksumSpec> &checksum);

    // Renames the .part to the final name, or to the next free "(n)" name when that appeared
    // meanwhile, without ever replacing a file (Overwrite: atomically replaces the old final file);
    // then makes the rename durable and closes.
    Result<void> commit();

    Result<void> close();  // fsync, then close; the .part stays
    void discard();         // close and delete the .part this object created or reopened

    // Closes and deletes what this object made: the .part, or the final file once committed.
    // Unlinks exactly that path; refuses when it is now a symlink, a folder or another special file.
    Removal remove();
    // Unlinks exactly path, a file of an earlier run that no PartFile holds; refuses a symlink,
    // a folder or another special file found there.
    static Removal removeFile(const QString &path);

    qint64 size() const;  // the current file size, -1 when unknown
    bool isOpen() const { return m_fd >= 0; }
    bool skipped() const { return m_skipped; }
    QString partPath() const { return m_partPath; }
    QString finalPath() const { return m_finalPath; }

    // "<stem> (n).<ext>" with ".tar.gz"-style double extensions kept whole; n == 0 gives leaf.
    static QString numberedName(const QString &leaf, int n);

private:
    void closeFd();
    void syncFolder(const QString &folder);
    Result<void> createFree(const QString &folder, const QString &leaf, bool replace);

    SyncGroup *const m_syncGroup;
    int m_fd = -1;
    QString m_partPath;
    QString m_finalPath;
    QString m_requestedLeaf;  // numbering at commit continues from the name asked for
    int m_number = 0;
    bool m_replace = false;    // Overwrite: commit() renames over the final name
    bool m_committed = false;  // the file now lives at m_finalPath
    bool m_entryDurable = false;  // the .part's directory entry has been fsynced
    bool m_skipped = false;
};
