#include "faultfetch.h"
#include "faultserver.h"
#include "testcerts.h"

#include <QCryptographicHash>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

using Headers = QList<QPair<QByteArray, QByteArray>>;
using Fetched = FetchResult;
using FaultFetch::request;

QByteArray sha256(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256);
}

const RecordedRequest &onlyRecord(const QList<RecordedRequest> &records)
{
    static const RecordedRequest none;
    return records.size() == 1 ? records.first() : none;
}

} // namespace

class TestFaultServer final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void statusBodyHeaders_data();
    void statusBodyHeaders();
    void rawDuplicateHeaders();
    void generatedBodyMatches();
    void ranges_data();
    void ranges();
    void truncation();
    void reset();
    void delayBeforeHeaders();
    void chunked();
    void chunkDelayAndThrottle_data();
    void chunkDelayAndThrottle();
    void streamForever();
    void neverRespond();
    void retryAfter();
    void redirect();
    void sequence();
    void prefixRoutes();
    void requestRecording();
    void keepAlive();
    void concurrency();
    void tls();

private:
    Fetched get(const QString &path, const Headers &headers = {})
    {
        return FaultFetch::get(*m_nam, request(m_server->url(path), headers));
    }

    std::unique_ptr<FaultServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_nam;
};

void TestFaultServer::init()
{
    m_server = std::make_unique<FaultServer>();
    QVERIFY(m_server->listen());
    m_nam = std::make_unique<QNetworkAccessManager>();
}

void TestFaultServer::cleanup()
{
    m_nam.reset();
    m_server.reset();
}

void TestFaultServer::statusBodyHeaders_data()
{
    QTest::addColumn<FaultResponse>("response");
    QTest::addColumn<QByteArray>("reason");

    QTest::newRow("200 with body") << FaultResponse::ok("hello") << QByteArray("OK");
    FaultResponse gone = FaultResponse::withStatus(410);
    gone.body = "<html>gone</html>";
    QTest::newRow("410 with html") << gone << QByteArray("Gone");
    FaultResponse custom = FaultResponse::withStatus(503);
    custom.reason = "Overloaded Now";
    QTest::newRow("503 custom reason") << custom << QByteArray("Overloaded Now");
    FaultResponse noLength = FaultResponse::ok("close-delimited");
    noLength.sendContentLength = false;
    QTest::newRow("no content-length") << noLength << QByteArray("OK");
}

void TestFaultServer::statusBodyHeaders()
{
    QFETCH(FaultResponse, response);
    QFETCH(QByteArray, reason);
    response.headers = {{"X-Fault", "one"}, {"Content-Type", "text/x-test"}};
    m_server->setResponse(u"/file"_s, response);

    const Fetched f = get(u"/file"_s);
    QVERIFY(f.finished);
    QCOMPARE(f.status, response.status);
    QCOMPARE(f.reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray(), reason);
    QCOMPARE(f.body, response.body);
    QCOMPARE(f.header("X-Fault"), QByteArray("one"));
    QCOMPARE(f.header("Content-Type"), QByteArray("text/x-test"));
    QCOMPARE(f.hasHeader("Content-Length"), response.sendContentLength);

    const Fetched missing = get(u"/elsewhere"_s);
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.error, QNetworkReply::ContentNotFoundError);
}

void TestFaultServer::rawDuplicateHeaders()
{
    FaultResponse response = FaultResponse::ok("abc");
    response.headers = {{"X-Dup", "a"}, {"X-Dup", "b"}, {"Content-Length", "44"}};
    m_server->setResponse(u"/dup"_s, response);

    // An overridden Content-Length breaks framing, so the server closes after the body.
    const QByteArray received = FaultFetch::raw(m_server->port(), "GET /dup HTTP/1.1\r\nHost: x\r\n\r\n");
    QVERIFY(received.startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(received.contains("\r\nX-Dup: a\r\nX-Dup: b\r\n"));
    QCOMPARE(received.count("Content-Length:"), 1);
    QVERIFY(received.contains("\r\nContent-Length: 44\r\n"));
    QVERIFY(received.endsWith("\r\n\r\nabc"));
}

void TestFaultServer::generatedBodyMatches()
{
    const qint64 size = 3 * 1024 * 1024 + 5;
    m_server->setResponse(u"/big.bin"_s, FaultResponse::generated(size, 7));
    const Fetched f = get(u"/big.bin"_s);
    QVERIFY(f.finished);
    QCOMPARE(f.status, 200);
    QCOMPARE(f.body.size(), size);
    const QByteArray expected = FaultServer::generatedBody(size, 7);
    QCOMPARE(sha256(f.body), sha256(expected));
    QVERIFY(expected != FaultServer::generatedBody(size, 8));
    QCOMPARE(FaultServer::generatedSlice(12345, 1001, 7), expected.mid(12345, 1001));
    QCOMPARE(FaultServer::generatedSlice(3, 2, 7), expected.mid(3, 2));
}

void TestFaultServer::ranges_data()
{
    QTest::addColumn<RangeMode>("mode");
    QTest::addColumn<QByteArray>("range");   // empty: no Range header
    QTest::addColumn<QByteArray>("ifRange"); // empty: no If-Range header
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentRange"); // empty: header absent
    QTest::addColumn<qint64>("first");
    QTest::addColumn<qint64>("length");

    const auto row = [](const char *name, RangeMode mode, const char *range, const char *ifRange, int status,
                        const char *contentRange, qint64 first, qint64 length) {
        QTest::newRow(name) << mode << QByteArray(range) << QByteArray(ifRange) << status << QByteArray(contentRange)
                            << first << length;
    };
    const char *date = "Wed, 21 Oct 2015 07:28:00 GMT";
    row("no range", RangeMode::Honour, "", "", 200, "", 0, 1000);
    row("honour a-b", RangeMode::Honour, "bytes=10-19", "", 206, "bytes 10-19/1000", 10, 10);
    row("honour a-", RangeMode::Honour, "bytes=990-", "", 206, "bytes 990-999/1000", 990, 10);
    row("honour suffix", RangeMode::Honour, "bytes=-5", "", 206, "bytes 995-999/1000", 995, 5);
    row("honour end clamped", RangeMode::Honour, "bytes=995-5000", "", 206, "bytes 995-999/1000", 995, 5);
    row("past the end 416", RangeMode::Honour, "bytes=1000-", "", 416, "bytes */1000", 0, 0);
    row("multi-range full", RangeMode::Honour, "bytes=0-1,5-6", "", 200, "", 0, 1000);
    row("ignore", RangeMode::Ignore, "bytes=10-19", "", 200, "", 0, 1000);
    row("wrong range", RangeMode::WrongRange, "bytes=500-", "", 206, "bytes 0-499/1000", 0, 500);
    row("wrong range from 0", RangeMode::WrongRange, "bytes=0-99", "", 206, "bytes 1-100/1000", 1, 100);
    row("no content-range", RangeMode::NoContentRange, "bytes=10-19", "", 206, "", 10, 10);
    row("if-range etag match", RangeMode::Honour, "bytes=10-19", "\"v1\"", 206, "bytes 10-19/1000", 10, 10);
    row("if-range etag mismatch", RangeMode::Honour, "bytes=10-19", "\"v0\"", 200, "", 0, 1000);
    row("if-range weak etag", RangeMode::Honour, "bytes=10-19", "W/\"v1\"", 200, "", 0, 1000);
    row("if-range date match", RangeMode::Honour, "bytes=10-19", date, 206, "bytes 10-19/1000", 10, 10);
    row("if-range date mismatch", RangeMode::Honour, "bytes=10-19", "Thu, 22 Oct 2015 07:28:00 GMT", 200, "", 0, 1000);
}

void TestFaultServer::ranges()
{
    QFETCH(RangeMode, mode);
    QFETCH(QByteArray, range);
    QFETCH(QByteArray, ifRange);
    QFETCH(int, status);
    QFETCH(QByteArray, contentRange);
    QFETCH(qint64, first);
    QFETCH(qint64, length);

    FaultResponse response = FaultResponse::generated(1000, 3);
    response.range = mode;
    response.etag = "\"v1\"";
    response.lastModified = "Wed, 21 Oct 2015 07:28:00 GMT";
    m_server->setResponse(u"/r"_s, response);

    Headers requestHeaders;
    if (!range.isEmpty())
        requestHeaders.append({"Range", range});
    if (!ifRange.isEmpty())
        requestHeaders.append({"If-Range", ifRange});
    const Fetched f = get(u"/r"_s, requestHeaders);
    QVERIFY(f.finished);
    QCOMPARE(f.status, status);
    QCOMPARE(f.hasHeader("Content-Range"), !contentRange.isEmpty());
    QCOMPARE(f.header("Content-Range"), contentRange);
    QCOMPARE(f.header("ETag"), QByteArray("\"v1\""));
    if (status != 416)
        QCOMPARE(f.body, FaultServer::generatedSlice(first, length, 3));
    QCOMPARE(onlyRecord(m_server->requests(u"/r"_s)).status, status);
}

void TestFaultServer::truncation()
{
    FaultResponse response = FaultResponse::generated(100000);
    response.truncateAfter = 1000;
    m_server->setResponse(u"/t"_s, response);
    const Fetched f = get(u"/t"_s);
    QVERIFY(f.finished);
    QCOMPARE(f.header("Content-Length"), QByteArray("100000"));
    QCOMPARE(f.body, FaultServer::generatedBody(1000));
    const RecordedRequest record = onlyRecord(m_server->requests(u"/t"_s));
    QCOMPARE(record.bodyBytesSent, 1000);
    QTRY_VERIFY(m_server->requests(u"/t"_s).first().finishedMs >= 0);
}

void TestFaultServer::reset()
{
    FaultResponse response = FaultResponse::generated(100000);
    response.resetAfter = 5000;
    m_server->setResponse(u"/rst"_s, response);
    const Fetched f = get(u"/rst"_s);
    QVERIFY(f.finished);
    QVERIFY(f.error != QNetworkReply::NoError);
    QVERIFY(f.body.size() <= 5000);
    QCOMPARE(f.body, FaultServer::generatedBody(f.body.size()));
    QCOMPARE(onlyRecord(m_server->requests(u"/rst"_s)).bodyBytesSent, 5000);
}

void TestFaultServer::delayBeforeHeaders()
{
    FaultResponse response = FaultResponse::ok("late");
    response.delayBeforeHeadersMs = 300;
    m_server->setResponse(u"/late"_s, response);
    const Fetched f = get(u"/late"_s);
    QVERIFY(f.finished);
    QCOMPARE(f.body, QByteArray("late"));
    const RecordedRequest record = onlyRecord(m_server->requests(u"/late"_s));
    QVERIFY(record.startedMs >= 0);
    QVERIFY2(record.finishedMs - record.startedMs >= 300, QByteArray::number(record.finishedMs - record.startedMs));
}

void TestFaultServer::chunked()
{
    FaultResponse response = FaultResponse::generated(5000, 1);
    response.chunked = true;
    response.chunkSize = 1000;
    m_server->setResponse(u"/c"_s, response);

    const QByteArray raw = FaultFetch::raw(m_server->port(), "GET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QVERIFY(raw.endsWith("\r\n0\r\n\r\n"));
    QVERIFY(raw.contains("\r\nTransfer-Encoding: chunked\r\n"));
    QVERIFY(!raw.contains("Content-Length"));
    QCOMPARE(raw.count("\r\n3e8\r\n"), 5);
    QVERIFY(raw.contains("\r\n\r\n3e8\r\n"));

    const Fetched f = get(u"/c"_s);
    QVERIFY(f.finished);
    QCOMPARE(f.body, FaultServer::generatedBody(5000, 1));
}

void TestFaultServer::chunkDelayAndThrottle_data()
{
    QTest::addColumn<int>("chunkDelayMs");
    QTest::addColumn<qint64>("bytesPerSecond");
    QTest::addColumn<qint64>("minimumMs");

    QTest::newRow("4 delays of 60 ms") << 60 << 0LL << 240LL;
    QTest::newRow("100 kB/s for 30 kB") << 0 << 100000LL << 280LL;
}

void TestFaultServer::chunkDelayAndThrottle()
{
    QFETCH(int, chunkDelayMs);
    QFETCH(qint64, bytesPerSecond);
    QFETCH(qint64, minimumMs);

    FaultResponse response = FaultResponse::generated(30000);
    response.chunkSize = 6000;
    response.chunkDelayMs = chunkDelayMs;
    response.bytesPerSecond = bytesPerSecond;
    m_server->setResponse(u"/slow"_s, response);
    const Fetched f = get(u"/slow"_s);
    QVERIFY(f.finished);
    QCOMPARE(f.body, FaultServer::generatedBody(30000));
    const RecordedRequest record = onlyRecord(m_server->requests(u"/slow"_s));
    const qint64 took = record.finishedMs - record.startedMs;
    QVERIFY2(took >= minimumMs && took < 3000, QByteArray::number(took));
}

void TestFaultServer::streamForever()
{
    FaultResponse response;
    response.streamForever = true;
    response.seed = 9;
    m_server->setResponse(u"/endless"_s, response);
    QByteArray body;
    std::unique_ptr<QNetworkReply> reply(m_nam->get(request(m_server->url(u"/endless"_s))));
    connect(reply.get(), &QNetworkReply::readyRead, this, [&] { body += reply->readAll(); });
    QTRY_VERIFY_WITH_TIMEOUT(body.size() >= 2 * 1024 * 1024, 10000);
    QVERIFY(!reply->hasRawHeader("Content-Length"));
    QCOMPARE(body, FaultServer::generatedSlice(0, body.size(), 9));
    reply->abort();
    QTRY_VERIFY(m_server->requests(u"/endless"_s).first().finishedMs >= 0);
}

void TestFaultServer::neverRespond()
{
    FaultResponse response;
    response.neverRespond = true;
    m_server->setResponse(u"/silent"_s, response);
    QNetworkRequest timed = request(m_server->url(u"/silent"_s));
    timed.setTransferTimeout(200);
    const Fetched f = FaultFetch::get(*m_nam, timed);
    QVERIFY(f.finished);
    QCOMPARE(f.status, 0);
    QVERIFY(f.error != QNetworkReply::NoError);
    const RecordedRequest record = onlyRecord(m_server->requests(u"/silent"_s));
    QCOMPARE(record.status, 0);
    QTRY_VERIFY(m_server->requests(u"/silent"_s).first().finishedMs >= 0);
}

void TestFaultServer::retryAfter()
{
    FaultResponse response = FaultResponse::withStatus(429);
    response.retryAfter = "7";
    m_server->setResponse(u"/busy"_s, response);
    const Fetched f = get(u"/busy"_s);
    QCOMPARE(f.status, 429);
    QCOMPARE(f.reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString(), u"Too Many Requests"_s);
    QCOMPARE(f.header("Retry-After"), QByteArray("7"));
}

void TestFaultServer::redirect()
{
    m_server->setResponse(u"/old"_s, FaultResponse::redirect(302, "/new?x=1"));
    m_server->setResponse(u"/new"_s, FaultResponse::ok("moved here"));

    const Fetched manual = get(u"/old"_s);
    QCOMPARE(manual.status, 302);
    QCOMPARE(manual.header("Location"), QByteArray("/new?x=1"));

    QNetworkRequest follow = request(m_server->url(u"/old"_s));
    follow.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    const Fetched followed = FaultFetch::get(*m_nam, follow);
    QCOMPARE(followed.status, 200);
    QCOMPARE(followed.body, QByteArray("moved here"));
    QCOMPARE(followed.url, m_server->url(u"/new?x=1"_s));
    QCOMPARE(m_server->requestCount(u"/old"_s), 2);
    QCOMPARE(m_server->requests(u"/new"_s).first().target, QByteArray("/new?x=1"));
}

void TestFaultServer::sequence()
{
    FaultResponse second = FaultResponse::ok("second");
    second.etag = "\"b\"";
    m_server->setResponses(u"/seq"_s, {FaultResponse::withStatus(503), second});
    QList<int> statuses;
    for (int i = 0; i < 3; ++i)
        statuses.append(get(u"/seq"_s).status);
    QCOMPARE(statuses, (QList<int>{503, 200, 200}));

    m_server->setResponses(u"/seq"_s, {FaultResponse::withStatus(500), second});
    QCOMPARE(get(u"/seq"_s).status, 500);
}

void TestFaultServer::prefixRoutes()
{
    m_server->setResponse(u"/slow/*"_s, FaultResponse::ok("prefix"));
    m_server->setResponse(u"/slow/special"_s, FaultResponse::ok("exact"));
    m_server->setResponse(u"/slow/deeper/*"_s, FaultResponse::ok("longer"));
    m_server->setResponse(u"/with space"_s, FaultResponse::ok("decoded"));

    QCOMPARE(get(u"/slow/1?q=2"_s).body, QByteArray("prefix"));
    QCOMPARE(get(u"/slow/2"_s).body, QByteArray("prefix"));
    QCOMPARE(get(u"/slow/special"_s).body, QByteArray("exact"));
    QCOMPARE(get(u"/slow/deeper/x"_s).body, QByteArray("longer"));
    QCOMPARE(get(u"/with space"_s).body, QByteArray("decoded"));
    QCOMPARE(get(u"/slowly"_s).status, 404);
    QCOMPARE(m_server->requestCount(u"/slow/*"_s), 4);
    QCOMPARE(m_server->requestCount(u"/slow/1"_s), 1);
    QCOMPARE(m_server->requests().size(), 6);
}

void TestFaultServer::requestRecording()
{
    m_server->setResponse(u"/rec"_s, FaultResponse::ok("x"));
    const Fetched f = get(u"/rec?a=1&b=2"_s, {{"Range", "bytes=0-0"}, {"X-Custom", "value 1"}});
    QVERIFY(f.finished);
    const RecordedRequest r = onlyRecord(m_server->requests(u"/rec"_s));
    QCOMPARE(r.method, QByteArray("GET"));
    QCOMPARE(r.target, QByteArray("/rec?a=1&b=2"));
    QCOMPARE(r.path, QByteArray("/rec"));
    QCOMPARE(r.version, QByteArray("HTTP/1.1"));
    QCOMPARE(r.header("range"), QByteArray("bytes=0-0"));
    QCOMPARE(r.header("x-custom"), QByteArray("value 1"));
    QCOMPARE(r.header("accept-encoding"), QByteArray("identity"));
    QVERIFY(r.hasHeader("host"));
    QVERIFY(!r.hasHeader("authorization"));
    QVERIFY(r.connection >= 1);
    QTRY_VERIFY(m_server->requests(u"/rec"_s).first().finishedMs >= r.startedMs);

    m_server->clearRecords();
    QVERIFY(m_server->requests().isEmpty());
    QCOMPARE(m_server->requestCount(u"/rec"_s), 0);
}

void TestFaultServer::keepAlive()
{
    m_server->setResponse(u"/k"_s, FaultResponse::ok("k"));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(get(u"/k"_s).body, QByteArray("k"));
    QCOMPARE(m_server->connectionCount(), 1);
    const QList<RecordedRequest> records = m_server->requests(u"/k"_s);
    QCOMPARE(records.size(), 3);
    QCOMPARE(records.at(2).connection, records.at(0).connection);

    FaultResponse closing = FaultResponse::ok("c");
    closing.closeConnection = true;
    m_server->setResponse(u"/close"_s, closing);
    QCOMPARE(get(u"/close"_s).body, QByteArray("c"));
    QCOMPARE(get(u"/close"_s).body, QByteArray("c"));
    const QList<RecordedRequest> closed = m_server->requests(u"/close"_s);
    QVERIFY(closed.at(0).connection != closed.at(1).connection);
}

void TestFaultServer::concurrency()
{
    FaultResponse response = FaultResponse::ok("slow");
    response.delayBeforeHeadersMs = 300;
    m_server->setResponse(u"/p/*"_s, response);

    std::vector<std::unique_ptr<QNetworkReply>> replies;
    for (int i = 0; i < 5; ++i)
        replies.emplace_back(m_nam->get(request(m_server->url(u"/p/"_s + QString::number(i)))));
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(replies.begin(), replies.end(), [](const auto &r) { return r->isFinished(); }),
                             5000);
    for (const auto &r : replies)
        QCOMPARE(r->readAll(), QByteArray("slow"));
    QVERIFY2(m_server->maxConcurrentRequests() >= 5, QByteArray::number(m_server->maxConcurrentRequests()));

    m_server->clearRecords();
    m_server->setResponse(u"/p/*"_s, FaultResponse::ok("fast"));
    for (int i = 0; i < 4; ++i)
        QCOMPARE(get(u"/p/"_s + QString::number(i)).body, QByteArray("fast"));
    QCOMPARE(m_server->requestCount(u"/p/*"_s), 4);
    QCOMPARE(m_server->maxConcurrentRequests(), 1);
}

void TestFaultServer::tls()
{
    TestCerts certs;
    FaultServer tlsServer;
    QVERIFY2(tlsServer.listenTls(certs), qPrintable(certs.errorString()));
    QCOMPARE(tlsServer.url(u"/s"_s).scheme(), u"https"_s);
    tlsServer.setResponse(u"/s"_s, FaultResponse::generated(200000, 4));

    QNetworkRequest trusting = request(tlsServer.url(u"/s"_s));
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setCaCertificates({certs.caCertificate()});
    trusting.setSslConfiguration(configuration);
    const Fetched f = FaultFetch::get(*m_nam, trusting);
    QVERIFY(f.finished);
    QCOMPARE(f.error, QNetworkReply::NoError);
    QCOMPARE(f.body, FaultServer::generatedBody(200000, 4));

    // Without trusting the certificate the client must refuse; a fresh manager, because the
    // first one would reuse its verified connection.
    QNetworkAccessManager fresh;
    const Fetched untrusted = FaultFetch::get(fresh, request(tlsServer.url(u"/s"_s)));
    QCOMPARE(untrusted.error, QNetworkReply::SslHandshakeFailedError);
}

QTEST_GUILESS_MAIN(TestFaultServer)
#include "tst_faultserver.moc"
