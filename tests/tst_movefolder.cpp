// Moving a download that is not under way to another folder, from the server's side and on disk:
// a paused one's .part moves and the transfer goes on from where it was (a Range request past
// zero, the right SHA-256 in the new folder); a failed one moves and its retry continues; a
// name taken in the new folder refuses the move and keeps the .part where it was; a download
// that fetched nothing yet just takes the folder; a cancel during the move deletes the .part
// where the move left it. PartMove itself: rename, copy between file systems, refusals.
#include "disk/partmove.h"
#include "enginefixture.h"
#include "faultserver.h"
#include "testfiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using TestFiles::readFile;
using TestFiles::writeFile;

namespace {

constexpr qint64 kSize = 3 * 1024 * 1024;

QStringList namesIn(const QString &folder)
{
    return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

// A file the server can resume (ranges and an ETag), sent at bytesPerSecond (0 = at once).
FaultResponse resumable(quint32 seed, qint64 bytesPerSecond = 0)
{
    FaultResponse response = FaultResponse::generated(kSize, seed);
    response.etag = "\"move-v1\"";
    response.bytesPerSecond = bytesPerSecond;
    return response;
}

} // namespace

class TestMoveFolder final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.listen()); }
    void init() { m_server.clearRecords(); }

    void pausedMovesWithItsPart();
    void failedMovesAndRetryContinues();
    void takenNameRefusesTheMove();
    void notStartedJustTakesTheFolder();
    void cancelDuringTheMoveDeletesWhereItArrived();
    void partMoveRenamesAndCopies();
    void partMoveRefuses();

private:
    FaultServer m_server;
};

void TestMoveFolder::pausedMovesWithItsPart()
{
    m_server.setResponse(QStringLiteral("/mv/paused.bin"), resumable(1, 1024 * 1024));
    EngineFixture engine;
    QTemporaryDir other;
    const QString target = other.filePath(QStringLiteral("new/place"));  // made by the move
    const DownloadId id = engine.add(m_server.url(QStringLiteral("/mv/paused.bin")));
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).bytesReceived() > 256 * 1024, 10000);
    engine.manager().pause(id);

    engine.manager().moveTo({id}, target);
    QVERIFY(engine.download(id).isMoving());
    QTRY_VERIFY_WITH_TIMEOUT(!engine.download(id).isMoving(), 10000);
    QCOMPARE(engine.download(id).note(), QStringLiteral("Moved to %1").arg(target));
    QCOMPARE(engine.download(id).state(), DownloadState::Paused);
    const QString part = target + QStringLiteral("/paused.bin.part");
    QCOMPARE(engine.download(id).filePath(), part);
    QCOMPARE(engine.download(id).folder(), target);
    QCOMPARE(engine.files(), QStringList());  // nothing left behind
    const qint64 kept = engine.download(id).bytesReceived();
    QVERIFY(kept > 256 * 1024);
    QCOMPARE(readFile(part).left(kept), FaultServer::generatedBody(kSize, 1).left(kept));

    m_server.setResponse(QStringLiteral("/mv/paused.bin"), resumable(1));
    engine.manager().resume(id);
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(engine.download(id).note(), QString());  // no "Completed (Moved to ...)"
    QCOMPARE(EngineFixture::fileSha256(target + QStringLiteral("/paused.bin")), EngineFixture::sha256(FaultServer::generatedBody(kSize, 1)));
    QCOMPARE(namesIn(target), QStringList{QStringLiteral("paused.bin")});
    // It went on from the bytes it kept, not from zero.
    const QList<RecordedRequest> requests = m_server.requests(QStringLiteral("/mv/paused.bin"));
    QVERIFY(requests.size() >= 2);
    QCOMPARE(requests.last().rangeStart(), kept);
}

void TestMoveFolder::failedMovesAndRetryContinues()
{
    FaultResponse broken = resumable(2);
    broken.truncateAfter = 300 * 1024;
    broken.chunkDelayMs = 20;
    m_server.setResponse(QStringLiteral("/mv/failed.bin"), broken);
    DownloadSettings settings = EngineFixture::testSettings();
    settings.retries = 0;
    EngineFixture engine(settings);
    QTemporaryDir other;
    const DownloadId id = engine.add(m_server.url(QStringLiteral("/mv/failed.bin")));
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Failed);
    QTRY_VERIFY(QFileInfo(engine.path(QStringLiteral("failed.bin.part"))).size() > 0);

    engine.manager().moveTo({id}, other.path());
    QTRY_VERIFY_WITH_TIMEOUT(!engine.download(id).isMoving(), 10000);
    QCOMPARE(engine.download(id).note(), QStringLiteral("Moved to %1").arg(other.path()));
    QCOMPARE(engine.download(id).state(), DownloadState::Failed);
    QCOMPARE(engine.files(), QStringList());
    QCOMPARE(namesIn(other.path()), QStringList{QStringLiteral("failed.bin.part")});

    m_server.setResponse(QStringLiteral("/mv/failed.bin"), resumable(2));
    engine.manager().retry(id);
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(EngineFixture::fileSha256(other.filePath(QStringLiteral("failed.bin"))), EngineFixture::sha256(FaultServer::generatedBody(kSize, 2)));
    QCOMPARE(m_server.requests(QStringLiteral("/mv/failed.bin")).last().rangeStart(), 300 * 1024);
}

void TestMoveFolder::takenNameRefusesTheMove()
{
    m_server.setResponse(QStringLiteral("/mv/taken.bin"), resumable(3, 1024 * 1024));
    EngineFixture engine;
    QTemporaryDir other;
    QVERIFY(writeFile(other.filePath(QStringLiteral("taken.bin")), "someone else's file"));
    const DownloadId id = engine.add(m_server.url(QStringLiteral("/mv/taken.bin")));
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).bytesReceived() > 0, 10000);
    engine.manager().pause(id);

    engine.manager().moveTo({id}, other.path());
    QTRY_VERIFY_WITH_TIMEOUT(!engine.download(id).isMoving(), 10000);
    QCOMPARE(engine.download(id).note(), QStringLiteral("Not moved: %1 already has a file named taken.bin").arg(other.path()));
    QCOMPARE(readFile(other.filePath(QStringLiteral("taken.bin"))), QByteArray("someone else's file"));
    QCOMPARE(engine.download(id).filePath(), engine.path(QStringLiteral("taken.bin.part")));
    QCOMPARE(engine.download(id).folder(), engine.folder());

    m_server.setResponse(QStringLiteral("/mv/taken.bin"), resumable(3));
    engine.manager().resume(id);
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("taken.bin"))), EngineFixture::sha256(FaultServer::generatedBody(kSize, 3)));
}

void TestMoveFolder::notStartedJustTakesTheFolder()
{
    FaultResponse hang = FaultResponse::generated(kSize, 4);
    hang.bytesPerSecond = 64 * 1024;
    m_server.setResponse(QStringLiteral("/mv/first.bin"), hang);
    m_server.setResponse(QStringLiteral("/mv/second.bin"), resumable(5));
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = 1;
    EngineFixture engine(settings);
    QTemporaryDir other;
    const DownloadId first = engine.add(m_server.url(QStringLiteral("/mv/first.bin")));
    const DownloadId second = engine.add(m_server.url(QStringLiteral("/mv/second.bin")));
    QTRY_COMPARE(engine.manager().activeCount(), 1);
    QCOMPARE(engine.download(second).state(), DownloadState::Queued);

    engine.manager().moveTo({second}, other.path());
    QVERIFY(!engine.download(second).isMoving());
    QCOMPARE(engine.download(second).state(), DownloadState::Queued);
    QCOMPARE(engine.download(second).note(), QStringLiteral("Will be saved in %1").arg(other.path()));
    engine.manager().remove(first);
    QVERIFY(engine.waitFinal(second));
    QCOMPARE(EngineFixture::fileSha256(other.filePath(QStringLiteral("second.bin"))), EngineFixture::sha256(FaultServer::generatedBody(kSize, 5)));
}

void TestMoveFolder::cancelDuringTheMoveDeletesWhereItArrived()
{
    m_server.setResponse(QStringLiteral("/mv/cancel.bin"), resumable(6, 1024 * 1024));
    EngineFixture engine;
    QTemporaryDir other;
    const DownloadId id = engine.add(m_server.url(QStringLiteral("/mv/cancel.bin")));
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).bytesReceived() > 0, 10000);
    engine.manager().pause(id);
    engine.manager().moveTo({id}, other.path());
    QVERIFY(engine.download(id).isMoving());  // the writer closes first, on the pool
    engine.manager().cancel(id);
    QTRY_COMPARE_WITH_TIMEOUT(engine.download(id).state(), DownloadState::Cancelled, 10000);
    engine.diskPool().waitForDone();
    QCOMPARE(engine.files(), QStringList());
    QCOMPARE(namesIn(other.path()), QStringList());
}

void TestMoveFolder::partMoveRenamesAndCopies()
{
    QTemporaryDir here;
    const QByteArray body = FaultServer::generatedBody(5 * 1024 * 1024 + 17, 7);
    const QString part = here.filePath(QStringLiteral("a.bin.part"));
    QVERIFY(writeFile(part, body));
    const Result<QString> renamed = PartMove::move(part, QStringLiteral("a.bin"), here.filePath(QStringLiteral("sub/dir")));
    QVERIFY2(renamed.ok(), qPrintable(renamed.problem()));
    QCOMPARE(renamed.value(), here.filePath(QStringLiteral("sub/dir/a.bin.part")));
    QVERIFY(!QFileInfo::exists(part));
    QCOMPARE(readFile(renamed.value()), body);

    // Another file system (tmpfs) when this machine has one apart from the temporary folder's:
    // the copy path, fsynced before the original goes.
    struct stat tmpInfo {};
    struct stat shmInfo {};
    if (::stat(QFile::encodeName(here.path()).constData(), &tmpInfo) != 0 || ::stat("/dev/shm", &shmInfo) != 0
        || tmpInfo.st_dev == shmInfo.st_dev || !QFileInfo(QStringLiteral("/dev/shm")).isWritable())
        QSKIP("no second file system to copy across");
    QTemporaryDir shm(QStringLiteral("/dev/shm/gather-move-XXXXXX"));
    QVERIFY(shm.isValid());
    const Result<QString> copied = PartMove::move(renamed.value(), QStringLiteral("a.bin"), shm.path());
    QVERIFY2(copied.ok(), qPrintable(copied.problem()));
    QCOMPARE(copied.value(), shm.filePath(QStringLiteral("a.bin.part")));
    QVERIFY(!QFileInfo::exists(renamed.value()));
    QCOMPARE(readFile(copied.value()), body);
}

void TestMoveFolder::partMoveRefuses()
{
    QTemporaryDir here;
    QTemporaryDir there;
    const QString part = here.filePath(QStringLiteral("b.bin.part"));
    QVERIFY(writeFile(part, "partial"));
    // The unfinished name taken.
    QVERIFY(writeFile(there.filePath(QStringLiteral("b.bin.part")), "other"));
    Result<QString> moved = PartMove::move(part, QStringLiteral("b.bin"), there.path());
    QVERIFY(!moved.ok());
    QCOMPARE(moved.problem(), QStringLiteral("%1 already has a file named b.bin.part").arg(there.path()));
    QCOMPARE(readFile(there.filePath(QStringLiteral("b.bin.part"))), QByteArray("other"));
    QCOMPARE(readFile(part), QByteArray("partial"));
    // A file where the folder should be.
    QVERIFY(writeFile(there.filePath(QStringLiteral("file")), "x"));
    moved = PartMove::move(part, QStringLiteral("b.bin"), there.filePath(QStringLiteral("file/sub")));
    QVERIFY(!moved.ok());
    QVERIFY2(moved.problem().startsWith(QStringLiteral("Cannot create the folder")), qPrintable(moved.problem()));
    QCOMPARE(readFile(part), QByteArray("partial"));
    // The .part gone from under it.
    QVERIFY(QFile::remove(part));
    moved = PartMove::move(part, QStringLiteral("b.bin"), here.filePath(QStringLiteral("new")));
    QVERIFY(!moved.ok());
    QVERIFY2(moved.problem().contains(QStringLiteral("No such file")), qPrintable(moved.problem()));
}

QTEST_GUILESS_MAIN(TestMoveFolder)
#include "tst_movefolder.moc"
