// A download's life across a restart of the engine: what Download::snapshot() keeps is what
// DownloadManager::restore() brings back, a .part is reopened trusting only its durable ranges,
// finished downloads come back as history, and bytes become durable by time as well as by size.
#include "enginefixture.h"
#include "faultserver.h"

#include <QFile>
#include <QFileInfo>
#include <QObject>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

class TestRestore final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_server.listen()); }
    void interruptedResumesFromDurableBytes();
    void userPauseSurvivesRestart();
    void unsyncedBytesAreFetchedAgain();
    void withoutResumeStaysPaused();
    void completedComesBackAsHistory();
    void cancelDeletesRestoredPart();
    void vanishedPartStartsAfresh();
    void durableAdvancesByTime();
    void newIdsFollowRestoredOnes();

private:
    static constexpr qint64 kSize = 2 * 1024 * 1024;

    // A download of /name paused part way, its durable bytes synced; returns its snapshot.
    DownloadSnapshot pausedPartWay(EngineFixture &engine, const QString &name, quint32 seed)
    {
        FaultResponse slow = FaultResponse::generated(kSize, seed);
        slow.bytesPerSecond = 512 * 1024;
        slow.chunkSize = 16 * 1024;
        slow.etag = "\"" + name.toLatin1() + "-v1\"";
        m_server.setResponse(u"/"_s + name, slow);
        const DownloadId id = engine.add(m_server.url(u"/"_s + name));
        if (!QTest::qWaitFor([&] { return engine.download(id).bytesReceived() >= 256 * 1024; }, 10000))
            return {};
        engine.manager().pause(id);
        const bool durable = QTest::qWaitFor([&] {
            const Download &d = engine.download(id);
            return d.durableRanges() == QList<ByteRange>{ByteRange{0, d.bytesReceived()}};
        }, 10000);
        if (!durable)
            return {};
        return engine.manager().snapshots({id}).value(0);
    }

    // The first range the server was asked for after the restart, or -1 for a whole-file GET.
    qint64 resumedFrom(const QString &name, qsizetype requestsBefore)
    {
        const QList<RecordedRequest> requests = m_server.requests(u"/"_s + name).mid(requestsBefore);
        return requests.isEmpty() ? -2 : requests.first().rangeStart();
    }

    FaultServer m_server;
};

void TestRestore::interruptedResumesFromDurableBytes()
{
    // Quit while it runs: the snapshot taken after the shutdown says it was on its way, with
    // every byte it counts synced; the next run continues from there.
    FaultResponse slow = FaultResponse::generated(kSize, 1);
    slow.bytesPerSecond = 512 * 1024;
    slow.chunkSize = 16 * 1024;
    slow.etag = "\"quit-v1\"";
    m_server.setResponse(u"/quit.bin"_s, slow);
    EngineFixture engine;
    const DownloadId id = engine.add(m_server.url(u"/quit.bin"_s));
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).bytesReceived() >= 256 * 1024, 10000);
    QVERIFY(engine.shutdown());
    QCOMPARE(engine.download(id).state(), DownloadState::Paused);
    const DownloadSnapshot saved = engine.manager().snapshots({id}).value(0);
    QCOMPARE(saved.state, DownloadState::Queued);
    QVERIFY(!saved.partPath.isEmpty());
    QCOMPARE(saved.totalBytes, kSize);
    QCOMPARE(saved.etag, QByteArray("\"quit-v1\""));
    const qint64 durable = ByteRanges::total(saved.durable);
    QCOMPARE(saved.durable, (QList<ByteRange>{ByteRange{0, durable}}));
    QCOMPARE(durable, saved.bytesWritten);
    QVERIFY(durable >= 256 * 1024 && durable < kSize);
    const qsizetype before = m_server.requests(u"/quit.bin"_s).size();

    QVERIFY(engine.restart());
    QCOMPARE(engine.manager().restore({saved}, true), QList<DownloadId>{saved.id});
    const Download &d = engine.download(saved.id);
    QCOMPARE(d.bytesReceived(), durable);
    QCOMPARE(d.totalBytes(), kSize);
    QVERIFY(d.note().isEmpty());
    QVERIFY(engine.waitFinal(saved.id));
    QCOMPARE(d.state(), DownloadState::Completed);
    QCOMPARE(resumedFrom(u"quit.bin"_s, before), durable);
    QCOMPARE(m_server.requests(u"/quit.bin"_s).mid(before).first().header("if-range"), QByteArray("\"quit-v1\""));
    QCOMPARE(EngineFixture::fileSha256(engine.path(u"quit.bin"_s)), EngineFixture::sha256(FaultServer::generatedBody(kSize, 1)));
    QCOMPARE(engine.files(), QStringList{u"quit.bin"_s});
}

void TestRestore::userPauseSurvivesRestart()
{
    EngineFixture engine;
    const DownloadSnapshot saved = pausedPartWay(engine, u"paused.bin"_s, 9);
    QCOMPARE(saved.state, DownloadState::Paused);
    const qsizetype before = m_server.requests(u"/paused.bin"_s).size();
    QVERIFY(engine.restart());
    engine.manager().restore({saved}, true);
    QCOMPARE(engine.download(saved.id).state(), DownloadState::Paused);
    QCOMPARE(engine.download(saved.id).bytesReceived(), ByteRanges::total(saved.durable));
    engine.manager().resume(saved.id);
    QVERIFY(engine.waitFinal(saved.id));
    QCOMPARE(resumedFrom(u"paused.bin"_s, before), ByteRanges::total(saved.durable));
    QCOMPARE(EngineFixture::fileSha256(engine.path(u"paused.bin"_s)), EngineFixture::sha256(FaultServer::generatedBody(kSize, 9)));
}

void TestRestore::unsyncedBytesAreFetchedAgain()
{
    // A crash can leave bytes in the .part that were never synced: only the recorded durable
    // ranges count, the rest is cut off and fetched again.
    EngineFixture engine;
    DownloadSnapshot saved = pausedPartWay(engine, u"crash.bin"_s, 2);
    QVERIFY(ByteRanges::total(saved.durable) > 100 * 1024);
    saved.durable = {ByteRange{0, 100 * 1024}};
    saved.state = DownloadState::Downloading;  // killed while it ran
    const qsizetype before = m_server.requests(u"/crash.bin"_s).size();
    QVERIFY(engine.restart());
    engine.manager().restore({saved}, true);
    QVERIFY(engine.waitFinal(saved.id));
    QCOMPARE(engine.download(saved.id).state(), DownloadState::Completed);
    QCOMPARE(resumedFrom(u"crash.bin"_s, before), 100 * 1024);
    QCOMPARE(EngineFixture::fileSha256(engine.path(u"crash.bin"_s)), EngineFixture::sha256(FaultServer::generatedBody(kSize, 2)));
}

void TestRestore::withoutResumeStaysPaused()
{
    EngineFixture engine;
    DownloadSnapshot saved = pausedPartWay(engine, u"later.bin"_s, 3);
    saved.state = DownloadState::Downloading;  // it was running when Gather stopped
    const qsizetype before = m_server.requests(u"/later.bin"_s).size();
    QVERIFY(engine.restart());
    engine.manager().restore({saved}, false);
    QCOMPARE(engine.download(saved.id).state(), DownloadState::Paused);
    QCOMPARE(engine.manager().countIn(DownloadState::Paused), 1);
    QCOMPARE(engine.manager().pendingCount(), 0);
    QCOMPARE(m_server.requests(u"/later.bin"_s).size(), before);
    engine.manager().resume(saved.id);
    QVERIFY(engine.waitFinal(saved.id));
    QCOMPARE(engine.download(saved.id).state(), DownloadState::Completed);
    QCOMPARE(EngineFixture::fileSha256(engine.path(u"later.bin"_s)), EngineFixture::sha256(FaultServer::generatedBody(kSize, 3)));
}

void TestRestore::completedComesBackAsHistory()
{
    FaultResponse done = FaultResponse::generated(5000, 4);
    done.etag = "\"done\"";
    done.lastModified = "Wed, 02 Dec 2026 10:00:00 GMT";
    m_server.setResponse(u"/done.bin"_s, done);
    EngineFixture engine;
    const DownloadId id = engine.add(m_server.url(u"/done.bin"_s));
    QVERIFY(engine.waitFinal(id));
    const DownloadSnapshot saved = engine.manager().snapshots({id}).value(0);
    QCOMPARE(saved.state, DownloadState::Completed);
    QCOMPARE(saved.finalPath, engine.path(u"done.bin"_s));
    QVERIFY(saved.partPath.isEmpty());
    QCOMPARE(saved.bytesWritten, 5000);
    QVERIFY(saved.finishedAt.isValid() && saved.finishedAt >= saved.addedAt);
    QCOMPARE(saved.attempts, 1);
    const qsizetype before = m_server.requests(u"/done.bin"_s).size();

    QVERIFY(engine.restart());
    engine.manager().restore({saved}, true);
    const Download &d = engine.download(id);
    QCOMPARE(d.state(), DownloadState::Completed);
    QCOMPARE(d.filePath(), engine.path(u"done.bin"_s));
    QCOMPARE(d.fileName(), u"done.bin"_s);
    QCOMPARE(d.bytesReceived(), 5000);
    QCOMPARE(d.totalBytes(), 5000);
    QCOMPARE(d.etag(), QByteArray("\"done\""));
    QCOMPARE(d.lastModified(), QByteArray("Wed, 02 Dec 2026 10:00:00 GMT"));
    QCOMPARE(d.addedAt(), saved.addedAt);
    QCOMPARE(d.finishedAt(), saved.finishedAt);
    QCOMPARE(engine.manager().snapshots({id}).value(0), saved);
    QCOMPARE(m_server.requests(u"/done.bin"_s).size(), before);

    // History can still delete its file, though no writer ever held it in this run.
    QSignalSpy deleted(&engine.manager(), &DownloadManager::fileDeleted);
    engine.manager().removeAndDelete(id);
    QTRY_COMPARE(deleted.count(), 1);
    QCOMPARE(deleted[0][0].toString(), engine.path(u"done.bin"_s));
    QVERIFY(deleted[0][1].value<Result<void>>().ok());
    QCOMPARE(engine.files(), QStringList());
}

void TestRestore::cancelDeletesRestoredPart()
{
    EngineFixture engine;
    const DownloadSnapshot saved = pausedPartWay(engine, u"cancel.bin"_s, 5);
    QVERIFY(engine.restart());
    engine.manager().restore({saved}, false);
    QCOMPARE(engine.files(), QStringList{u"cancel.bin.part"_s});
    engine.manager().cancel(saved.id);
    QCOMPARE(engine.download(saved.id).state(), DownloadState::Cancelled);
    QTRY_COMPARE(engine.files(), QStringList());
}

void TestRestore::vanishedPartStartsAfresh()
{
    // The store says how far the .part got, but the file is gone (and the check at load cleared
    // the ranges): the same name is used again, from byte zero.
    EngineFixture engine;
    DownloadSnapshot saved = pausedPartWay(engine, u"gone.bin"_s, 6);
    QVERIFY(engine.restart());
    QVERIFY(QFile::remove(saved.partPath));
    saved.durable.clear();
    saved.state = DownloadState::Queued;
    const qsizetype before = m_server.requests(u"/gone.bin"_s).size();
    engine.manager().restore({saved}, true);
    QVERIFY(engine.waitFinal(saved.id));
    QCOMPARE(engine.download(saved.id).state(), DownloadState::Completed);
    QCOMPARE(resumedFrom(u"gone.bin"_s, before), -1);
    QCOMPARE(engine.files(), QStringList{u"gone.bin"_s});
    QCOMPARE(EngineFixture::fileSha256(engine.path(u"gone.bin"_s)), EngineFixture::sha256(FaultServer::generatedBody(kSize, 6)));
}

void TestRestore::durableAdvancesByTime()
{
    // 256 KiB/s: 64 MiB would take minutes. Within the 5 s ceiling (plus a tick) the written
    // bytes become durable while the download runs, so a crash costs at most that much.
    FaultResponse slow = FaultResponse::generated(8 * 1024 * 1024, 7);
    slow.bytesPerSecond = 256 * 1024;
    slow.chunkSize = 16 * 1024;
    m_server.setResponse(u"/slow.bin"_s, slow);
    EngineFixture engine;
    const DownloadId id = engine.add(m_server.url(u"/slow.bin"_s));
    QVERIFY(engine.waitState(id, DownloadState::Downloading));
    QTRY_VERIFY_WITH_TIMEOUT(ByteRanges::total(engine.download(id).durableRanges()) > 0, 9000);
    QCOMPARE(engine.download(id).state(), DownloadState::Downloading);
    const qint64 first = ByteRanges::total(engine.download(id).durableRanges());
    QTRY_VERIFY_WITH_TIMEOUT(ByteRanges::total(engine.download(id).durableRanges()) > first, 9000);
    QCOMPARE(engine.download(id).state(), DownloadState::Downloading);
    engine.manager().cancel(id);
}

void TestRestore::newIdsFollowRestoredOnes()
{
    m_server.setResponse(u"/n.bin"_s, FaultResponse::generated(100, 8));
    EngineFixture engine;
    DownloadSnapshot far;
    far.id = 41;
    far.entry.url = m_server.url(u"/old.bin"_s);
    far.entry.dir = engine.folder();
    far.state = DownloadState::Failed;
    far.error = DownloadError::make(ErrorKind::Http, u"Server said 404 Not Found"_s);
    far.addedAt = QDateTime::currentDateTimeUtc();
    QCOMPARE(engine.manager().restore({far}, true), QList<DownloadId>{41});
    QCOMPARE(engine.download(41).error().message, u"Server said 404 Not Found"_s);
    QCOMPARE(engine.manager().findByUrl(m_server.url(u"/old.bin"_s)), DownloadId(41));
    // An id already used is never restored twice.
    QCOMPARE(engine.manager().restore({far}, true), QList<DownloadId>{});
    const DownloadId next = engine.add(m_server.url(u"/n.bin"_s));
    QCOMPARE(next, DownloadId(42));
    QVERIFY(engine.waitFinal(next));
    QCOMPARE(engine.manager().ids(), (QList<DownloadId>{41, 42}));
}

QTEST_GUILESS_MAIN(TestRestore)
#include "tst_restore.moc"
