#include "disk/posixfs.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

namespace PosixFs {

QString errorText(int error)
{
    char buffer[256];
    return QString::fromLocal8Bit(strerror_r(error, buffer, sizeof buffer));
}

DownloadError diskError(int error, const QString &what)
{
    if (error == ENOSPC || error == EDQUOT)
        return DownloadError::make(ErrorKind::DiskFull,
                                   QStringLiteral("Disk full: cannot %1 (%2)").arg(what, errorText(error)));
    return DownloadError::make(ErrorKind::Disk, QStringLiteral("Cannot %1: %2").arg(what, errorText(error)));
}

QByteArray encoded(const QString &path)
{
    return QFile::encodeName(path);
}

int nameState(const QString &path, mode_t *mode)
{
    struct stat info {};
    if (::lstat(encoded(path).constData(), &info) != 0)
        return errno;
    if (mode)
        *mode = info.st_mode;
    return 0;
}

int makePath(const QByteArray &dir)
{
    struct stat info {};
    if (::stat(dir.constData(), &info) == 0)
        return S_ISDIR(info.st_mode) ? 0 : ENOTDIR;
    for (qsizetype i = 1; i <= dir.size(); ++i) {
        if (i < dir.size() && dir.at(i) != '/')
            continue;
        const QByteArray prefix = dir.left(i);
        if (::mkdir(prefix.constData(), 0755) == 0)
            continue;
        if (errno != EEXIST)
            return errno;
        if (::stat(prefix.constData(), &info) != 0)
            return errno;
        if (!S_ISDIR(info.st_mode))
            return ENOTDIR;
    }
    return 0;
}

int renameNoReplace(const QByteArray &from, const QByteArray &to)
{
    if (::renameat2(AT_FDCWD, from.constData(), AT_FDCWD, to.constData(), RENAME_NOREPLACE) == 0)
        return 0;
    const int error = errno;
    if (error != EINVAL && error != ENOSYS)
        return error;
    // Filesystems without RENAME_NOREPLACE: link() refuses an existing target just the same.
    if (::link(from.constData(), to.constData()) != 0)
        return errno;
    ::unlink(from.constData());
    return 0;
}

} // namespace PosixFs
