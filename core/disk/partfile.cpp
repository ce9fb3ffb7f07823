#include "disk/partfile.h"

#include "disk/posixfs.h"
#include "disk/syncgroup.h"

#include <QByteArrayView>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLatin1StringView>
#include <algorithm>
#include <array>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kHashBlock = 1024 * 1024;

constexpr std::array<QLatin1StringView, 4> kDoubleExtensions{{
    QLatin1StringView(".tar.gz"),
    QLatin1StringView(".tar.bz2"),
    QLatin1StringView(".tar.xz"),
    QLatin1StringView(".tar.zst"),
}};

std::pair<QString, QString> splitExtension(const QString &leaf)
{
    for (QLatin1StringView extension : kDoubleExtensions) {
        if (leaf.size() > extension.size() && leaf.endsWith(extension, Qt::CaseInsensitive))
            return {leaf.chopped(extension.size()), leaf.right(extension.size())};
    }
    const qsizetype dot = leaf.lastIndexOf(u'.');
    if (dot <= 0)  // no dot, or a dot file such as ".bashrc" that is all stem
        return {leaf, QString()};
    return {leaf.left(dot), leaf.mid(dot)};
}

Result<void> notDeleted(const QString &why)
{
    return DownloadError::make(ErrorKind::Disk, why);
}

} // namespace

using namespace PosixFs;

PartFile::~PartFile()
{
    closeFd();
}

QString PartFile::numberedName(const QString &leaf, int n)
{
    if (n == 0)
        return leaf;
    const auto [stem, extension] = splitExtension(leaf);
    return stem % QStringLiteral(" (") % QString::number(n) % u')' % extension;
}

Result<void> PartFile::create(const QString &dir, const QString &leaf, ExistingFile policy)
{
    closeFd();
    m_partPath.clear();
    m_finalPath.clear();
    m_replace = m_committed = m_skipped = false;
    // The sanitiser already guarantees one leaf; this keeps a caller bug from escaping the folder.
    if (leaf.isEmpty() || leaf.contains(u'/') || leaf == u"."_s || leaf == u".."_s) {
        return DownloadError::make(ErrorKind::InvalidInput,
                                   QStringLiteral("Not a usable file name: \"%1\"").arg(leaf));
    }
    const QString folder = QDir::cleanPath(QDir(dir).absolutePath());
    if (const int error = makePath(encoded(folder)))
        return diskError(error, QStringLiteral("create folder ") % folder);
    m_requestedLeaf = leaf;
    if (policy == ExistingFile::Rename)
        return createFree(folder, leaf, false);
    const QString plain = folder % u'/' % leaf;
    mode_t mode = 0;
    const int state = nameState(plain, &mode);
    if (state != 0 && state != ENOENT)
        return diskError(state, QStringLiteral("look at ") % plain);
    if (state == 0 && policy == ExistingFile::Skip) {
        m_finalPath = plain;
        m_skipped = true;
        return {};
    }
    if (state == 0 && S_ISDIR(mode)) {
        return DownloadError::make(ErrorKind::Disk,
                                   QStringLiteral("Cannot overwrite %1: it is a folder").arg(plain));
    }
    return createFree(folder, leaf, policy == ExistingFile::Overwrite);
}

Result<void> PartFile::createFree(const QString &folder, const QString &leaf, bool replace)
{
    for (int n = 0; n <= kMaxNumber; ++n) {
        const QString numbered = folder % u'/' % numberedName(leaf, n);
        const QString partPath = numbered % QStringLiteral(".part");
        // Renaming needs both names free; replacing keeps the old file untouched until commit()
        // and needs only a free temporary name.
        if (!replace) {
            const int finalState = nameState(numbered);
            const int partState = nameState(partPath);
            for (int state : {finalState, partState}) {
                if (state != 0 && state != ENOENT)
                    return diskError(state, QStringLiteral("create ") % partPath);
            }
            if (finalState == 0 || partState == 0)
                continue;
        }
        const int fd = ::open(encoded(partPath).constData(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0) {
            if (errno == EEXIST)  // lost a race with another creator, or another download's .part
                continue;
            return diskError(errno, QStringLiteral("create ") % partPath);
        }
        m_fd = fd;
        m_partPath = partPath;
        m_finalPath = replace ? folder % u'/' % leaf : numbered;
        m_number = replace ? 0 : n;
        m_replace = replace;
        m_entryDurable = false;
        return {};
    }
    const QString last = numberedName(leaf, kMaxNumber) % (replace ? QStringLiteral(".part") : QString());
    return DownloadError::make(ErrorKind::Disk,
                               QStringLiteral("Cannot create %1 in %2: every name up to \"%3\" is taken")
                                   .arg(leaf, folder, last));
}

Result<void> PartFile::reopen(const QString &partPath, const QString &finalPath, ExistingFile policy)
{
    closeFd();
    m_partPath.clear();
    m_committed = m_skipped = false;
    // A .part that vanished since it was recorded comes back empty: its record then trusts none
    // of its bytes, and its name stays this download's.
    const int fd = ::open(encoded(partPath).constData(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0)
        return diskError(errno, QStringLiteral("open ") % partPath);
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        ::close(fd);
        return DownloadError::make(ErrorKind::Disk,
                                   QStringLiteral("Cannot open %1: it is not a regular file").arg(partPath));
    }
    m_fd = fd;
    m_entryDurable = false;  // an earlier run may have crashed before syncing the folder
    m_partPath = partPath;
    m_finalPath = finalPath;
    m_requestedLeaf = QFileInfo(finalPath).fileName();
    m_number = 0;
    m_replace = policy == ExistingFile::Overwrite;
    return {};
}

Result<void> PartFile::write(qint64 offset, const QByteArray &data)
{
    const char *from = data.constData();
    qint64 left = data.size();
    qint64 at = offset;
    while (left > 0) {
        const ssize_t written = ::pwrite(m_fd, from, size_t(std::min(left, kWriteSliceBytes)), off_t(at));
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return diskError(written < 0 ? errno : EIO, QStringLiteral("write to ") % m_partPath);
        from += written;
        left -= written;
        at += written;
    }
    // Start writeback now, without waiting for it: the disk works while the network does, and
    // the fsync at a checkpoint or at the end finds little left to flush instead of everything.
    if (data.size() >= kWriteBehindBytes)
        ::sync_file_range(m_fd, off_t(offset), off_t(data.size()), SYNC_FILE_RANGE_WRITE);
    return {};
}

Result<void> PartFile::truncate(qint64 size)
{
    while (::ftruncate(m_fd, off_t(size)) != 0) {
        if (errno != EINTR)
            return diskError(errno, QStringLiteral("resize ") % m_partPath);
    }
    return {};
}

Result<void> PartFile::sync(SyncScope scope)
{
    // fdatasync covers the data and the file size; timestamps are not worth a journal commit.
    // Only this file's data: a busy disk's other writers are not waited for (see SyncGroup).
    if (const int error = SyncGroup::syncFileData(m_fd))
        return diskError(error, QStringLiteral("flush %1 to disk").arg(m_partPath));
    if (scope == SyncScope::DataAndEntry && !m_entryDurable) {
        syncFolder(QFileInfo(m_partPath).path());
        m_entryDurable = true;
    }
    return {};
}

Result<void> PartFile::verify(qint64 expectedSize, const std::optional<ChecksumSpec> &checksum)
{
    struct stat info {};
    if (::fstat(m_fd, &info) != 0)
        return diskError(errno, QStringLiteral("read ") % m_partPath);
    if (expectedSize >= 0 && qint64(info.st_size) != expectedSize) {
        return DownloadError::make(ErrorKind::Protocol,
                                   QStringLiteral("Size mismatch: expected %1 bytes, file has %2")
                                       .arg(expectedSize).arg(qint64(info.st_size)));
    }
    if (!checksum)
        return {};
    // The descriptor is O_RDWR so the hash reads the very inode that was written, not a path.
    QCryptographicHash hash(checksum->algorithm);
    QByteArray block(kHashBlock, Qt::Uninitialized);
    for (qint64 at = 0;;) {
        const ssize_t got = ::pread(m_fd, block.data(), size_t(block.size()), off_t(at));
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return diskError(errno, QStringLiteral("read ") % m_partPath);
        if (got == 0)
            break;
        hash.addData(QByteArrayView(block.constData(), got));
        at += got;
    }
    const QByteArray actual = hash.result();
    if (actual != checksum->expected) {
        return DownloadError::make(ErrorKind::Checksum,
                                   QStringLiteral("Checksum mismatch (%1): expected %2, got %3")
                                       .arg(checksum->algorithmName(), checksum->expectedHex(),
                                            QString::fromLatin1(actual.toHex())));
    }
    return {};
}

Result<void> PartFile::commit()
{
    const QString folder = QFileInfo(m_finalPath).path();
    const QByteArray from = encoded(m_partPath);
    if (m_replace) {
        // rename() swaps the directory entry in one step: readers see the old file or the new one.
        if (::rename(from.constData(), encoded(m_finalPath).constData()) != 0)
            return diskError(errno, QStringLiteral("replace %1 with %2").arg(m_finalPath, m_partPath));
        m_partPath.clear();
        m_committed = true;
        closeFd();
        syncFolder(folder);
        return {};
    }
    for (int n = m_number; n <= kMaxNumber; ++n) {
        const QString candidate = folder % u'/' % numberedName(m_requestedLeaf, n);
        // Another download's ".part" reserves its name; leave it alone.
        if (n != m_number && nameState(candidate % QStringLiteral(".part")) != ENOENT)
            continue;
        const int error = renameNoReplace(from, encoded(candidate));
        if (error == EEXIST)
            continue;
        if (error != 0)
            return diskError(error, QStringLiteral("rename %1 to %2").arg(m_partPath, candidate));
        m_finalPath = candidate;
        m_partPath.clear();  // the .part name is no longer ours: discard() must not touch it
        m_committed = true;
        closeFd();
        syncFolder(folder);
        return {};
    }
    return DownloadError::make(ErrorKind::Disk,
                               QStringLiteral("Cannot rename %1: every name up to \"%2\" is taken")
                                   .arg(m_partPath, numberedName(m_requestedLeaf, kMaxNumber)));
}

qint64 PartFile::size() const
{
    struct stat info {};
    return m_fd >= 0 && ::fstat(m_fd, &info) == 0 ? qint64(info.st_size) : -1;
}

Result<void> PartFile::close()
{
    if (m_fd < 0)
        return {};
    Result<void> synced = sync();
    closeFd();
    return synced;
}

void PartFile::discard()
{
    closeFd();
    if (!m_partPath.isEmpty())
        ::unlink(encoded(m_partPath).constData());
    m_partPath.clear();
}

PartFile::Removal PartFile::remove()
{
    closeFd();
    const QString path = m_committed ? m_finalPath : m_partPath;
    m_partPath.clear();
    m_committed = false;
    if (path.isEmpty())
        return {};
    return removeFile(path);
}

PartFile::Removal PartFile::removeFile(const QString &path)
{
    const QByteArray name = encoded(path);
    struct stat info {};
    if (::lstat(name.constData(), &info) != 0)
        return {path, notDeleted(errorText(errno))};
    // unlink() never follows a symlink, but a link put where our file was is not ours to delete.
    if (S_ISLNK(info.st_mode))
        return {path, notDeleted(QStringLiteral("Not deleted: it is now a symbolic link"))};
    if (S_ISDIR(info.st_mode))
        return {path, notDeleted(QStringLiteral("Not deleted: it is now a folder"))};
    if (!S_ISREG(info.st_mode))
        return {path, notDeleted(QStringLiteral("Not deleted: it is not a regular file"))};
    if (::unlink(name.constData()) != 0)
        return {path, notDeleted(errorText(errno))};
    return {path, {}};
}

void PartFile::syncFolder(const QString &folder)
{
    // A new directory entry survives a crash only once the directory itself is synced. Some
    // filesystems refuse fsync on a directory; the data is safe either way, so errors are ignored.
    if (m_syncGroup)
        m_syncGroup->syncFolder(folder);
    else
        SyncGroup::syncFolderAlone(folder);
}

void PartFile::closeFd()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}
