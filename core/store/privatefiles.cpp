#include "store/privatefiles.h"

#include <QByteArray>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

QString PrivateFiles::errorText(int error)
{
    char buffer[256];
    return QString::fromLocal8Bit(strerror_r(error, buffer, sizeof buffer));
}

int PrivateFiles::nameState(const QString &path, mode_t *mode)
{
    struct stat info {};
    if (::lstat(QFile::encodeName(path).constData(), &info) != 0)
        return errno;
    if (mode)
        *mode = info.st_mode;
    return 0;
}

int PrivateFiles::makeFolder(const QString &dir)
{
    const QByteArray path = QFile::encodeName(dir);
    struct stat info {};
    if (::stat(path.constData(), &info) == 0)
        return S_ISDIR(info.st_mode) ? 0 : ENOTDIR;
    for (qsizetype i = 1; i <= path.size(); ++i) {
        if (i < path.size() && path.at(i) != '/')
            continue;
        const QByteArray prefix = path.left(i);
        if (::mkdir(prefix.constData(), kFolderMode) == 0)
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

int PrivateFiles::createFile(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(),
                          O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, kFileMode);
    if (fd < 0)
        return errno == EEXIST ? 0 : errno;
    ::close(fd);
    return 0;
}

bool PrivateFiles::restrict(const QString &databasePath)
{
    bool changed = false;
    for (const QString &path : QStringList{databasePath, databasePath + u"-wal"_s, databasePath + u"-shm"_s,
                                           databasePath + u"-journal"_s}) {
        mode_t mode = 0;
        if (nameState(path, &mode) != 0 || !S_ISREG(mode) || (mode & 077) == 0)
            continue;
        if (::chmod(QFile::encodeName(path).constData(), mode & 0700) == 0)
            changed = true;
    }
    return changed;
}

void PrivateFiles::syncFolderOf(const QString &path)
{
    const int fd = ::open(QFile::encodeName(QFileInfo(path).absolutePath()).constData(),
                          O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return;
    ::fsync(fd);
    ::close(fd);
}
