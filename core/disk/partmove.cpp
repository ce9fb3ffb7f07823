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
    const QString target = QDir::cleanPath(folder) % u'/' % leaf % u".part";
    if (QDir::cleanPath(partPath) == target)
        return target;  // already there
    if (const int made = makePath(encoded(folder)); made != 0)
        return moveError(QStringLiteral("Cannot create the folder %1: %2").arg(folder, errorText(made)));
    // The finished file would take "<leaf>", so neither name may be taken in the new folder: a
    // move never makes a later finish rename around, or replace, someone else's file.
    for (const QString &name : QStringList{target, QDir::cleanPath(folder) % u'/' % leaf}) {
        if (const int state = nameState(name); state != ENOENT) {
            return moveError(state == 0 ? QStringLiteral("%1 already has a file named %2").arg(folder, QFileInfo(name).fileName())
                                        : QStringLiteral("Cannot check %1: %2").arg(name, errorText(state)));
        }
    }
    if (const int source = nameState(partPath); source != 0)
        return moveError(QStringLiteral("Cannot move %1: %2").arg(partPath, errorText(source == ENOENT ? ENOENT : source)));

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
    bool copiedAll = true;
    int failure = 0;
    // copy_file_range lets the kernel copy (or share extents) without the bytes passing through
    // here; between file systems of different kinds it may refuse, and plain reads take over.
    bool kernelCopy = true;
    QByteArray buffer;
    for (off_t left = info.st_size; left > 0;) {
        ssize_t copied = -1;
        if (kernelCopy) {
            copied = ::copy_file_range(in.fd, nullptr, out.fd, nullptr, size_t(std::min<off_t>(left, 1 << 30)), 0);
            if (copied < 0 && left == info.st_size && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP)) {
                kernelCopy = false;
                buffer.resize(1 << 20);
                continue;
            }
        } else {
            copied = ::read(in.fd, buffer.data(), size_t(std::min<off_t>(left, buffer.size())));
            if (copied > 0) {
                for (ssize_t done = 0; done < copied;) {
                    const ssize_t wrote = ::write(out.fd, buffer.constData() + done, size_t(copied - done));
                    if (wrote < 0 && errno == EINTR)
                        continue;
                    if (wrote <= 0) {
                        copied = -1;
                        break;
                    }
                    done += wrote;
                }
            }
        }
        if (copied < 0 && errno == EINTR)
            continue;
        if (copied <= 0) {
            copiedAll = false;
            failure = copied < 0 ? errno : EIO;
            break;
        }
        left -= copied;
    }
    if (copiedAll && ::fsync(out.fd) != 0) {
        copiedAll = false;
        failure = errno;
    }
    if (!copiedAll) {
        ::unlink(encoded(to).constData());  // half a copy is nobody's data; the original stays
        return diskError(failure, QStringLiteral("copy %1 to %2").arg(from, to));
    }
    // The copy is durable before the original goes: a crash leaves two copies, never none.
    SyncGroup::syncFolderAlone(QFileInfo(to).absolutePath());
    if (::unlink(encoded(from).constData()) != 0)
        return moveError(QStringLiteral("Copied to %1 but cannot delete %2: %3").arg(to, from, errorText(errno)));
    return {};
}
