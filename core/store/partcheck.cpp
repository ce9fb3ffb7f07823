#include "store/partcheck.h"

#include <QFile>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

QString errorText(int error)
{
    char buffer[256];
    return QString::fromLocal8Bit(strerror_r(error, buffer, sizeof buffer));
}

void restartFromZero(DownloadSnapshot &snapshot, const QString &why)
{
    const bool hadProgress = !snapshot.durable.isEmpty() || snapshot.bytesWritten > 0;
    snapshot.durable.clear();
    snapshot.bytesWritten = 0;
    if (hadProgress)
        snapshot.note = QStringLiteral("Restarted from zero: the .part file %1.").arg(why);
}

// 0 or errno. Opens without following a link and checks it is still the file lstat() saw.
int truncateFile(const QByteArray &path, const struct stat &seen, qint64 size)
{
    const int fd = ::open(path.constData(), O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return errno;
    struct stat info {};
    int error = 0;
    if (::fstat(fd, &info) != 0)
        error = errno;
    else if (!S_ISREG(info.st_mode) || info.st_ino != seen.st_ino || info.st_dev != seen.st_dev)
        error = ESTALE;
    else if (::ftruncate(fd, size) != 0)
        error = errno;
    ::close(fd);
    return error;
}

} // namespace

void PartCheck::reconcile(DownloadSnapshot &snapshot)
{
    if (snapshot.partPath.isEmpty() || snapshot.state == DownloadState::Completed
        || snapshot.state == DownloadState::Cancelled) {
        return;
    }
    qint64 end = 0;
    for (const ByteRange &range : std::as_const(snapshot.durable))
        end = std::max(end, range.end);

    const QByteArray path = QFile::encodeName(snapshot.partPath);
    struct stat info {};
    if (::lstat(path.constData(), &info) != 0) {
        const int error = errno;
        restartFromZero(snapshot, error == ENOENT ? QStringLiteral("was missing")
                                                  : QStringLiteral("could not be examined (%1)").arg(errorText(error)));
        return;
    }
    if (!S_ISREG(info.st_mode)) {
        restartFromZero(snapshot, QStringLiteral("was missing (something that is not a plain file has its name)"));
        return;
    }
    if (info.st_size < end) {
        restartFromZero(snapshot, QStringLiteral("was shorter than recorded"));
        return;
    }
    if (info.st_size == end)
        return;
    if (const int error = truncateFile(path, info, end)) {
        restartFromZero(snapshot, QStringLiteral("could not be cut back to its saved progress (%1)").arg(errorText(error)));
        return;
    }
    snapshot.bytesWritten = std::min(snapshot.bytesWritten, ByteRanges::total(snapshot.durable));
}
