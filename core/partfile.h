#pragma once

#include "checksumspec.h"
#include "downloaderror.h"

#include <QByteArray>
#include <QString>
#include <QtGlobal>
#include <optional>

// One download's ".part" file through POSIX calls: exclusive creation under a free name, positional
// writes, truncation, fsync, verification and the rename that never overwrites. Used by one
// WriterStrand task at a time on the writers' QThreadPool, never in the GUI thread.
class PartFile final
{
    Q_DISABLE_COPY_MOVE(PartFile)

public:
    static constexpr int kMaxNumber = 999;  // "<stem> (999).<ext>" is the last name tried

    PartFile() = default;
    ~PartFile();  // closes without fsync: an abandoned writer must not stall a pool thread long

    // Makes dir, then creates "<name>.part" exclusively for the first free name among leaf,
    // "<stem> (1).<ext>" ... "(999)"; free means neither "<name>" nor "<name>.part" exists.
    DownloadError create(const QString &dir, const QString &leaf);

    // Opens an existing .part for writing, without truncating and without following a symlink.
    DownloadError reopen(const QString &partPath, const QString &finalPath);

    DownloadError write(qint64 offset, const QByteArray &data);
    DownloadError truncate(qint64 size);
    DownloadError sync();

    // Compares the file size (when expectedSize >= 0) and the digest (when checksum is set).
    DownloadError verify(qint64 expectedSize, const std::optional<ChecksumSpec> &checksum);

    // Renames the .part to the final name, or to the next free "(n)" name when that appeared
    // meanwhile, without ever replacing a file; then makes the rename durable and closes.
    DownloadError commit();

    DownloadError close();  // fsync, then close; the .part stays
    void discard();         // close and delete the .part this object created or reopened

    qint64 size() const;  // the current file size, -1 when unknown
    bool isOpen() const { return m_fd >= 0; }
    QString partPath() const { return m_partPath; }
    QString finalPath() const { return m_finalPath; }

    // "<stem> (n).<ext>" with ".tar.gz"-style double extensions kept whole; n == 0 gives leaf.
    static QString numberedName(const QString &leaf, int n);

private:
    void closeFd();

    int m_fd = -1;
    QString m_partPath;
    QString m_finalPath;
    QString m_requestedLeaf;  // numbering at commit continues from the name asked for
    int m_number = 0;
};
