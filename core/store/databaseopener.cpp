#include "store/databaseopener.h"

#include "store/badfile.h"
#include "store/privatefiles.h"
#include "store/snapshotcodec.h"
#include "store/sqlitecode.h"
#include "store/storeschema.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <cerrno>
#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace {

// False for a file that has bytes but not SQLite's header: such a file goes aside before SQLite
// opens it, since SQLite would take any -wal beside it as its own and reset it.
bool hasDatabaseHeader(const QString &path)
{
    static constexpr char kMagic[] = "SQLite format 3";  // with its NUL: 16 bytes
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return true;  // SQLite will say what is wrong
    const QByteArray head = file.read(sizeof kMagic);
    return head.isEmpty() || head == QByteArray(kMagic, sizeof kMagic);
}

} // namespace

DatabaseOpener::Outcome DatabaseOpener::open(QSqlDatabase &db, const QString &path)
{
    Outcome outcome;
    bool permissionsFixed = false;
    if (const QString why = prepare(path, &permissionsFixed); !why.isEmpty())
        return inMemory(db, outcome, why);

    const Attempt first = attempt(db, path);
    if (first.verdict == Verdict::Ready) {
        if (permissionsFixed) {
            outcome.problems.append(QStringLiteral(
                "The download list at %1 could be read by other users; it is now readable by you alone, "
                "because it can hold passwords and cookies from request headers.").arg(path));
        }
        outcome.persistent = true;
        return outcome;
    }
    if (first.verdict == Verdict::Unusable)
        return inMemory(db, outcome, QStringLiteral("%1 could not be opened (%2)").arg(path, first.reason));

    // SQLite must not hold the file while it is renamed.
    db.close();
    const QString what = first.verdict == Verdict::Newer
        ? QStringLiteral("was written by a newer version of Gather (format %1; this version knows up to %2)")
              .arg(first.version).arg(StoreSchema::latestVersion())
        : QStringLiteral("could not be read (%1)").arg(first.reason);
    const Result<QString> moved = BadFile::moveAside(path, what);
    if (!moved.ok())
        return inMemory(db, outcome, QStringLiteral("%1 %2, and %3").arg(path, what, moved.problem()));
    outcome.problems.append(moved.value());

    if (const int error = PrivateFiles::createFile(path))
        return inMemory(db, outcome, QStringLiteral("%1 could not be created (%2)").arg(path, PrivateFiles::errorText(error)));
    const Attempt fresh = attempt(db, path);
    if (fresh.verdict != Verdict::Ready)
        return inMemory(db, outcome, QStringLiteral("a new list at %1 could not be started (%2)").arg(path, fresh.reason));
    outcome.persistent = true;
    return outcome;
}

// Everything before SQLite sees the path: the folder (0700), a new file (0600), and the modes of
// an existing one. An empty string when the path may hold a database, else why it cannot.
QString DatabaseOpener::prepare(const QString &path, bool *permissionsFixed)
{
    if (path.isEmpty())
        return QStringLiteral("no file was given for it");
    const QString folder = QFileInfo(path).absolutePath();
    if (const int error = PrivateFiles::makeFolder(folder))
        return QStringLiteral("the folder %1 could not be created (%2)").arg(folder, PrivateFiles::errorText(error));

    // A link to a file is the user's choice and is followed; anything but a file is refused.
    struct stat info {};
    const QByteArray encoded = QFile::encodeName(path);
    if (::stat(encoded.constData(), &info) == 0) {
        if (S_ISDIR(info.st_mode))
            return QStringLiteral("%1 is a folder, not a file").arg(path);
        if (!S_ISREG(info.st_mode))
            return QStringLiteral("%1 is not a regular file").arg(path);
        *permissionsFixed = PrivateFiles::restrict(path);
        return {};
    }
    if (errno != ENOENT)
        return QStringLiteral("%1 could not be examined (%2)").arg(path, PrivateFiles::errorText(errno));
    if (const int error = PrivateFiles::createFile(path))
        return QStringLiteral("%1 could not be created (%2)").arg(path, PrivateFiles::errorText(error));
    return {};
}

DatabaseOpener::Attempt DatabaseOpener::attempt(QSqlDatabase &db, const QString &name)
{
    const auto failure = [](const QSqlError &error) {
        return Attempt{SqliteCode::isDamage(error) ? Verdict::Damaged : Verdict::Unusable, SqliteCode::words(error), 0};
    };
    db.close();
    if (name != u":memory:"_s && !hasDatabaseHeader(name))
        return Attempt{Verdict::Damaged, QStringLiteral("file is not a database"), 0};
    db.setDatabaseName(name);
    if (!db.open())
        return Attempt{Verdict::Unusable, SqliteCode::words(db.lastError()), 0};

    // Read before anything writes: a newer Gather's file is moved aside exactly as it was.
    QSqlError error;
    const std::optional<int> stored = StoreSchema::versionOf(db, &error);
    if (!stored)
        return failure(error);
    const int version = *stored;
    if (version > StoreSchema::latestVersion())
        return Attempt{Verdict::Newer, QString(), version};
    if (version < 0)
        return Attempt{Verdict::Damaged, QStringLiteral("unknown format %1").arg(version), 0};

    QSqlQuery query(db);
    if (!query.exec(u"PRAGMA quick_check"_s))
        return failure(query.lastError());
    // One row "ok", or one row per problem found.
    const QString verdict = query.next() ? query.value(0).toString() : QString();
    if (verdict != u"ok"_s)
        return Attempt{Verdict::Damaged, QStringLiteral("integrity check: %1").arg(verdict), 0};
    query.finish();

    // WAL: readers never wait for the writer. FULL: a commit survives a power loss; this thread
    // has the time for the WAL's fsync.
    for (const QString &pragma : {u"PRAGMA journal_mode = WAL"_s, u"PRAGMA synchronous = FULL"_s,
                                  u"PRAGMA busy_timeout = 5000"_s}) {
        if (!query.exec(pragma))
            return failure(query.lastError());
        query.finish();
    }

    const QSqlError migration = StoreSchema::migrate(db, version);
    if (migration.type() != QSqlError::NoError) {
        // A table in the way that is not ours is as good as damage: the file is not Gather's.
        const bool foreign = SqliteCode::primary(migration) == SqliteCode::kError;
        return Attempt{foreign ? Verdict::Damaged : failure(migration).verdict, SqliteCode::words(migration), 0};
    }
    // The columns this build reads must all be there, whatever user_version claims.
    if (!query.prepare(SnapshotCodec::selectSql()))
        return Attempt{Verdict::Damaged, SqliteCode::words(query.lastError()), 0};
    return Attempt{Verdict::Ready, QString(), version};
}

DatabaseOpener::Outcome DatabaseOpener::inMemory(QSqlDatabase &db, Outcome outcome, const QString &why)
{
    outcome.persistent = false;
    outcome.problems.append(QStringLiteral(
        "The download list cannot be kept after Gather closes: %1. Downloads added now work, but are "
        "forgotten when Gather quits.").arg(why));
    const Attempt memory = attempt(db, u":memory:"_s);
    if (memory.verdict != Verdict::Ready)
        db.close();
    return outcome;
}
