// The download list in SQLite: every field round trips through a closed and reopened file,
// saves are batched into few transactions, old files migrate, and every bad state (garbage, a
// newer format, a folder in the way, a full disk, loose permissions) ends in a working store and
// one sentence for the user.
#include "store/downloadstore.h"
#include "store/storenames.h"
#include "store/storeschema.h"
#include "testfiles.h"
#include "tmpfsmount.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <algorithm>
#include <fcntl.h>
#include <limits>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

using TestFiles::readFile;
using TestFiles::writeFile;

constexpr int kLoadTimeoutMs = 60'000;

const QList<DownloadState> kAllStates{
    DownloadState::Queued, DownloadState::Connecting, DownloadState::Downloading, DownloadState::Waiting,
    DownloadState::Paused, DownloadState::Verifying, DownloadState::Completed, DownloadState::Failed,
    DownloadState::Cancelled,
};
const QList<ErrorKind> kAllErrorKinds{
    ErrorKind::None, ErrorKind::InvalidInput, ErrorKind::Network, ErrorKind::Timeout, ErrorKind::Tls,
    ErrorKind::Http, ErrorKind::Protocol, ErrorKind::Disk, ErrorKind::DiskFull, ErrorKind::Checksum,
    ErrorKind::TooLarge, ErrorKind::Cancelled,
};

QDateTime utc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
}

ChecksumSpec checksum(const QString &text)
{
    const Result<ChecksumSpec> parsed = ChecksumSpec::parse(text);
    Q_ASSERT(parsed.ok());
    return parsed.value();
}

// A plain, small download: what the batching tests save by the thousand.
DownloadSnapshot simple(DownloadId id, qint64 position, const QString &note = {})
{
    DownloadSnapshot snapshot;
    snapshot.id = id;
    snapshot.position = position;
    snapshot.entry.url = QUrl(u"https://example.org/file-%1.bin"_s.arg(id));
    snapshot.state = DownloadState::Queued;
    snapshot.addedAt = utc(1'767'225'600'000 + qint64(id));
    snapshot.note = note;
    return snapshot;
}

QList<DownloadSnapshot> simpleList(DownloadId first, int count)
{
    QList<DownloadSnapshot> snapshots;
    snapshots.reserve(count);
    for (int i = 0; i < count; ++i)
        snapshots.append(simple(first + DownloadId(i), qint64(first) + i));
    return snapshots;
}

// The store lists records by id (the order ids were given in), whatever their queue places; as
// SQLite's INTEGER is signed, an id past 2^63 sorts first.
QList<DownloadSnapshot> byId(QList<DownloadSnapshot> snapshots)
{
    std::sort(snapshots.begin(), snapshots.end(), [](const DownloadSnapshot &a, const DownloadSnapshot &b) {
        return qint64(a.id) < qint64(b.id);
    });
    return snapshots;
}

// Every field with values that are easy to get wrong: unicode names and paths, header bytes
// that are not text, several ranges, every state, every error kind, unknown sizes, invalid
// times, each checksum kind, ids past 2^63. Unfinished downloads get a .part of exactly their
// durable length in partDir, so the load check keeps them as they are.
QList<DownloadSnapshot> everyField(const QString &partDir)
{
    const QList<QPair<QByteArray, QByteArray>> headers{
        {"Authorization", "Basic dXNlcjpwYXNz"},
        {"X-Odd", QByteArray("\x00\x01\x7f\x80\xff\r\n\"\\ \xc3\xa9", 13)},
        {"Cookie", "a=b; c=d"},
    };
    const QStringList checksums{
        QString(),
        u"sha-256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"_s,
        u"md5=d41d8cd98f00b204e9800998ecf8427e"_s,
        u"sha-1=da39a3ee5e6b4b0d3255bfef95601890afd80709"_s,
        u"sha-512=cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f"
        "63b931bd47417a81a538327af927da3e"_s,
    };
    const QList<QUrl> urls{
        QUrl(u"https://bücher.example/ordner/datei 1.zip?q=ä&x=1#frag"_s),
        QUrl(u"http://[::1]:8080/a%2Fb?x=%FF"_s),
        QUrl(u"https://user@example.com/path;p/файл.iso"_s),
    };
    const QList<DownloadSettings::ExistingFile> policies{DownloadSettings::ExistingFile::Rename,
                                                        DownloadSettings::ExistingFile::Overwrite,
                                                        DownloadSettings::ExistingFile::Skip};
    QList<DownloadSnapshot> snapshots;
    for (int i = 0; i < int(kAllErrorKinds.size()); ++i) {
        DownloadSnapshot s;
        s.id = i == 0 ? std::numeric_limits<DownloadId>::max() : DownloadId(1000 + i * 7919);
        s.position = 100 - i;  // the reverse of insertion order
        s.entry.url = urls.at(i % urls.size());
        s.entry.line = i;
        s.entry.outName = u"файл-%1 ✓ 下载.bin"_s.arg(i);
        s.entry.dir = i % 2 ? u"/tmp/Téléchargements/%1"_s.arg(i) : QString();
        if (!checksums.at(i % checksums.size()).isEmpty())
            s.entry.checksum = checksum(checksums.at(i % checksums.size()));
        s.entry.headers = i % 3 ? headers : QList<QPair<QByteArray, QByteArray>>();
        if (i % 3 != 1)
            s.entry.split = 1 + i % UrlEntry::kMaxSplit;
        if (i % 4 != 2)
            s.entry.maxBytesPerSecond = i % 4 == 0 ? 0 : qint64(512 * 1024) + i;  // 0: unlimited, unlike nullopt
        s.finalUrl = i % 2 ? urls.at((i + 1) % urls.size()) : QUrl();
        s.state = kAllStates.at(i % kAllStates.size());
        s.fileName = u"naïve file %1.bin"_s.arg(i);
        s.finalPath = partDir + u"/naïve file %1.bin"_s.arg(i);
        s.partPath = s.finalPath + u".part"_s;
        s.existingFile = policies.at(i % policies.size());
        s.totalBytes = i == 3 ? -1 : qint64(5'000'000'000) + i;
        s.durable = {ByteRange{0, 1000}, ByteRange{5000, 7000}, ByteRange{9000, 9001 + i}};
        s.bytesWritten = ByteRanges::total(s.durable);
        s.etag = i % 2 ? QByteArray("\"abc\x00\xff\"", 7) : QByteArray("W/\"weak\"");
        s.lastModified = i % 4 ? QByteArray("Wed, 21 Oct 2015 07:28:00 GMT") : QByteArray();
        s.addedAt = i == 5 ? QDateTime() : utc(1'767'225'600'123 + i);
        s.finishedAt = DownloadStates::isFinal(s.state) ? utc(1'767'229'200'456 + i) : QDateTime();
        s.attempts = i;
        s.error = DownloadError::make(kAllErrorKinds.at(i),
                                      kAllErrorKinds.at(i) == ErrorKind::None ? QString() : u"Fehler ✗ %1"_s.arg(i),
                                      i % 2 == 1);
        s.note = i % 3 == 1 ? u"note ✓ \"quoted\" 'single' %1"_s.arg(i) : QString();
        if (s.state != DownloadState::Completed && s.state != DownloadState::Cancelled)
            writeFile(s.partPath, QByteArray(9001 + i, 'x'));
        snapshots.append(s);
    }
    return snapshots;
}

// Field by field, so a failure names the field.
void compareSnapshots(const QList<DownloadSnapshot> &actual, const QList<DownloadSnapshot> &expected)
{
    QCOMPARE(actual.size(), expected.size());
    for (qsizetype i = 0; i < actual.size(); ++i) {
        const DownloadSnapshot &a = actual.at(i);
        const DownloadSnapshot &e = expected.at(i);
        QCOMPARE(a.id, e.id);
        QCOMPARE(a.position, e.position);
        QCOMPARE(a.entry.url, e.entry.url);
        QCOMPARE(a.entry.line, e.entry.line);
        QCOMPARE(a.entry.outName, e.entry.outName);
        QCOMPARE(a.entry.dir, e.entry.dir);
        QCOMPARE(a.entry.checksum.has_value(), e.entry.checksum.has_value());
        QVERIFY(a.entry.checksum == e.entry.checksum);
        QCOMPARE(a.entry.headers, e.entry.headers);
        QCOMPARE(a.entry.split, e.entry.split);
        QCOMPARE(a.entry.maxBytesPerSecond, e.entry.maxBytesPerSecond);
        QCOMPARE(a.finalUrl, e.finalUrl);
        QCOMPARE(StoreNames::stateName(a.state), StoreNames::stateName(e.state));
        QCOMPARE(a.fileName, e.fileName);
        QCOMPARE(a.partPath, e.partPath);
        QCOMPARE(a.finalPath, e.finalPath);
        QCOMPARE(DownloadSettings::nameOf(a.existingFile), DownloadSettings::nameOf(e.existingFile));
        QCOMPARE(a.totalBytes, e.totalBytes);
        QCOMPARE(a.bytesWritten, e.bytesWritten);
        QCOMPARE(a.durable, e.durable);
        QCOMPARE(a.etag, e.etag);
        QCOMPARE(a.lastModified, e.lastModified);
        QCOMPARE(a.addedAt, e.addedAt);
        QCOMPARE(a.finishedAt, e.finishedAt);
        QCOMPARE(a.attempts, e.attempts);
        QCOMPARE(StoreNames::errorKindName(a.error.kind), StoreNames::errorKindName(e.error.kind));
        QCOMPARE(a.error.message, e.error.message);
        QCOMPARE(a.error.retryable, e.error.retryable);
        QCOMPARE(a.note, e.note);
        QVERIFY(a == e);  // the struct's own ==, in case a field was added above and not here
    }
}

// A store with spies on all it says, for one test.
struct Session {
    explicit Session(const QString &path)
        : store(std::make_unique<DownloadStore>(path))
        , loaded(store.get(), &DownloadStore::loaded)
        , problems(store.get(), &DownloadStore::problem)
        , flushed(store.get(), &DownloadStore::flushed)
    {
    }

    // open() and the list it loads (every problem of the opening has arrived by then: the
    // store thread emits them first).
    QList<DownloadSnapshot> load()
    {
        const qsizetype before = loaded.size();
        store->open();
        if (!QTest::qWaitFor([&] { return loaded.size() > before; }, kLoadTimeoutMs))
            return {};
        return loaded.last().at(0).value<QList<DownloadSnapshot>>();
    }

    bool flush()
    {
        const qsizetype before = flushed.size();
        store->flush();
        return QTest::qWaitFor([&] { return flushed.size() > before; }, kLoadTimeoutMs);
    }

    QStringList problemTexts() const
    {
        QStringList texts;
        for (const QList<QVariant> &arguments : problems)
            texts.append(arguments.at(0).toString());
        return texts;
    }

    std::unique_ptr<DownloadStore> store;
    QSignalSpy loaded;
    QSignalSpy problems;
    QSignalSpy flushed;
};

QList<DownloadSnapshot> loadOnce(const QString &path, QStringList *problems = nullptr)
{
    Session session(path);
    const QList<DownloadSnapshot> snapshots = session.load();
    if (problems)
        *problems = session.problemTexts();
    return snapshots;
}

QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::System | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

// The one ".bad-" copy of name in dir (its companions aside), or empty.
QString asideCopy(const QString &dir, const QString &name)
{
    QStringList copies;
    for (const QString &entry : entries(dir)) {
        if (entry.startsWith(name + u".bad-"_s) && !entry.endsWith(u"-wal"_s) && !entry.endsWith(u"-shm"_s))
            copies.append(entry);
    }
    return copies.size() == 1 ? QDir(dir).filePath(copies.first()) : QString();
}

mode_t modeOf(const QString &path)
{
    struct stat info {};
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? (info.st_mode & 07777) : mode_t(-1);
}

// Runs SQL text (one statement per line-ending ';', "--" comments) on a new file at path.
bool runSql(const QString &path, const QString &sql)
{
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"fixture"_s);
        db.setDatabaseName(path);
        ok = db.open();
        QString statement;
        const QStringList lines = sql.split(u'\n');
        for (const QString &line : lines) {
            if (!ok || line.trimmed().startsWith(u"--"_s) || line.trimmed().isEmpty())
                continue;
            statement += line + u'\n';
            if (!line.trimmed().endsWith(u';'))
                continue;
            QSqlQuery query(db);
            if (!query.exec(statement)) {
                qWarning() << "fixture statement failed:" << statement << query.lastError().text();
                ok = false;
            }
            statement.clear();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"fixture"_s);
    return ok;
}

// One value of a fresh connection's query (user_version, the schema, ...).
QStringList queryColumn(const QString &path, const QString &sql)
{
    QStringList values;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"inspect"_s);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(sql)) {
                while (query.next())
                    values.append(query.value(0).toString());
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"inspect"_s);
    return values;
}

// What every fixture under tests/data holds, as its version could say it.
QList<DownloadSnapshot> fixtureDownloads()
{
    DownloadSnapshot done;
    done.id = 1;
    done.position = 0;
    done.entry.url = QUrl(u"https://example.org/files/Résumé final.pdf"_s);
    done.entry.line = 3;
    done.entry.outName = u"résumé.pdf"_s;
    done.entry.dir = u"/home/ana/Téléchargements"_s;
    done.entry.checksum = checksum(u"sha-256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"_s);
    done.entry.headers = {{"Authorization", "Bearer abc"}, {"X-Odd", QByteArray("a\x00\xff", 3)}};
    done.finalUrl = QUrl(u"https://cdn.example.org/r%C3%A9sum%C3%A9.pdf"_s);
    done.state = DownloadState::Completed;
    done.fileName = u"résumé.pdf"_s;
    done.finalPath = u"/home/ana/Téléchargements/résumé.pdf"_s;
    done.existingFile = DownloadSettings::ExistingFile::Rename;
    done.totalBytes = 1234;
    done.bytesWritten = 1234;
    done.durable = {ByteRange{0, 1234}};
    done.etag = "\"abc\"";
    done.lastModified = "Thu, 01 Jan 2026 00:00:00 GMT";
    done.addedAt = utc(1'767'225'600'000);
    done.finishedAt = utc(1'767'225'661'000);
    done.attempts = 1;

    DownloadSnapshot paused;
    paused.id = 2;
    paused.position = 1;
    paused.entry.url = QUrl(u"http://mirror.example.net/big.iso"_s);
    paused.state = DownloadState::Paused;
    paused.fileName = u"big.iso"_s;
    paused.finalPath = u"/srv/big.iso"_s;
    paused.existingFile = DownloadSettings::ExistingFile::Overwrite;
    paused.totalBytes = 10'485'760;
    paused.bytesWritten = 2'097'152;
    paused.durable = {ByteRange{0, 1'048'576}, ByteRange{2'097'152, 3'145'728}};
    paused.etag = QByteArray("\"v1\x00\x01\"", 6);
    paused.addedAt = utc(1'767'225'700'000);
    paused.attempts = 3;
    paused.error = DownloadError::make(ErrorKind::Network, u"Connection reset by peer"_s, true);
    paused.note = u"Paused by you"_s;

    DownloadSnapshot failed;
    failed.id = 5;
    failed.position = 2;
    failed.entry.url = QUrl(u"https://example.com/missing"_s);
    failed.entry.checksum = checksum(u"md5=d41d8cd98f00b204e9800998ecf8427e"_s);
    failed.state = DownloadState::Failed;
    failed.existingFile = DownloadSettings::ExistingFile::Skip;
    failed.addedAt = utc(1'767'225'800'000);
    failed.finishedAt = utc(1'767'225'801'500);
    failed.attempts = 1;
    failed.error = DownloadError::make(ErrorKind::Http, u"The server answered 404 Not Found"_s, false);
    return {done, paused, failed};
}

} // namespace

class TestDownloadStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripsEveryField();
    void newFileIsPrivate();
    void emptyListLoadsEmpty();
    void saveBeforeOpenIsLoaded();
    void bigSaveIsOneTransaction();
    void queuedSavesShareTransactions();
    void laterSnapshotWins();
    void removals();
    void oddValuesGetSafeDefaults();
    void migratesFixtures_data();
    void migratesFixtures();
    void newestFixtureMatchesSchema();
    void damagedFileIsMovedAside_data();
    void damagedFileIsMovedAside();
    void emptyFileIsNew();
    void newerVersionIsMovedAside();
    void unusablePathFallsBackToMemory_data();
    void unusablePathFallsBackToMemory();
    void diskFullKeepsBatchForRetry();
    void loosePermissionsAreTightened();
};

void TestDownloadStore::roundTripsEveryField()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"list ✓/downloads.db"_s);
    const QString partDir = dir.filePath(u"parts ü ✓"_s);
    QVERIFY(QDir().mkpath(partDir));
    const QList<DownloadSnapshot> saved = everyField(partDir);
    QCOMPARE(saved.size(), kAllErrorKinds.size());
    {
        Session session(path);
        session.store->save(saved);
        QVERIFY(session.flush());
        QCOMPARE(session.problems.size(), 0);
    }
    QStringList problems;
    const QList<DownloadSnapshot> loaded = loadOnce(path, &problems);
    QCOMPARE(problems, QStringList());
    compareSnapshots(loaded, byId(saved));
}

void TestDownloadStore::newFileIsPrivate()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = dir.filePath(u"new/nested"_s);
    const QString path = folder + u"/downloads.db"_s;
    Session session(path);
    QCOMPARE(session.load(), QList<DownloadSnapshot>());
    QCOMPARE(session.problems.size(), 0);
    QCOMPARE(modeOf(path), mode_t(0600));
    QCOMPARE(modeOf(folder), mode_t(0700));
    QCOMPARE(modeOf(dir.filePath(u"new"_s)), mode_t(0700));
    session.store->save({simple(1, 0)});
    QVERIFY(session.flush());
    QCOMPARE(modeOf(path + u"-wal"_s), mode_t(0600));  // SQLite copies the database's mode
    QCOMPARE(modeOf(path + u"-shm"_s), mode_t(0600));
}

void TestDownloadStore::emptyListLoadsEmpty()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Session session(dir.filePath(u"downloads.db"_s));
    QCOMPARE(session.load(), QList<DownloadSnapshot>());
    QCOMPARE(session.loaded.size(), 1);
    QCOMPARE(session.problems.size(), 0);
    QCOMPARE(session.store->databasePath(), dir.filePath(u"downloads.db"_s));
}

void TestDownloadStore::saveBeforeOpenIsLoaded()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Session session(dir.filePath(u"downloads.db"_s));
    session.store->save({simple(3, 1), simple(4, 0)});
    const QList<DownloadSnapshot> loaded = session.load();
    compareSnapshots(loaded, {simple(3, 1), simple(4, 0)});  // by id; the places go with them
}

void TestDownloadStore::bigSaveIsOneTransaction()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"downloads.db"_s);
    constexpr int kCount = 20'000;
    const QList<DownloadSnapshot> saved = simpleList(1, kCount);
    {
        Session session(path);
        session.load();
        const qint64 before = session.store->transactionCount();
        QElapsedTimer timer;
        timer.start();
        session.store->save(saved);
        QVERIFY(session.flush());
        qInfo("%d snapshots saved in %lld ms", kCount, timer.elapsed());
        QCOMPARE(session.store->transactionCount(), before + 1);
    }
    QElapsedTimer timer;
    timer.start();
    const QList<DownloadSnapshot> loaded = loadOnce(path);
    qInfo("%d snapshots loaded in %lld ms", kCount, timer.elapsed());
    QCOMPARE(loaded.size(), kCount);
    QVERIFY(loaded == saved);
}

void TestDownloadStore::queuedSavesShareTransactions()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"downloads.db"_s);
    constexpr int kCalls = 200;
    QList<DownloadSnapshot> expected;
    {
        Session session(path);
        session.load();
        const qint64 before = session.store->transactionCount();
        for (int call = 0; call < kCalls; ++call) {
            QList<DownloadSnapshot> batch = simpleList(DownloadId(call * 10 + 1), 10);
            expected += batch;
            session.store->save(std::move(batch));
        }
        QVERIFY(session.flush());
        const qint64 used = session.store->transactionCount() - before;
        qInfo("%d save() calls took %lld transactions", kCalls, used);
        QVERIFY2(used >= 1 && used < kCalls, qPrintable(QString::number(used)));
    }
    QVERIFY(loadOnce(path) == expected);
}

void TestDownloadStore::laterSnapshotWins()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"downloads.db"_s);
    {
        Session session(path);
        session.load();
        session.store->save({simple(1, 0, u"first"_s), simple(2, 1, u"first"_s)});
        session.store->save({simple(1, 0, u"second"_s)});
        session.store->save({simple(1, 0, u"third"_s)});
        QVERIFY(session.flush());
        session.store->save({simple(2, 1, u"after a commit"_s)});
    }  // the destructor commits the last save
    compareSnapshots(loadOnce(path), {simple(1, 0, u"third"_s), simple(2, 1, u"after a commit"_s)});
}

void TestDownloadStore::removals()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"downloads.db"_s);
    {
        Session session(path);
        session.load();
        session.store->save(simpleList(1, 5));
        QVERIFY(session.flush());
        session.store->save({}, {2, 4, 99});                      // committed rows, and an unknown id
        session.store->save({simple(10, 10)});
        session.store->save({}, {10});                            // a removal after a queued save
        session.store->save({simple(11, 11)}, {11});              // removed in the same call
        session.store->save({}, {12});
        session.store->save({simple(12, 12)});                    // a save after a removal brings it back
        session.store->save({simple(3, 3, u"updated"_s)}, {5});
        QVERIFY(session.flush());
    }
    compareSnapshots(loadOnce(path), {simple(1, 1), simple(3, 3, u"updated"_s), simple(12, 12)});
}

void TestDownloadStore::oddValuesGetSafeDefaults()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"downloads.db"_s);
    loadOnce(path);
    // What another build, a bug or a hand edit could leave: each row loads, with a safe value
    // and a note, and the rest of the list with it.
    QVERIFY(runSql(path, uR"(
INSERT INTO downloads (id, position, url, state) VALUES (1, 0, 'https://a.example/1', 'teleporting');
INSERT INTO downloads (id, position, state, finished_at) VALUES (2, 1, 'exploded', 1767225600000);
INSERT INTO downloads (id, position, state, durable, bytes_written, part_path) VALUES (3, 2, 'paused', '5-2,x', 500, '');
INSERT INTO downloads (id, position, state, checksum) VALUES (4, 3, 'queued', 'sha-256=xyz');
INSERT INTO downloads (id, position, state, headers) VALUES (5, 4, 'completed', '{not json');
INSERT INTO downloads (id, position, state, existing_file, error_kind, error_message) VALUES (6, 5, 'queued', 'obliterate', 'cosmic', 'rays');
INSERT INTO downloads (id, position, state) VALUES (7, 6, 'queued');
INSERT INTO downloads (id, position, state, added_at, headers) VALUES (8, 7, 'queued', 'yesterday', '[["a",1]]');
INSERT INTO downloads (id, position, state, split, max_bytes_per_second) VALUES (9, 8, 'queued', 99, -5);
INSERT INTO downloads (id, position, state, split, max_bytes_per_second) VALUES (10, 9, 'queued', 'many', 'fast');
)"_s));

    Session session(path);
    const QList<DownloadSnapshot> loaded = session.load();
    QCOMPARE(session.problems.size(), 0);
    QCOMPARE(loaded.size(), 10);
    QCOMPARE(loaded.at(0).state, DownloadState::Paused);
    QVERIFY2(loaded.at(0).note.contains(u"teleporting"_s), qPrintable(loaded.at(0).note));
    QCOMPARE(loaded.at(0).entry.url, QUrl(u"https://a.example/1"_s));
    QCOMPARE(loaded.at(1).state, DownloadState::Failed);
    QVERIFY(!loaded.at(1).note.isEmpty());
    QCOMPARE(loaded.at(2).durable, QList<ByteRange>());
    QCOMPARE(loaded.at(2).bytesWritten, 0);
    QCOMPARE(loaded.at(2).note, u"Restarted from zero: the saved progress could not be read."_s);
    QCOMPARE(loaded.at(3).state, DownloadState::Failed);
    QCOMPARE(loaded.at(3).error.kind, ErrorKind::InvalidInput);
    QVERIFY(!loaded.at(3).entry.checksum);
    QCOMPARE(loaded.at(4).state, DownloadState::Completed);
    QCOMPARE(loaded.at(4).entry.headers, (QList<QPair<QByteArray, QByteArray>>()));
    QVERIFY(loaded.at(4).note.contains(u"headers"_s));
    QCOMPARE(loaded.at(5).existingFile, DownloadSettings::ExistingFile::Rename);
    QCOMPARE(loaded.at(5).error.kind, ErrorKind::Network);
    QCOMPARE(loaded.at(5).error.message, u"rays"_s);
    QCOMPARE(loaded.at(6).totalBytes, -1);
    // A split or speed limit out of range follows the settings again, and says so.
    for (const int row : {8, 9}) {
        QVERIFY(!loaded.at(row).entry.split);
        QVERIFY(!loaded.at(row).entry.maxBytesPerSecond);
        QVERIFY2(loaded.at(row).note.contains(u"number of connections"_s) && loaded.at(row).note.contains(u"speed limit"_s),
                 qPrintable(loaded.at(row).note));
        QCOMPARE(loaded.at(row).state, DownloadState::Queued);
    }
    QCOMPARE(loaded.at(6).entry.url, QUrl());
    QCOMPARE(loaded.at(6).error.kind, ErrorKind::None);
    QCOMPARE(loaded.at(6).note, QString());
    QVERIFY(!loaded.at(7).addedAt.isValid());
    QVERIFY(loaded.at(7).note.contains(u"headers"_s));

    // Saving them back writes clean rows.
    session.store->save(loaded);
    QVERIFY(session.flush());
    session.store.reset();
    QVERIFY(loadOnce(path) == loaded);
}

void TestDownloadStore::migratesFixtures_data()
{
    QTest::addColumn<QString>("fixture");
    const QString data = QFINDTESTDATA("data");
    const QStringList fixtures = QDir(data).entryList({u"store-v*.sql"_s}, QDir::Files, QDir::Name);
    QVERIFY(!fixtures.isEmpty());
    for (const QString &name : fixtures)
        QTest::newRow(qPrintable(name)) << QDir(data).filePath(name);
}

void TestDownloadStore::migratesFixtures()
{
    QFETCH(QString, fixture);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"downloads.db"_s);
    QVERIFY(runSql(path, QString::fromUtf8(readFile(fixture))));
    QVERIFY(::chmod(QFile::encodeName(path).constData(), 0600) == 0);

    QStringList problems;
    compareSnapshots(loadOnce(path, &problems), fixtureDownloads());
    QCOMPARE(problems, QStringList());
    QCOMPARE(queryColumn(path, u"PRAGMA user_version"_s), QStringList{QString::number(StoreSchema::latestVersion())});
    // And it keeps working at the new version.
    {
        Session session(path);
        session.load();
        session.store->save({simple(9, 9)});
    }
    compareSnapshots(loadOnce(path), fixtureDownloads() << simple(9, 9));
}

void TestDownloadStore::newestFixtureMatchesSchema()
{
    // A fixture per version: the newest is what this build creates, so a new version cannot
    // ship without one (and a shipped step cannot be edited without this failing).
    const QString fixture = QFINDTESTDATA(u"data/store-v%1.sql"_s.arg(StoreSchema::latestVersion()));
    QVERIFY2(!fixture.isEmpty(), "no fixture for the newest schema version");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString fromFixture = dir.filePath(u"fixture.db"_s);
    QVERIFY(runSql(fromFixture, QString::fromUtf8(readFile(fixture))));
    const QString fresh = dir.filePath(u"fresh.db"_s);
    loadOnce(fresh);
    const QString schema = u"SELECT type || ' ' || name || ': ' || sql FROM sqlite_master ORDER BY name"_s;
    QCOMPARE(queryColumn(fromFixture, schema), queryColumn(fresh, schema));
    QCOMPARE(queryColumn(fromFixture, u"PRAGMA user_version"_s), queryColumn(fresh, u"PRAGMA user_version"_s));
}

void TestDownloadStore::damagedFileIsMovedAside_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("random bytes") << u"random"_s;
    QTest::newRow("text") << u"text"_s;
    QTest::newRow("truncated database") << u"truncated"_s;
    QTest::newRow("header only") << u"header"_s;
}

void TestDownloadStore::damagedFileIsMovedAside()
{
    QFETCH(QString, kind);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"downloads.db"_s);
    QByteArray bytes;
    if (kind == u"random"_s) {
        QRandomGenerator generator(42);
        bytes.resize(64 * 1024);
        for (char &byte : bytes)
            byte = static_cast<char>(generator.bounded(256));
    } else if (kind == u"text"_s) {
        bytes = "this is not a database\n";
    } else {
        {
            Session session(path);
            session.load();
            QList<DownloadSnapshot> many = simpleList(1, 2000);
            for (DownloadSnapshot &snapshot : many)
                snapshot.note = QString(200, u'n');
            session.store->save(many);
        }
        bytes = readFile(path);
        QVERIFY(bytes.size() > 100 * 1024);
        bytes.truncate(kind == u"header"_s ? 100 : bytes.size() / 2);
        QVERIFY(QFile::remove(path));
    }
    QVERIFY(writeFile(path, bytes));
    // A WAL left beside a damaged file goes with it: SQLite would apply it to the new one.
    const QByteArray wal = "not a write-ahead log either";
    if (kind == u"random"_s)
        QVERIFY(writeFile(path + u"-wal"_s, wal));

    Session session(path);
    QCOMPARE(session.load(), QList<DownloadSnapshot>());
    QCOMPARE(session.problems.size(), 1);
    const QString message = session.problemTexts().first();
    QVERIFY2(message.contains(u"moved aside"_s) && message.contains(u"could not be read"_s), qPrintable(message));
    const QString aside = asideCopy(dir.path(), u"downloads.db"_s);
    QVERIFY2(!aside.isEmpty(), qPrintable(entries(dir.path()).join(u", "_s)));
    QVERIFY2(message.contains(aside), qPrintable(message));
    QCOMPARE(readFile(aside), bytes);
    if (kind == u"random"_s)
        QCOMPARE(readFile(aside + u"-wal"_s), wal);
    QCOMPARE(modeOf(path), mode_t(0600));

    // The new list works.
    session.store->save({simple(1, 0)});
    QVERIFY(session.flush());
    session.store.reset();
    QStringList problems;
    compareSnapshots(loadOnce(path, &problems), {simple(1, 0)});
    QCOMPARE(problems, QStringList());
    QCOMPARE(session.problems.size(), 1);
}

void TestDownloadStore::emptyFileIsNew()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"downloads.db"_s);
    QVERIFY(writeFile(path, QByteArray()));
    QVERIFY(::chmod(QFile::encodeName(path).constData(), 0600) == 0);
    {
        Session session(path);
        QCOMPARE(session.load(), QList<DownloadSnapshot>());
        QCOMPARE(session.problems.size(), 0);
        session.store->save({simple(1, 0)});
    }
    QCOMPARE(entries(dir.path()), QStringList{u"downloads.db"_s});
    compareSnapshots(loadOnce(path), {simple(1, 0)});
}

void TestDownloadStore::newerVersionIsMovedAside()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"downloads.db"_s);
    const int newer = StoreSchema::latestVersion() + 1;
    QVERIFY(runSql(path, u"CREATE TABLE downloads (id INTEGER PRIMARY KEY, shape_of_the_future TEXT);\n"
                         "INSERT INTO downloads VALUES (1, 'keep me');\n"
                         "PRAGMA user_version = %1;\n"_s.arg(newer)));
    const QByteArray bytes = readFile(path);

    Session session(path);
    QCOMPARE(session.load(), QList<DownloadSnapshot>());
    QCOMPARE(session.problems.size(), 1);
    const QString message = session.problemTexts().first();
    QVERIFY2(message.contains(u"written by a newer version of Gather"_s) && message.contains(u"moved aside"_s),
             qPrintable(message));
    const QString aside = asideCopy(dir.path(), u"downloads.db"_s);
    QVERIFY(!aside.isEmpty());
    QCOMPARE(readFile(aside), bytes);
    QCOMPARE(queryColumn(aside, u"PRAGMA user_version"_s), QStringList{QString::number(newer)});

    session.store->save({simple(1, 0)});
    QVERIFY(session.flush());
    session.store.reset();
    compareSnapshots(loadOnce(path), {simple(1, 0)});
    QCOMPARE(session.problems.size(), 1);
}

void TestDownloadStore::unusablePathFallsBackToMemory_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("a folder at the path") << u"folder"_s;
    QTest::newRow("a file where the folder goes") << u"file in the way"_s;
}

void TestDownloadStore::unusablePathFallsBackToMemory()
{
    QFETCH(QString, kind);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString path = dir.filePath(u"downloads.db"_s);
    if (kind == u"folder"_s) {
        QVERIFY(QDir().mkpath(path + u"/inside"_s));
    } else {
        QVERIFY(writeFile(dir.filePath(u"afile"_s), "plain"));
        path = dir.filePath(u"afile/sub/downloads.db"_s);
    }
    const QStringList before = entries(dir.path());

    Session session(path);
    QCOMPARE(session.load(), QList<DownloadSnapshot>());
    QCOMPARE(session.problems.size(), 1);
    const QString message = session.problemTexts().first();
    QVERIFY2(message.startsWith(u"The download list cannot be kept after Gather closes"_s), qPrintable(message));
    QVERIFY2(message.contains(kind == u"folder"_s ? u"is a folder, not a file"_s : u"Not a directory"_s),
             qPrintable(message));

    // The session still works, in memory.
    const qint64 transactions = session.store->transactionCount();
    session.store->save({simple(1, 0), simple(2, 1)});
    QVERIFY(session.flush());
    QCOMPARE(session.store->transactionCount(), transactions + 1);
    compareSnapshots(session.load(), {simple(1, 0), simple(2, 1)});
    QCOMPARE(session.problems.size(), 1);

    session.store.reset();
    QCOMPARE(entries(dir.path()), before);  // nothing was moved, made or deleted
    if (kind == u"folder"_s)
        QCOMPARE(entries(path), QStringList{u"inside"_s});
}

void TestDownloadStore::diskFullKeepsBatchForRetry()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString mountPoint = dir.filePath(u"small"_s);
    TmpfsMount mount(mountPoint, u"size=4m"_s);
    if (!mount.isMounted())
        QSKIP("needs root and permission to mount a tmpfs");
    const QString path = mountPoint + u"/downloads.db"_s;
    const QString filler = mountPoint + u"/filler"_s;

    QList<DownloadSnapshot> first = simpleList(1, 300);
    for (DownloadSnapshot &snapshot : first)
        snapshot.note = QString(1000, u'f');
    const QList<DownloadSnapshot> second = simpleList(1000, 20);
    {
        Session session(path);
        QCOMPARE(session.load(), QList<DownloadSnapshot>());
        const qint64 transactions = session.store->transactionCount();

        const int fd = ::open(QFile::encodeName(filler).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        QVERIFY(fd >= 0);
        const QByteArray block(64 * 1024, 'z');
        while (::write(fd, block.constData(), size_t(block.size())) > 0) {
        }
        QCOMPARE(errno, ENOSPC);
        ::close(fd);

        // open() is a barrier: the store thread reads after writing what was saved before it.
        session.store->save(first);
        QCOMPARE(session.load(), QList<DownloadSnapshot>());
        QCOMPARE(session.problems.size(), 1);
        const QString message = session.problemTexts().first();
        QVERIFY2(message.startsWith(u"The download list could not be saved: disk full"_s), qPrintable(message));
        session.store->save(second);
        QCOMPARE(session.load(), QList<DownloadSnapshot>());
        QCOMPARE(session.problems.size(), 1);  // once for the whole bad spell
        QCOMPARE(session.flushed.size(), 0);
        QCOMPARE(session.store->transactionCount(), transactions);

        QVERIFY(QFile::remove(filler));
        QVERIFY(session.flush());
        QCOMPARE(session.store->transactionCount(), transactions + 1);
        QCOMPARE(session.problems.size(), 1);
    }
    compareSnapshots(loadOnce(path), first + second);
}

void TestDownloadStore::loosePermissionsAreTightened()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"downloads.db"_s);
    {
        Session session(path);
        session.store->save({simple(1, 0)});
    }
    QVERIFY(::chmod(QFile::encodeName(path).constData(), 0644) == 0);
    Session session(path);
    compareSnapshots(session.load(), {simple(1, 0)});
    QCOMPARE(modeOf(path), mode_t(0600));
    QCOMPARE(session.problems.size(), 1);
    const QString message = session.problemTexts().first();
    QVERIFY2(message.contains(u"could be read by other users"_s), qPrintable(message));
    session.store.reset();
    QStringList problems;
    loadOnce(path, &problems);
    QCOMPARE(problems, QStringList());  // said once, fixed for good
}

QTEST_GUILESS_MAIN(TestDownloadStore)
#include "tst_downloadstore.moc"
