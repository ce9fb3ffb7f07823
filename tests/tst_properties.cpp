// A download's own properties, from the server's side and on disk: a rename of a paused download
// takes its .part along and the resumed file has the right SHA-256 under the new name; a name
// that is taken, or not a name, is refused and nothing moves; its own speed limit holds at the
// server within 10% once set on a running transfer; split=1 means one connection; its headers
// reach the server; its checksum fails a download on mismatch with both digests; and all of it
// survives a restart through the SQLite store.
#include "enginefixture.h"
#include "faultserver.h"
#include "store/downloadstore.h"
#include "testfiles.h"

#include <QDir>
#include <QElapsedTimer>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using TestFiles::readFile;
using TestFiles::writeFile;

namespace {

constexpr qint64 kMiB = 1024 * 1024;
constexpr qint64 kSize = 3 * kMiB;

// A file the server can resume (ranges and an ETag), sent at bytesPerSecond (0 = at once).
FaultResponse resumable(qint64 size, quint32 seed, qint64 bytesPerSecond = 0)
{
    FaultResponse response = FaultResponse::generated(size, seed);
    response.etag = "\"props-v1\"";
    response.bytesPerSecond = bytesPerSecond;
    return response;
}

PropertyChanges renameTo(const QString &name)
{
    PropertyChanges changes;
    changes.fileName = name;
    return changes;
}

// Pauses a download as soon as it was added, so its properties are set before its first request.
DownloadId addPaused(EngineFixture &engine, const QUrl &url)
{
    const DownloadId id = engine.add(url);
    engine.manager().pause(id);
    return id;
}

} // namespace

class TestProperties final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.listen()); }
    void init() { m_server.clearRecords(); }

    void renamedPausedDownloadTakesItsPart();
    void runningDownloadPausesForARename();
    void renameOntoATakenNameIsRefused();
    void refusalsSaySentences();
    void ownLimitHoldsAtTheServer();
    void splitOneMeansOneConnection();
    void headersReachTheServer();
    void checksumMismatchFailsWithBothDigests();
    void survivesARestartThroughTheStore();

private:
    FaultServer m_server;
};

void TestProperties::renamedPausedDownloadTakesItsPart()
{
    m_server.setResponse(u"/p/original.bin"_s, resumable(kSize, 1, kMiB));
    EngineFixture engine;
    const DownloadId id = engine.add(m_server.url(u"/p/original.bin"_s));
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).bytesReceived() > 256 * 1024, 10000);
    engine.manager().pause(id);

    QCOMPARE(engine.manager().setProperties({id}, renameTo(u"renamed ✓.bin"_s)), QStringList());
    QTRY_VERIFY_WITH_TIMEOUT(!engine.download(id).isMoving(), 10000);
    QCOMPARE(engine.download(id).state(), DownloadState::Paused);
    QCOMPARE(engine.download(id).filePath(), engine.path(u"renamed ✓.bin.part"_s));
    QCOMPARE(engine.download(id).fileName(), u"renamed ✓.bin"_s);
    QCOMPARE(engine.files(), QStringList{u"renamed ✓.bin.part"_s});
    const qint64 kept = engine.download(id).bytesReceived();
    QCOMPARE(readFile(engine.path(u"renamed ✓.bin.part"_s)).left(kept), FaultServer::generatedBody(kSize, 1).left(kept));

    m_server.setResponse(u"/p/original.bin"_s, resumable(kSize, 1));
    engine.manager().resume(id);
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(EngineFixture::fileSha256(engine.path(u"renamed ✓.bin"_s)), EngineFixture::sha256(FaultServer::generatedBody(kSize, 1)));
    QCOMPARE(engine.files(), QStringList{u"renamed ✓.bin"_s});
    QCOMPARE(m_server.requests(u"/p/original.bin"_s).last().rangeStart(), kept);  // went on, not from zero
}

void TestProperties::runningDownloadPausesForARename()
{
    m_server.setResponse(u"/p/running.bin"_s, resumable(kSize, 10, 2 * kMiB));
    EngineFixture engine;
    const DownloadId id = engine.add(m_server.url(u"/p/running.bin"_s));
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).bytesReceived() > 128 * 1024, 10000);
    QCOMPARE(engine.download(id).state(), DownloadState::Downloading);

    QCOMPARE(engine.manager().setProperties({id}, renameTo(u"on the way.bin"_s)), QStringList());
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(EngineFixture::fileSha256(engine.path(u"on the way.bin"_s)), EngineFixture::sha256(FaultServer::generatedBody(kSize, 10)));
    QCOMPARE(engine.files(), QStringList{u"on the way.bin"_s});
    // It went on after the rename instead of starting over.
    const QList<RecordedRequest> requests = m_server.requests(u"/p/running.bin"_s);
    QVERIFY(requests.size() >= 2);
    QVERIFY(requests.last().rangeStart() > 0);
}

void TestProperties::renameOntoATakenNameIsRefused()
{
    m_server.setResponse(u"/p/mine.bin"_s, resumable(kSize, 2, kMiB));
    EngineFixture engine;
    QVERIFY(writeFile(engine.path(u"theirs.bin"_s), "someone else's file"));
    const DownloadId id = engine.add(m_server.url(u"/p/mine.bin"_s));
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).bytesReceived() > 0, 10000);
    engine.manager().pause(id);

    QCOMPARE(engine.manager().setProperties({id}, renameTo(u"theirs.bin"_s)), QStringList());
    QTRY_VERIFY_WITH_TIMEOUT(!engine.download(id).isMoving(), 10000);
    QCOMPARE(engine.download(id).note(), u"Not moved: %1 already has a file named theirs.bin"_s.arg(engine.folder()));
    QCOMPARE(readFile(engine.path(u"theirs.bin"_s)), QByteArray("someone else's file"));
    QCOMPARE(engine.download(id).filePath(), engine.path(u"mine.bin.part"_s));
    QCOMPARE(engine.files(), (QStringList{u"mine.bin.part"_s, u"theirs.bin"_s}));
    // A name whose .part is taken counts as taken too.
    QVERIFY(writeFile(engine.path(u"other.bin.part"_s), "another download's part"));
    engine.manager().setProperties({id}, renameTo(u"other.bin"_s));
    QTRY_VERIFY_WITH_TIMEOUT(!engine.download(id).isMoving(), 10000);
    QCOMPARE(engine.download(id).note(), u"Not moved: %1 already has a file named other.bin.part"_s.arg(engine.folder()));
    QCOMPARE(readFile(engine.path(u"other.bin.part"_s)), QByteArray("another download's part"));

    m_server.setResponse(u"/p/mine.bin"_s, resumable(kSize, 2));
    engine.manager().resume(id);
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(EngineFixture::fileSha256(engine.path(u"mine.bin"_s)), EngineFixture::sha256(FaultServer::generatedBody(kSize, 2)));
}

void TestProperties::refusalsSaySentences()
{
    m_server.setResponse(u"/p/done.bin"_s, resumable(64 * 1024, 3));
    EngineFixture engine;
    const DownloadId done = engine.add(m_server.url(u"/p/done.bin"_s));
    QVERIFY(engine.waitFinal(done));
    QCOMPARE(engine.download(done).state(), DownloadState::Completed);

    PropertyChanges changes = renameTo(u"later.bin"_s);
    changes.split = std::optional<int>(2);
    QCOMPARE(engine.manager().setProperties({done}, changes),
             (QStringList{u"done.bin: It is complete: the number of connections no longer applies."_s,
                          u"done.bin: It is complete: a finished file keeps its name."_s}));
    QCOMPARE(engine.files(), QStringList{u"done.bin"_s});

    const DownloadId paused = addPaused(engine, m_server.url(u"/p/never.bin"_s));
    const QString url = m_server.url(u"/p/never.bin"_s).toDisplayString();
    QCOMPARE(engine.manager().setProperties({paused}, renameTo(u"a/b"_s)),
             QStringList{url + u": \u201ca/b\u201d cannot be a file name: it must be one name, without / or \\."_s});
    QCOMPARE(engine.manager().setProperties({paused}, renameTo(u"x.part"_s)),
             QStringList{url + u": \u201cx.part\u201d ends in .part, which Gather keeps for unfinished files."_s});
    // Before its first answer a name is only asked for: the file will be made under it.
    QCOMPARE(engine.manager().setProperties({paused}, renameTo(u"chosen.bin"_s)), QStringList());
    QCOMPARE(engine.download(paused).entry().outName, u"chosen.bin"_s);
    m_server.setResponse(u"/p/never.bin"_s, resumable(64 * 1024, 4));
    engine.manager().resume(paused);
    QVERIFY(engine.waitFinal(paused));
    QCOMPARE(EngineFixture::fileSha256(engine.path(u"chosen.bin"_s)), EngineFixture::sha256(FaultServer::generatedBody(64 * 1024, 4)));
}

// Bytes per second the server sent once the limit applied: after a second for buffers to settle,
// over the next 5 s, as tst_speedlimit measures.
void TestProperties::ownLimitHoldsAtTheServer()
{
    FaultResponse file = FaultResponse::generated(16 * kMiB, 5);
    file.sendBufferBytes = 64 * 1024;
    file.chunkSize = 16 * 1024;
    m_server.setResponse(u"/p/limited.bin"_s, file);
    DownloadSettings settings = EngineFixture::testSettings();
    settings.split = 1;
    settings.maxBytesPerSecond = 256 * 1024;  // the settings' limit, which its own replaces
    EngineFixture engine(settings);
    const DownloadId id = engine.add(m_server.url(u"/p/limited.bin"_s));
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).bytesReceived() > 0, 10000);

    PropertyChanges changes;
    changes.maxBytesPerSecond = std::optional<qint64>(2 * kMiB);
    QCOMPARE(engine.manager().setProperties({id}, changes), QStringList());
    const auto sent = [&] { return m_server.requests(u"/p/limited.bin"_s).value(0).bodyBytesSent; };
    QElapsedTimer clock;
    clock.start();
    (void)QTest::qWaitFor([&] { return clock.elapsed() >= 1000; }, 1500);
    const qint64 fromBytes = sent();
    const qint64 fromMs = clock.elapsed();
    (void)QTest::qWaitFor([&] { return clock.elapsed() >= 6000; }, 6500);
    const double rate = double(sent() - fromBytes) * 1000.0 / double(clock.elapsed() - fromMs);
    qInfo("own limit 2 MiB/s set while running: the server sent at %.2f MiB/s", rate / kMiB);
    QVERIFY2(rate >= 0.9 * 2 * kMiB && rate <= 1.1 * 2 * kMiB, qPrintable(QString::number(rate / kMiB)));

    changes.maxBytesPerSecond = std::optional<qint64>(0);  // unlimited, whatever the settings say
    engine.manager().setProperties({id}, changes);
    QVERIFY(engine.waitFinal(id, 10000));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(EngineFixture::fileSha256(engine.path(u"limited.bin"_s)), EngineFixture::sha256(FaultServer::generatedBody(16 * kMiB, 5)));
}

void TestProperties::splitOneMeansOneConnection()
{
    m_server.setResponse(u"/p/one.bin"_s, resumable(8 * kMiB, 6, 8 * kMiB));
    DownloadSettings settings = EngineFixture::testSettings();
    settings.split = 4;
    settings.minSegmentSize = 1 * kMiB;
    EngineFixture engine(settings);
    const DownloadId id = addPaused(engine, m_server.url(u"/p/one.bin"_s));
    PropertyChanges changes;
    changes.split = std::optional<int>(1);
    QCOMPARE(engine.manager().setProperties({id}, changes), QStringList());
    engine.manager().resume(id);
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(EngineFixture::fileSha256(engine.path(u"one.bin"_s)), EngineFixture::sha256(FaultServer::generatedBody(8 * kMiB, 6)));
    const QList<RecordedRequest> requests = m_server.requests(u"/p/one.bin"_s);
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().rangeStart(), -1);

    // The same file with the settings' split opens more than one.
    m_server.clearRecords();
    const DownloadId other = engine.add(m_server.url(u"/p/one.bin?again"_s));
    QVERIFY(engine.waitFinal(other));
    QVERIFY(m_server.requests(u"/p/one.bin"_s).size() > 1);
}

void TestProperties::headersReachTheServer()
{
    m_server.setResponse(u"/p/headers.bin"_s, resumable(64 * 1024, 7));
    EngineFixture engine;
    const DownloadId id = addPaused(engine, m_server.url(u"/p/headers.bin"_s));
    PropertyChanges changes;
    changes.headers = QList<QPair<QByteArray, QByteArray>>{{"X-Token", "s3cr3t"}, {"Referer", "https://example.org/page"}};
    QCOMPARE(engine.manager().setProperties({id}, changes), QStringList());
    engine.manager().resume(id);
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    const RecordedRequest request = m_server.requests(u"/p/headers.bin"_s).first();
    QCOMPARE(request.header("x-token"), QByteArray("s3cr3t"));
    QCOMPARE(request.header("referer"), QByteArray("https://example.org/page"));
}

void TestProperties::checksumMismatchFailsWithBothDigests()
{
    m_server.setResponse(u"/p/sum.bin"_s, resumable(64 * 1024, 8));
    EngineFixture engine;
    const DownloadId id = addPaused(engine, m_server.url(u"/p/sum.bin"_s));
    const QString wrong = QString(64, u'0');
    PropertyChanges changes;
    changes.checksum = std::optional<ChecksumSpec>(ChecksumSpec::parse(QString(u"sha-256="_s + wrong)).value());
    QCOMPARE(engine.manager().setProperties({id}, changes), QStringList());
    engine.manager().resume(id);
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Failed);
    const QString actual = QString::fromLatin1(EngineFixture::sha256(FaultServer::generatedBody(64 * 1024, 8)));
    const QString message = engine.download(id).error().message;
    QVERIFY2(message.contains(wrong) && message.contains(actual), qPrintable(message));
}

void TestProperties::survivesARestartThroughTheStore()
{
    m_server.setResponse(u"/p/kept.bin"_s, resumable(4 * kMiB, 9, 4 * kMiB));
    DownloadSettings settings = EngineFixture::testSettings();
    settings.split = 4;
    settings.minSegmentSize = 1 * kMiB;
    EngineFixture engine(settings);
    const DownloadId id = addPaused(engine, m_server.url(u"/p/kept.bin"_s));
    PropertyChanges changes;
    changes.split = std::optional<int>(1);
    changes.maxBytesPerSecond = std::optional<qint64>(0);
    changes.headers = QList<QPair<QByteArray, QByteArray>>{{"X-Kept", "yes"}};
    const QString sum = QString::fromLatin1(EngineFixture::sha256(FaultServer::generatedBody(4 * kMiB, 9)));
    changes.checksum = std::optional<ChecksumSpec>(ChecksumSpec::parse(QString(u"sha-256="_s + sum)).value());
    QCOMPARE(engine.manager().setProperties({id}, changes), QStringList());

    QTemporaryDir storeDir;
    const QString database = storeDir.filePath(u"downloads.db"_s);
    {
        DownloadStore store(database);
        QSignalSpy flushed(&store, &DownloadStore::flushed);
        store.save(engine.manager().snapshots({id}));
        store.flush();
        QVERIFY(flushed.wait(10000));
    }
    QVERIFY(engine.restart());
    QList<DownloadSnapshot> loaded;
    {
        DownloadStore store(database);
        QSignalSpy spy(&store, &DownloadStore::loaded);
        store.open();
        QVERIFY(spy.wait(10000));
        loaded = spy.first().at(0).value<QList<DownloadSnapshot>>();
    }
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(engine.manager().restore(loaded, true), QList<DownloadId>{id});
    const UrlEntry &entry = engine.download(id).entry();
    QCOMPARE(entry.split, std::optional<int>(1));
    QCOMPARE(entry.maxBytesPerSecond, std::optional<qint64>(0));
    QCOMPARE(entry.headers, changes.headers.value());
    QVERIFY(entry.checksum == *changes.checksum);

    // And the restored download goes by them: one connection, the header, the check.
    engine.manager().resume(id);
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    const QList<RecordedRequest> requests = m_server.requests(u"/p/kept.bin"_s);
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().header("x-kept"), QByteArray("yes"));
    QCOMPARE(EngineFixture::fileSha256(engine.path(u"kept.bin"_s)), sum.toLatin1());
}

QTEST_GUILESS_MAIN(TestProperties)
#include "tst_properties.moc"
