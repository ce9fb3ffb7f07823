// The download's HTTP rules against the loopback fault server: status handling, retries,
// Retry-After, and the resume rules (Range, If-Range, 200/206/416), one test each.
#include "enginefixture.h"
#include "list/downloadcolumns.h"
#include "faultserver.h"

#include <QFileInfo>
#include <QTcpServer>
#include <QTest>

namespace {

constexpr qint64 kSize = 1024 * 1024 + 17;
const QByteArray kEtag = QByteArrayLiteral("\"v1\"");

FaultResponse body(qint64 size = kSize)
{
    FaultResponse r = FaultResponse::generated(size, 7);
    r.etag = kEtag;
    return r;
}

// A body cut off after `after` bytes, sent in paced chunks: when a connection dies before the
// client has read any body byte, Qt silently re-sends the GET itself, which would consume the
// next scripted response.
FaultResponse truncated(qint64 after, const QByteArray &etag = kEtag, const QByteArray &lastModified = {})
{
    FaultResponse r = FaultResponse::generated(kSize, 7);
    r.etag = etag;
    r.lastModified = lastModified;
    r.truncateAfter = after;
    r.chunkSize = 32 * 1024;
    r.chunkDelayMs = 5;
    return r;
}

// The request that resumed: the last one carrying a Range header.
RecordedRequest lastRanged(const QList<RecordedRequest> &requests)
{
    for (auto it = requests.crbegin(); it != requests.crend(); ++it) {
        if (it->hasHeader("range"))
            return *it;
    }
    return {};
}

} // namespace

class TestDownload final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.listen()); }
    void init() { m_server.clearRecords(); }

    void completesWithExactBytes();
    void cancelKeepsTheSizeShown();
    void sendsIdentityEncodingAndUserAgent();
    void storesContentEncodedBodyRaw();
    void chunkedBodyWithoutLength();
    void permanentStatusFailsAtOnce_data();
    void permanentStatusFailsAtOnce();
    void transientStatusRetries_data();
    void transientStatusRetries();
    void retryAfterIsHonoured();
    void retriesAreBounded();
    void truncatedBodyResumesWithIfRange();
    void resetConnectionResumes();
    void lastModifiedServesAsValidator();
    void rangeIgnoredRestartsFromZero();
    void wrongContentRangeIsRejected();
    void missingContentRangeIsRejected();
    void changedFileRestartsFromZero();
    void noValidatorRestartsFromZero();
    void unsatisfiableRangeRestarts();
    void connectionRefusedFails();

private:
    DownloadId run(EngineFixture &engine, const QString &path);
    FaultServer m_server;
};

DownloadId TestDownload::run(EngineFixture &engine, const QString &path)
{
    const DownloadId id = engine.add(m_server.url(path));
    if (!engine.waitFinal(id))
        qWarning("download of %s did not finish", qPrintable(path));
    if (engine.download(id).error().isError())
        qInfo("%s: %s", qPrintable(path), qPrintable(engine.download(id).error().message));
    return id;
}

void TestDownload::completesWithExactBytes()
{
    m_server.setResponse(QStringLiteral("/plain.bin"), body());
    EngineFixture engine;
    const DownloadId id = run(engine, QStringLiteral("/plain.bin"));
    const Download &d = engine.download(id);
    QCOMPARE(d.state(), DownloadState::Completed);
    QCOMPARE(d.bytesReceived(), kSize);
    QCOMPARE(d.totalBytes(), kSize);
    QCOMPARE(d.filePath(), engine.path(QStringLiteral("plain.bin")));
    QCOMPARE(EngineFixture::fileSha256(d.filePath()), EngineFixture::sha256(FaultServer::generatedBody(kSize, 7)));
    QCOMPARE(engine.files(), QStringList{QStringLiteral("plain.bin")});  // no .part left behind
}

void TestDownload::sendsIdentityEncodingAndUserAgent()
{
    m_server.setResponse(QStringLiteral("/h.bin"), body(100));
    EngineFixture engine;
    run(engine, QStringLiteral("/h.bin"));
    const QList<RecordedRequest> requests = m_server.requests(QStringLiteral("/h.bin"));
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().header("accept-encoding"), QByteArrayLiteral("identity"));
    QVERIFY(requests.first().header("user-agent").startsWith("Gather/"));
    QVERIFY(!requests.first().hasHeader("range"));
}

void TestDownload::storesContentEncodedBodyRaw()
{
    // A .gz served with Content-Encoding: gzip must be stored as the bytes sent, not decoded.
    const QByteArray gzipBytes = QByteArray::fromHex("1f8b08000000000000034b4c4a0600c241243503000000");
    FaultResponse r = FaultResponse::ok(gzipBytes);
    r.headers = {{"Content-Encoding", "gzip"}, {"Content-Type", "application/gzip"}};
    m_server.setResponse(QStringLiteral("/a.txt.gz"), r);
    EngineFixture engine;
    const DownloadId id = run(engine, QStringLiteral("/a.txt.gz"));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QFile file(engine.path(QStringLiteral("a.txt.gz")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), gzipBytes);
}

void TestDownload::chunkedBodyWithoutLength()
{
    FaultResponse r = FaultResponse::generated(300'000, 3);
    r.chunked = true;
    r.sendContentLength = false;
    m_server.setResponse(QStringLiteral("/chunked.bin"), r);
    EngineFixture engine;
    const DownloadId id = run(engine, QStringLiteral("/chunked.bin"));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("chunked.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(300'000, 3)));
}

void TestDownload::permanentStatusFailsAtOnce_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    QTest::newRow("404 not found") << 404 << QStringLiteral("Server said 404 Not Found");
    QTest::newRow("410 gone") << 410 << QStringLiteral("Server said 410 Gone");
    QTest::newRow("401 without credentials") << 401 << QStringLiteral("Server said 401 Unauthorized");
    QTest::newRow("403 forbidden") << 403 << QStringLiteral("Server said 403 Forbidden");
}

void TestDownload::permanentStatusFailsAtOnce()
{
    QFETCH(int, status);
    QFETCH(QString, message);
    FaultResponse r = FaultResponse::withStatus(status);
    r.body = QByteArrayLiteral("<html>error page that must never reach a file</html>");
    m_server.setResponse(QStringLiteral("/missing.bin"), r);
    EngineFixture engine;
    const DownloadId id = run(engine, QStringLiteral("/missing.bin"));
    const Download &d = engine.download(id);
    QCOMPARE(d.state(), DownloadState::Failed);
    QCOMPARE(d.error().kind, ErrorKind::Http);
    QCOMPARE(d.error().message, message);
    QCOMPARE(m_server.requestCount(QStringLiteral("/missing.bin")), 1);
    QVERIFY(engine.files().isEmpty());
}

void TestDownload::transientStatusRetries_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("408 request timeout") << 408;
    QTest::newRow("429 too many requests") << 429;
    QTest::newRow("500 internal error") << 500;
    QTest::newRow("502 bad gateway") << 502;
    QTest::newRow("503 unavailable") << 503;
}

void TestDownload::transientStatusRetries()
{
    QFETCH(int, status);
    m_server.setResponses(QStringLiteral("/flaky.bin"), {FaultResponse::withStatus(status), FaultResponse::withStatus(status), body(5000)});
    EngineFixture engine;
    const DownloadId id = run(engine, QStringLiteral("/flaky.bin"));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(m_server.requestCount(QStringLiteral("/flaky.bin")), 3);
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("flaky.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(5000, 7)));
    // The waits are over: no "Retry 2 of 5 in 1.0 s" and no error left on a completed row.
    QCOMPARE(engine.download(id).note(), QString());
    QVERIFY(!engine.download(id).error().isError());
    QCOMPARE(DownloadColumns::statusText(engine.download(id)), QStringLiteral("Completed"));
}

void TestDownload::cancelKeepsTheSizeShown()
{
    FaultResponse slow = body(2 * 1024 * 1024);
    slow.bytesPerSecond = 256 * 1024;
    m_server.setResponse(QStringLiteral("/sized.bin"), slow);
    EngineFixture engine;
    const DownloadId id = engine.add(m_server.url(QStringLiteral("/sized.bin")));
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).bytesReceived() > 0, 10000);
    engine.manager().cancel(id);
    QCOMPARE(engine.download(id).state(), DownloadState::Cancelled);
    QCOMPARE(engine.download(id).totalBytes(), 2 * 1024 * 1024);
    QCOMPARE(engine.download(id).bytesReceived(), 0);
    // Retried, it starts from zero and completes whole.
    engine.manager().retry(id);
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("sized.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(2 * 1024 * 1024, 7)));
}

void TestDownload::retryAfterIsHonoured()
{
    FaultResponse busy = FaultResponse::withStatus(503);
    busy.retryAfter = QByteArrayLiteral("1");
    m_server.setResponses(QStringLiteral("/busy.bin"), {busy, body(1000)});
    EngineFixture engine;  // its own backoff is 20 ms: only Retry-After explains a 1 s gap
    const DownloadId id = run(engine, QStringLiteral("/busy.bin"));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    const QList<RecordedRequest> requests = m_server.requests(QStringLiteral("/busy.bin"));
    QCOMPARE(requests.size(), 2);
    QVERIFY2(requests[1].startedMs - requests[0].finishedMs >= 900,
             qPrintable(QString::number(requests[1].startedMs - requests[0].finishedMs)));
}

void TestDownload::retriesAreBounded()
{
    m_server.setResponse(QStringLiteral("/down.bin"), FaultResponse::withStatus(503));
    DownloadSettings settings = EngineFixture::testSettings();
    settings.retries = 2;
    EngineFixture engine(settings);
    const DownloadId id = run(engine, QStringLiteral("/down.bin"));
    QCOMPARE(engine.download(id).state(), DownloadState::Failed);
    QCOMPARE(m_server.requestCount(QStringLiteral("/down.bin")), 3);
    QVERIFY(engine.download(id).error().message.contains(QStringLiteral("gave up after 2 retries")));
    // The last wait's "Retry 2 of 2 in ... s" ended with it.
    QCOMPARE(engine.download(id).note(), QString());
    QCOMPARE(DownloadColumns::statusText(engine.download(id)),
             QStringLiteral("Server said 503 Service Unavailable (gave up after 2 retries)"));
}

void TestDownload::truncatedBodyResumesWithIfRange()
{
    const FaultResponse cut = truncated(300'000);
    m_server.setResponses(QStringLiteral("/cut.bin"), {cut, body()});
    EngineFixture engine;
    const DownloadId id = run(engine, QStringLiteral("/cut.bin"));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    const RecordedRequest resumed = lastRanged(m_server.requests(QStringLiteral("/cut.bin")));
    QCOMPARE(resumed.header("range"), QByteArrayLiteral("bytes=300000-"));
    QCOMPARE(resumed.header("if-range"), kEtag);
    QCOMPARE(resumed.status, 206);
    QCOMPARE(resumed.bodyBytesSent, kSize - 300'000);
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("cut.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(kSize, 7)));
}

void TestDownload::resetConnectionResumes()
{
    FaultResponse reset = truncated(200'000);
    reset.truncateAfter = -1;
    reset.resetAfter = 200'000;
    m_server.setResponses(QStringLiteral("/reset.bin"), {reset, body()});
    EngineFixture engine;
    const DownloadId id = run(engine, QStringLiteral("/reset.bin"));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(m_server.requestCount(QStringLiteral("/reset.bin")), 2);
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("reset.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(kSize, 7)));
}

void TestDownload::lastModifiedServesAsValidator()
{
    const QByteArray date = QByteArrayLiteral("Wed, 21 Oct 2015 07:28:00 GMT");
    FaultResponse whole = body();
    whole.etag = QByteArrayLiteral("W/\"weak\"");
    whole.lastModified = date;
    m_server.setResponses(QStringLiteral("/lm.bin"), {truncated(100'000, QByteArrayLiteral("W/\"weak\""), date), whole});
    EngineFixture engine;
    const DownloadId id = run(engine, QStringLiteral("/lm.bin"));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    const QList<RecordedRequest> requests = m_server.requests(QStringLiteral("/lm.bin"));
    QCOMPARE(requests.size(), 2);
    QCOMPARE(requests[1].header("if-range"), date);  // a weak ETag is never used for If-Range
    QCOMPARE(requests[1].header("range"), QByteArrayLiteral("bytes=100000-"));
}

void TestDownload::rangeIgnoredRestartsFromZero()
{
    FaultResponse ignoring = body();
    ignoring.range = RangeMode::Ignore;
    m_server.setResponses(QStringLiteral("/ignore.bin"), {truncated(400'000), ignoring});
    EngineFixture engine;
    const DownloadId id = run(engine, QStringLiteral("/ignore.bin"));
    const Download &d = engine.download(id);
    QCOMPARE(d.state(), DownloadState::Completed);
    QCOMPARE(m_server.requests(QStringLiteral("/ignore.bin"))[1].status, 200);
    // The 200's full body replaced the partial file instead of being appended to it.
    QCOMPARE(QFileInfo(d.filePath()).size(), kSize);
    QCOMPARE(EngineFixture::fileSha256(d.filePath()), EngineFixture::sha256(FaultServer::generatedBody(kSize, 7)));
    QVERIFY(d.note().contains(QStringLiteral("Restarted from zero")));
}

void TestDownload::wrongContentRangeIsRejected()
{
    FaultResponse wrong = body();
    wrong.range = RangeMode::WrongRange;
    m_server.setResponses(QStringLiteral("/wrong.bin"), {truncated(400'000), wrong, body()});
    EngineFixture engine;
    const DownloadId id = run(engine, QStringLiteral("/wrong.bin"));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    const QList<RecordedRequest> requests = m_server.requests(QStringLiteral("/wrong.bin"));
    QCOMPARE(requests.size(), 3);
    QVERIFY(!requests[2].hasHeader("range"));  // after a broken 206, start over from zero
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("wrong.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(kSize, 7)));
}

void TestDownload::missingContentRangeIsRejected()
{
    FaultResponse noHeader = body();
    noHeader.range = RangeMode::NoContentRange;
    m_server.setResponses(QStringLiteral("/nocr.bin"), {truncated(400'000), noHeader, body()});
    EngineFixture engine;
    const DownloadId id = run(engine, QStringLiteral("/nocr.bin"));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(m_server.requestCount(QStringLiteral("/nocr.bin")), 3);
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("nocr.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(kSize, 7)));
}

void TestDownload::changedFileRestartsFromZero()
{
    // The file changed between attempts: If-Range no longer matches, so the server sends the new
    // file whole and nothing of the old one may survive.
    FaultResponse changed = FaultResponse::generated(kSize, 99);
    changed.etag = QByteArrayLiteral("\"v2\"");
    m_server.setResponses(QStringLiteral("/changed.bin"), {truncated(500'000), changed});
    EngineFixture engine;
    const DownloadId id = run(engine, QStringLiteral("/changed.bin"));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(m_server.requests(QStringLiteral("/changed.bin"))[1].status, 200);
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("changed.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(kSize, 99)));
}

void TestDownload::noValidatorRestartsFromZero()
{
    FaultResponse plain = FaultResponse::generated(kSize, 7);
    m_server.setResponses(QStringLiteral("/novalidator.bin"), {truncated(300'000, {}), plain});
    EngineFixture engine;
    const DownloadId id = run(engine, QStringLiteral("/novalidator.bin"));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    const QList<RecordedRequest> requests = m_server.requests(QStringLiteral("/novalidator.bin"));
    QCOMPARE(requests.size(), 2);
    QVERIFY(!requests[1].hasHeader("range"));
    QVERIFY(engine.download(id).note().contains(QStringLiteral("no validator")));
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("novalidator.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(kSize, 7)));
}

void TestDownload::unsatisfiableRangeRestarts()
{
    FaultResponse unsatisfiable = FaultResponse::withStatus(416);
    unsatisfiable.headers = {{"Content-Range", "bytes */5"}};
    m_server.setResponses(QStringLiteral("/416.bin"), {truncated(300'000), unsatisfiable, body()});
    EngineFixture engine;
    const DownloadId id = run(engine, QStringLiteral("/416.bin"));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    const QList<RecordedRequest> requests = m_server.requests(QStringLiteral("/416.bin"));
    QCOMPARE(requests.size(), 3);
    QVERIFY(!requests[2].hasHeader("range"));
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("416.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(kSize, 7)));
}

void TestDownload::connectionRefusedFails()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    DownloadSettings settings = EngineFixture::testSettings();
    settings.retries = 1;
    EngineFixture engine(settings);
    const DownloadId id = engine.add(QUrl(QStringLiteral("http://127.0.0.1:%1/x.bin").arg(port)));
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Failed);
    QVERIFY2(engine.download(id).error().message.startsWith(QStringLiteral("Connection refused by 127.0.0.1:")),
             qPrintable(engine.download(id).error().message));
    QCOMPARE(engine.download(id).attempts(), 2);
}

QTEST_GUILESS_MAIN(TestDownload)
#include "tst_download.moc"
