#include "disk/partmove.h"

#include "disk/posixfs.h"
#include "disk/syncgroup.h"

#include <QDir>
#include <QFileInfo>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

DownloadError moveError(const QString &what)
{
    return DownloadError::make(ErrorKind::Disk, what);
}

// Closes a descriptor when the copy leaves, whichever way.
struct Fd {
    int fd = -1;
    ~Fd()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

} // namespace

Result<QString> PartMove::move(const QString &partPath, const QString &leaf, const QString &folder)
{
    using namespace PosixFs;
    const QString finalPath = QDir::cleanPath(folder) % u'/' % leaf;
    const QString target = finalPath % u".part";
    if (QDir::cleanPath(partPath) == target)
        return target;  // already there
    if (const int made = makePath(encoded(folder)); made != 0)
        return moveError(QStringLiteral("Cannot create the folder %1: %2").arg(folder, errorText(made)));
    // The finished file would take "<leaf>", so neither name may be taken in the new folder: a
    // move never makes a later finish rename around, or replace, someone else's file.
    for (const QString &name : {target, finalPath}) {
        if (const int state = nameState(name); state != ENOENT) {
            return moveError(state == 0 ? QStringLiteral("%1 already has a file named %2").arg(folder, QFileInfo(name).fileName())
                                        : QStringLiteral("Cannot check %1: %2").arg(name, errorText(state)));
        }
    }
    if (const int source = nameState(partPath); source != 0)
        return moveError(QStringLiteral("Cannot move %1: %2").arg(partPath, errorText(source)));

    const int renamed = renameNoReplace(encoded(partPath), encoded(target));
    if (renamed == EXDEV) {
        if (Result<void> copied = copyThenUnlink(partPath, target); !copied)
            return copied.error();
    } else if (renamed != 0) {
        return moveError(QStringLiteral("Cannot move %1 to %2: %3").arg(partPath, folder, errorText(renamed)));
    }
    // Both entries changed: the new name and the missing old one survive a crash only once synced.
    SyncGroup::syncFolderAlone(folder);
    SyncGroup::syncFolderAlone(QFileInfo(partPath).absolutePath());
    return target;
}

int PartMove::copyBytes(int in, int out, qint64 size)
{
    // copy_file_range lets the kernel copy (or share extents) without the bytes passing through
    // here; between file systems of different kinds it may refuse, and plain reads take over.
    qint64 left = size;
    while (left > 0) {
        const ssize_t copied = ::copy_file_range(in, nullptr, out, nullptr, size_t(std::min<qint64>(left, 1 << 30)), 0);
        if (copied > 0) {
            left -= copied;
            continue;
        }
        if (copied < 0 && errno == EINTR)
            continue;
        if (copied < 0 && left == size && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP))
            break;  // refused before the first byte: read and write instead
        return copied < 0 ? errno : EIO;
    }
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    while (left > 0) {
        const ssize_t got = ::read(in, buffer.data(), size_t(std::min<qint64>(left, buffer.size())));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return got < 0 ? errno : EIO;
        for (ssize_t done = 0; done < got;) {
            const ssize_t wrote = ::write(out, buffer.constData() + done, size_t(got - done));
            if (wrote < 0 && errno == EINTR)
                continue;
            if (wrote <= 0)
                return wrote < 0 ? errno : EIO;
            done += wrote;
        }
        left -= got;
    }
    return ::fsync(out) == 0 ? 0 : errno;
}

Result<void> PartMove::copyThenUnlink(const QString &from, const QString &to)
{
    using namespace PosixFs;
    Fd in{::open(encoded(from).constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)};
    if (in.fd < 0)
        return moveError(QStringLiteral("Cannot read %1: %2").arg(from, errorText(errno)));
    struct stat info {};
    if (::fstat(in.fd, &info) != 0 || !S_ISREG(info.st_mode))
        return moveError(QStringLiteral("Cannot move %1: it is not a regular file").arg(from));
    Fd out{::open(encoded(to).constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, info.st_mode & 0777)};
    if (out.fd < 0)
        return diskError(errno, QStringLiteral("create %1").arg(to));
    if (const int failure = copyBytes(in.fd, out.fd, info.st_size); failure != 0) {
        ::unlink(encoded(to).constData());  // half a copy is nobody's data; the original stays
        return diskError(failure, QStringLiteral("copy %1 to %2").arg(from, to));
    }
    // The copy is durable before the original goes: a crash leaves two copies, never none.
    SyncGroup::syncFolderAlone(QFileInfo(to).absolutePath());
    if (::unlink(encoded(from).constData()) != 0)
        return moveError(QStringLiteral("Copied to %1 but cannot delete %2: %3").arg(to, from, errorText(errno)));
    return {};
}
