#include "store/badfile.h"

#include "store/privatefiles.h"

#include <QFile>
#include <QList>

#include <array>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>

using namespace Qt::StringLiterals;

namespace {

constexpr std::array<QLatin1StringView, 3> kCompanions{
    QLatin1StringView("-wal"), QLatin1StringView("-shm"), QLatin1StringView("-journal")};
constexpr int kMaxNumber = 100;

// 0 or errno; never replaces what is at `to`.
int renameNoReplace(const QString &from, const QString &to)
{
    const QByteArray source = QFile::encodeName(from);
    const QByteArray target = QFile::encodeName(to);
    if (::renameat2(AT_FDCWD, source.constData(), AT_FDCWD, target.constData(), RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS)
        return errno;
    // A file system without RENAME_NOREPLACE: the name was checked free just before.
    return ::rename(source.constData(), target.constData()) == 0 ? 0 : errno;
}

bool nameIsFree(const QString &path)
{
    return PrivateFiles::nameState(path) == ENOENT;
}

} // namespace

QString BadFile::asideName(const QString &path, const QDateTime &nowUtc, int number)
{
    QString name = path + u".bad-"_s + nowUtc.toUTC().toString(u"yyyyMMdd-HHmmss"_s);
    if (number > 1)
        name += u'-' + QString::number(number);
    return name;
}

Result<QString> BadFile::moveAside(const QString &path, const QString &what, const QDateTime &nowUtc)
{
    const auto failed = [](const QString &why) {
        return DownloadError::make(ErrorKind::Disk, QStringLiteral("it could not be moved aside (%1)").arg(why));
    };
    QString aside;
    for (int number = 1; number <= kMaxNumber && aside.isEmpty(); ++number) {
        const QString candidate = asideName(path, nowUtc, number);
        bool free = nameIsFree(candidate);
        for (QLatin1StringView companion : kCompanions)
            free = free && nameIsFree(candidate + companion);
        if (free)
            aside = candidate;
    }
    if (aside.isEmpty())
        return failed(QStringLiteral("too many earlier copies"));

    // Companions first: a database moved without its WAL would leave that WAL to the new file.
    QList<QLatin1StringView> moved;
    for (QLatin1StringView companion : kCompanions) {
        if (nameIsFree(path + companion))
            continue;
        if (const int error = renameNoReplace(path + companion, aside + companion)) {
            for (QLatin1StringView back : std::as_const(moved))
                renameNoReplace(aside + back, path + back);
            return failed(PrivateFiles::errorText(error));
        }
        moved.append(companion);
    }
    if (const int error = renameNoReplace(path, aside)) {
        for (QLatin1StringView back : std::as_const(moved))
            renameNoReplace(aside + back, path + back);
        return failed(PrivateFiles::errorText(error));
    }
    PrivateFiles::syncFolderOf(path);
    return QStringLiteral("The download list at %1 %2, so it was moved aside to %3 and a new, empty list was started.")
        .arg(path, what, aside);
}
