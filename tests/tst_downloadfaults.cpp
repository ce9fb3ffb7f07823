// The download against hostile servers and disks: timeouts, the low-speed watchdog, redirects,
// size limits, names, checksums, unwritable folders, and pause/resume/cancel.
#include "enginefixture.h"
#include "faultserver.h"
#include "testcerts.h"
#include "tmpfsmount.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

class TestDownloadFaults final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.listen()); }
    void init() { m_server.clearRecords(); }

    void connectTimeout();
    void idleTimeout();
    void lowSpeedWatchdog();
    void redirectChainIsFollowed();
    void redirectLoopIsBounded();
    void redirectToOtherSchemeRefused();
    void httpsToHttpRefused();
    void credentialsDroppedAcrossOrigins();
    void credentialsKeptOnSameOrigin();
    void announcedSizeOverLimit();
    void endlessBodyStopsAtLimit();
    void nameFromContentDisposition();
    void traversalNameFallsBackToUrl();
    void existingFileIsNeverOverwritten();
    void checksumMatches();
    void checksumMismatchFails();
    void unwritableFolderFails();
    void fullDiskKeepsPartAndOtherFiles();
    void pauseStopsAndResumeFinishes();
    void cancelDeletesPartFile();
    void retryAfterFailureSucceeds();

private:
    DownloadId run(EngineFixture &engine, const UrlEntry &entry);
    UrlEntry entry(const QString &path) const;
    FaultServer m_server;
};

UrlEntry TestDownloadFaults::entry(const QString &path) const
{
    UrlEntry e;
    e.url = m_server.url(path);
    return e;
}

DownloadId TestDownloadFaults::run(EngineFixture &engine, const UrlEntry &e)
{
    const DownloadId id = engine.add(e);
    if (!engine.waitFinal(id, 30000))
        qWarning("download of %s did not finish", qPrintable(e.url.toString()));
    return id;
}

void TestDownloadFaults::connectTimeout()
{
    FaultResponse silent;
    silent.neverRespond = true;
    m_server.setResponse(QStringLiteral("/silent"), silent);
    DownloadSettings settings = EngineFixture::testSettings();
    settings.connectTimeoutMs = 300;
    settings.retries = 0;
    EngineFixture engine(settings);
    const DownloadId id = run(engine, entry(QStringLiteral("/silent")));
    QCOMPARE(engine.download(id).state(), DownloadState::Failed);
    QCOMPARE(engine.download(id).error().kind, ErrorKind::Timeout);
    QVERIFY2(engine.download(id).error().message.startsWith(QStringLiteral("No response from 127.0.0.1 within 0.3 s")),
             qPrintable(engine.download(id).error().message));
}

void TestDownloadFaults::idleTimeout()
{
    FaultResponse stalls = FaultResponse::generated(200'000);
    stalls.chunkSize = 50'000;
    stalls.chunkDelayMs = 3000;
    m_server.setResponse(QStringLiteral("/stall"), stalls);
    DownloadSettings settings = EngineFixture::testSettings();
    settings.idleTimeoutMs = 400;
    settings.retries = 0;
    EngineFixture engine(settings);
    const DownloadId id = run(engine, entry(QStringLiteral("/stall")));
    QCOMPARE(engine.download(id).state(), DownloadState::Failed);
    QCOMPARE(engine.download(id).error().message, QStringLiteral("No data received for 0.4 s"));
}

void TestDownloadFaults::lowSpeedWatchdog()
{
    FaultResponse trickle = FaultResponse::generated(1'000'000);
    trickle.bytesPerSecond = 4000;
    trickle.chunkSize = 500;
    m_server.setResponse(QStringLiteral("/trickle"), trickle);
    DownloadSettings settings = EngineFixture::testSettings();
    settings.lowSpeedLimit = 100'000;
    settings.lowSpeedTimeMs = 1000;
    settings.retries = 0;
    EngineFixture engine(settings);
    const DownloadId id = run(engine, entry(QStringLiteral("/trickle")));
    QCOMPARE(engine.download(id).state(), DownloadState::Failed);
    QCOMPARE(engine.download(id).error().kind, ErrorKind::Timeout);
    QVERIFY2(engine.download(id).error().message.startsWith(QStringLiteral("Slower than")),
             qPrintable(engine.download(id).error().message));
}

void TestDownloadFaults::redirectChainIsFollowed()
{
    m_server.setResponse(QStringLiteral("/r1"), FaultResponse::redirect(301, "/r2"));
    m_server.setResponse(QStringLiteral("/r2"), FaultResponse::redirect(302, m_server.url(QStringLiteral("/r3")).toEncoded()));
    m_server.setResponse(QStringLiteral("/r3"), FaultResponse::redirect(307, "final.bin"));
    m_server.setResponse(QStringLiteral("/final.bin"), FaultResponse::generated(5000, 1));
    EngineFixture engine;
    const DownloadId id = run(engine, entry(QStringLiteral("/r1")));
    const Download &d = engine.download(id);
    QCOMPARE(d.state(), DownloadState::Completed);
    QCOMPARE(d.finalUrl(), m_server.url(QStringLiteral("/final.bin")));
    // Named from the URL the user gave, not from where the server sent us (wget CVE-2010-2252).
    QCOMPARE(QFileInfo(d.filePath()).fileName(), QStringLiteral("r1"));
    QCOMPARE(EngineFixture::fileSha256(d.filePath()), EngineFixture::sha256(FaultServer::generatedBody(5000, 1)));
}

void TestDownloadFaults::redirectLoopIsBounded()
{
    m_server.setResponse(QStringLiteral("/loop"), FaultResponse::redirect(302, "/loop"));
    EngineFixture engine;
    const DownloadId id = run(engine, entry(QStringLiteral("/loop")));
    QCOMPARE(engine.download(id).state(), DownloadState::Failed);
    QCOMPARE(engine.download(id).error().message, QStringLiteral("Too many redirects (more than 20)"));
    QCOMPARE(m_server.requestCount(QStringLiteral("/loop")), 21);
}

void TestDownloadFaults::redirectToOtherSchemeRefused()
{
    m_server.setResponse(QStringLiteral("/tofile"), FaultResponse::redirect(302, "file:///etc/passwd"));
    EngineFixture engine;
    const DownloadId id = run(engine, entry(QStringLiteral("/tofile")));
    QCOMPARE(engine.download(id).state(), DownloadState::Failed);
    QCOMPARE(engine.download(id).error().message, QStringLiteral("Refused redirect to unsupported scheme 'file'"));
    QVERIFY(engine.files().isEmpty());
}

void TestDownloadFaults::httpsToHttpRefused()
{
    TestCerts certs;
    FaultServer secure;
    QVERIFY2(secure.listenTls(certs), qPrintable(certs.errorString()));
    m_server.setResponse(QStringLiteral("/plain.bin"), FaultResponse::generated(100));
    secure.setResponse(QStringLiteral("/down"), FaultResponse::redirect(302, m_server.url(QStringLiteral("/plain.bin")).toEncoded()));
    secure.setResponse(QStringLiteral("/fine.bin"), FaultResponse::generated(100));
    DownloadSettings settings = EngineFixture::testSettings();
    settings.extraCaCertificates = {certs.caCertificate()};
    EngineFixture engine(settings);

    const DownloadId fine = engine.add(secure.url(QStringLiteral("/fine.bin")));  // TLS itself works
    QVERIFY(engine.waitFinal(fine));
    QCOMPARE(engine.download(fine).state(), DownloadState::Completed);

    const DownloadId id = engine.add(secure.url(QStringLiteral("/down")));
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Failed);
    QVERIFY2(engine.download(id).error().message.startsWith(QStringLiteral("Refused redirect from https to http")),
             qPrintable(engine.download(id).error().message));
    QCOMPARE(m_server.requestCount(QStringLiteral("/plain.bin")), 0);
}

void TestDownloadFaults::credentialsDroppedAcrossOrigins()
{
    FaultServer other;
    QVERIFY(other.listen());
    other.setResponse(QStringLiteral("/landing.bin"), FaultResponse::generated(100));
    m_server.setResponse(QStringLiteral("/away"), FaultResponse::redirect(302, other.url(QStringLiteral("/landing.bin")).toEncoded()));
    EngineFixture engine;
    UrlEntry e = entry(QStringLiteral("/away"));
    e.headers = {{"Authorization", "Bearer secret"}, {"Cookie", "session=1"}, {"X-Trace", "kept"}};
    const DownloadId id = run(engine, e);
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(m_server.requests(QStringLiteral("/away")).first().header("authorization"), QByteArrayLiteral("Bearer secret"));
    const RecordedRequest landed = other.requests(QStringLiteral("/landing.bin")).first();
    QVERIFY(!landed.hasHeader("authorization"));
    QVERIFY(!landed.hasHeader("cookie"));
    QCOMPARE(landed.header("x-trace"), QByteArrayLiteral("kept"));
}

void TestDownloadFaults::credentialsKeptOnSameOrigin()
{
    m_server.setResponse(QStringLiteral("/here"), FaultResponse::redirect(302, "/here.bin"));
    m_server.setResponse(QStringLiteral("/here.bin"), FaultResponse::generated(100));
    EngineFixture engine;
    UrlEntry e = entry(QStringLiteral("/here"));
    e.headers = {{"Authorization", "Bearer secret"}};
    const DownloadId id = run(engine, e);
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(m_server.requests(QStringLiteral("/here.bin")).first().header("authorization"), QByteArrayLiteral("Bearer secret"));
}

void TestDownloadFaults::announcedSizeOverLimit()
{
    m_server.setResponse(QStringLiteral("/huge.bin"), FaultResponse::generated(3 * 1024 * 1024));
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxSize = 1024 * 1024;
    EngineFixture engine(settings);
    const DownloadId id = run(engine, entry(QStringLiteral("/huge.bin")));
    QCOMPARE(engine.download(id).state(), DownloadState::Failed);
    QCOMPARE(engine.download(id).error().kind, ErrorKind::TooLarge);
    QCOMPARE(engine.download(id).error().message, QStringLiteral("File is 3.0 MiB, over the size limit of 1.0 MiB"));
}

void TestDownloadFaults::endlessBodyStopsAtLimit()
{
    FaultResponse endless;
    endless.streamForever = true;
    m_server.setResponse(QStringLiteral("/forever"), endless);
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxSize = 2 * 1024 * 1024;
    EngineFixture engine(settings);
    const DownloadId id = run(engine, entry(QStringLiteral("/forever")));
    QCOMPARE(engine.download(id).state(), DownloadState::Failed);
    QCOMPARE(engine.download(id).error().kind, ErrorKind::TooLarge);
    QVERIFY(engine.download(id).bytesReceived() <= settings.maxSize);
}

void TestDownloadFaults::nameFromContentDisposition()
{
    FaultResponse r = FaultResponse::generated(64);
    r.headers = {{"Content-Disposition", "attachment; filename=\"fallback.txt\"; filename*=UTF-8''na%C3%AFve%20report.txt"}};
    m_server.setResponse(QStringLiteral("/get"), r);
    EngineFixture engine;
    const DownloadId id = run(engine, entry(QStringLiteral("/get")));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(engine.files(), QStringList{QStringLiteral("na\u00efve report.txt")});
}

void TestDownloadFaults::traversalNameFallsBackToUrl()
{
    FaultResponse r = FaultResponse::generated(64);
    r.headers = {{"Content-Disposition", "attachment; filename=\"../../.bashrc\""}};
    m_server.setResponse(QStringLiteral("/dl/report.pdf"), r);
    EngineFixture engine;
    const DownloadId id = run(engine, entry(QStringLiteral("/dl/report.pdf")));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(engine.files(), QStringList{QStringLiteral("report.pdf")});
    QVERIFY(!QFileInfo::exists(QDir(engine.folder()).filePath(QStringLiteral("../../.bashrc"))) ||
            QFileInfo(QDir(engine.folder()).filePath(QStringLiteral("../../.bashrc"))).size() != 64);
}

void TestDownloadFaults::existingFileIsNeverOverwritten()
{
    m_server.setResponse(QStringLiteral("/data.csv"), FaultResponse::generated(1000, 4));
    EngineFixture engine;
    {
        QFile existing(engine.path(QStringLiteral("data.csv")));
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write("precious");
    }
    const DownloadId id = run(engine, entry(QStringLiteral("/data.csv")));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(engine.download(id).filePath(), engine.path(QStringLiteral("data (1).csv")));
    QFile existing(engine.path(QStringLiteral("data.csv")));
    QVERIFY(existing.open(QIODevice::ReadOnly));
    QCOMPARE(existing.readAll(), QByteArrayLiteral("precious"));
}

void TestDownloadFaults::checksumMatches()
{
    const QByteArray content = FaultServer::generatedBody(70'000, 5);
    m_server.setResponse(QStringLiteral("/sum.bin"), FaultResponse::generated(70'000, 5));
    EngineFixture engine;
    UrlEntry e = entry(QStringLiteral("/sum.bin"));
    const QString spec = QStringLiteral("sha-256=") + QString::fromLatin1(EngineFixture::sha256(content));
    e.checksum = ChecksumSpec::parse(spec).value();
    QVERIFY(e.checksum);
    const DownloadId id = run(engine, e);
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
}

void TestDownloadFaults::checksumMismatchFails()
{
    m_server.setResponse(QStringLiteral("/bad.bin"), FaultResponse::generated(70'000, 5));
    EngineFixture engine;
    UrlEntry e = entry(QStringLiteral("/bad.bin"));
    e.checksum = ChecksumSpec::parse(QStringLiteral("md5=00000000000000000000000000000000")).value();
    QVERIFY(e.checksum);
    const DownloadId id = run(engine, e);
    QCOMPARE(engine.download(id).state(), DownloadState::Failed);
    QCOMPARE(engine.download(id).error().kind, ErrorKind::Checksum);
    QVERIFY(!QFileInfo::exists(engine.path(QStringLiteral("bad.bin"))));  // never presented as complete
}

void TestDownloadFaults::unwritableFolderFails()
{
    m_server.setResponse(QStringLiteral("/x.bin"), FaultResponse::generated(1000));
    EngineFixture engine;
    QFile blocker(engine.path(QStringLiteral("not-a-folder")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    UrlEntry e = entry(QStringLiteral("/x.bin"));
    e.dir = QStringLiteral("not-a-folder/sub");
    const DownloadId id = run(engine, e);
    QCOMPARE(engine.download(id).state(), DownloadState::Failed);
    QCOMPARE(engine.download(id).error().kind, ErrorKind::Disk);
    QVERIFY2(engine.download(id).error().message.contains(QStringLiteral("not-a-folder")),
             qPrintable(engine.download(id).error().message));
}

void TestDownloadFaults::fullDiskKeepsPartAndOtherFiles()
{
    m_server.setResponse(QStringLiteral("/large.bin"), FaultResponse::generated(4 * 1024 * 1024));
    QTemporaryDir mountPoint;
    const QString small = mountPoint.path();
    TmpfsMount mount(small, QStringLiteral("size=1m"));
    if (!mount.isMounted())
        QSKIP("needs root to mount a 1 MiB tmpfs");
    EngineFixture engine;  // destroyed first: no file stays open on the mount
    QFile other(QDir(small).filePath(QStringLiteral("other.txt")));
    QVERIFY(other.open(QIODevice::WriteOnly));
    other.write("untouched");
    other.close();
    UrlEntry e = entry(QStringLiteral("/large.bin"));
    e.dir = small;
    const DownloadId id = run(engine, e);
    const Download &d = engine.download(id);
    QCOMPARE(d.state(), DownloadState::Failed);
    QCOMPARE(d.error().kind, ErrorKind::DiskFull);
    QVERIFY2(d.error().message.startsWith(QStringLiteral("Disk full")), qPrintable(d.error().message));
    QVERIFY(QFileInfo::exists(QDir(small).filePath(QStringLiteral("large.bin.part"))));
    QVERIFY(!QFileInfo::exists(QDir(small).filePath(QStringLiteral("large.bin"))));
    QVERIFY(other.open(QIODevice::ReadOnly));
    QCOMPARE(other.readAll(), QByteArrayLiteral("untouched"));
    other.close();
    // Everything counted as received is really in the .part.
    QVERIFY(QFileInfo(QDir(small).filePath(QStringLiteral("large.bin.part"))).size() >= d.bytesReceived());
    // The kept .part is what another download on this disk lacks: the words say so.
    QVERIFY2(d.error().message.contains(QStringLiteral(". large.bin.part keeps ")), qPrintable(d.error().message));
    QVERIFY2(d.error().message.endsWith(QStringLiteral(" for a resume; delete it (or cancel the download) to free the space")),
             qPrintable(d.error().message));
}

void TestDownloadFaults::pauseStopsAndResumeFinishes()
{
    constexpr qint64 size = 3 * 1024 * 1024;
    FaultResponse slow = FaultResponse::generated(size, 8);
    slow.etag = QByteArrayLiteral("\"p\"");
    slow.bytesPerSecond = 4 * 1024 * 1024;
    m_server.setResponse(QStringLiteral("/pause.bin"), slow);
    EngineFixture engine;
    const DownloadId id = engine.add(entry(QStringLiteral("/pause.bin")).url);
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).bytesReceived() > 256 * 1024, 10000);
    engine.manager().pause(id);
    QCOMPARE(engine.download(id).state(), DownloadState::Paused);
    // Bytes stop growing: the server sees the connection end, and the count then stays put.
    QTRY_VERIFY(m_server.requests(QStringLiteral("/pause.bin")).first().finishedMs >= 0);
    const qint64 sentBeforePause = m_server.requests(QStringLiteral("/pause.bin")).first().bodyBytesSent;
    QTRY_COMPARE(engine.download(id).bytesReceived() <= sentBeforePause, true);
    const qint64 atPause = engine.download(id).bytesReceived();
    QVERIFY(atPause < size);
    QVERIFY(QFileInfo::exists(engine.path(QStringLiteral("pause.bin.part"))));

    engine.manager().resume(id);
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    const QList<RecordedRequest> requests = m_server.requests(QStringLiteral("/pause.bin"));
    QCOMPARE(requests.size(), 2);
    QVERIFY(requests[1].header("range").startsWith("bytes="));
    QCOMPARE(requests[1].status, 206);
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("pause.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(size, 8)));
}

void TestDownloadFaults::cancelDeletesPartFile()
{
    FaultResponse slow = FaultResponse::generated(4 * 1024 * 1024);
    slow.bytesPerSecond = 2 * 1024 * 1024;
    m_server.setResponse(QStringLiteral("/cancel.bin"), slow);
    EngineFixture engine;
    const DownloadId id = engine.add(entry(QStringLiteral("/cancel.bin")).url);
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(engine.path(QStringLiteral("cancel.bin.part"))), 10000);
    engine.manager().cancel(id);
    QCOMPARE(engine.download(id).state(), DownloadState::Cancelled);
    QTRY_VERIFY(engine.files().isEmpty());
}

void TestDownloadFaults::retryAfterFailureSucceeds()
{
    m_server.setResponse(QStringLiteral("/later.bin"), FaultResponse::withStatus(404));
    EngineFixture engine;
    const DownloadId id = run(engine, entry(QStringLiteral("/later.bin")));
    QCOMPARE(engine.download(id).state(), DownloadState::Failed);
    m_server.setResponse(QStringLiteral("/later.bin"), FaultResponse::generated(2000, 2));
    engine.manager().retry(id);
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("later.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(2000, 2)));
}

QTEST_GUILESS_MAIN(TestDownloadFaults)
#include "tst_downloadfaults.moc"
