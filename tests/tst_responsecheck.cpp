// ResponseCheck::judge without sockets: which answers carry a body to the file, at which offset,
// and which are refused with which words.
#include "net/responsecheck.h"

#include <QObject>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

using Kind = ResponseVerdict::Kind;

ResponseHead head(int status, qint64 contentLength = -1, QByteArray contentRange = {})
{
    ResponseHead h;
    h.status = status;
    h.contentLength = contentLength;
    h.contentRange = std::move(contentRange);
    h.url = QUrl(u"https://files.example/data.bin"_s);
    return h;
}

FetchRequest ranged(qint64 offset, qint64 rangeEnd = -1, qint64 expectedTotal = -1, QByteArray etag = {})
{
    FetchRequest r;
    r.url = QUrl(u"https://files.example/data.bin"_s);
    r.offset = offset;
    r.rangeEnd = rangeEnd;
    r.expectedTotal = expectedTotal;
    r.expectedEtag = std::move(etag);
    return r;
}

} // namespace

Q_DECLARE_METATYPE(ResponseHead)
Q_DECLARE_METATYPE(FetchRequest)

class TestResponseCheck final : public QObject
{
    Q_OBJECT

private slots:
    void verdict_data();
    void verdict();
    void acceptedWholeFile();
    void acceptedRange();
    void carriesTheHeaders();
    void framingFollowsRfc9112();
};

void TestResponseCheck::verdict_data()
{
    QTest::addColumn<ResponseHead>("response");
    QTest::addColumn<FetchRequest>("request");
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("mustRestart");
    QTest::addColumn<QString>("message");  // empty: accepted

    QTest::newRow("200 to a plain GET") << head(200, 100) << ranged(0) << int(Kind::Accept) << false << QString();
    QTest::newRow("200 to a range: whole file") << head(200, 100) << ranged(50) << int(Kind::Accept) << false << QString();
    QTest::newRow("206 at the asked offset") << head(206, 50, "bytes 50-99/100") << ranged(50, -1, 100)
                                             << int(Kind::Accept) << false << QString();
    QTest::newRow("206 without Content-Range") << head(206, 50) << ranged(50) << int(Kind::Fail) << true
                                               << u"Server answered 206 without a usable Content-Range ()"_s;
    QTest::newRow("206 with garbage Content-Range") << head(206, 50, "pages 1-2") << ranged(50) << int(Kind::Fail) << true
                                                    << u"Server answered 206 without a usable Content-Range (pages 1-2)"_s;
    QTest::newRow("206 at another offset") << head(206, 50, "bytes 0-49/100") << ranged(50) << int(Kind::Fail) << true
                                           << u"Server sent bytes 0-49 when bytes 50- were asked for"_s;
    QTest::newRow("206 of another size") << head(206, 50, "bytes 50-99/200") << ranged(50, -1, 100) << int(Kind::Fail)
                                         << true << u"File changed on the server (size was 100 bytes, now 200)"_s;
    ResponseHead otherEtag = head(206, 50, "bytes 50-99/100");
    otherEtag.etag = "\"v2\"";
    QTest::newRow("206 with another ETag") << otherEtag << ranged(50, -1, 100, "\"v1\"") << int(Kind::Fail) << true
                                           << u"File changed on the server (its ETag differs)"_s;
    QTest::newRow("416 proving the file is complete") << head(416, 0, "bytes */100") << ranged(100, -1, 100)
                                                      << int(Kind::AlreadyComplete) << false << QString();
    QTest::newRow("416 of another size") << head(416, 0, "bytes */90") << ranged(100, -1, 100) << int(Kind::Fail) << true
                                         << u"Server said 416 Range Not Satisfiable for bytes 100-"_s;
    QTest::newRow("416 to a plain GET") << head(416, 0, "bytes */0") << ranged(0) << int(Kind::Fail) << true
                                        << u"Server said 416 Range Not Satisfiable for bytes 0-"_s;
    QTest::newRow("404 with a short page") << head(404, 120) << ranged(0) << int(Kind::FailAfterBody) << false
                                           << u"Server said 404 Not Found"_s;
    QTest::newRow("404 of unknown length") << head(404) << ranged(0) << int(Kind::Fail) << false << u"Server said 404 Not Found"_s;
    QTest::newRow("503 with a huge page") << head(503, 10'000'000) << ranged(0) << int(Kind::Fail) << false
                                          << u"Server said 503 Service Unavailable"_s;
    QTest::newRow("204 No Content") << head(204, 0) << ranged(0) << int(Kind::FailAfterBody) << false
                                    << u"Server said 204 and sent no file"_s;
    QTest::newRow("203 is not a file either") << head(203, 10) << ranged(0) << int(Kind::FailAfterBody) << false
                                              << u"Server said 203 and sent no file"_s;
}

void TestResponseCheck::verdict()
{
    QFETCH(ResponseHead, response);
    QFETCH(FetchRequest, request);
    QFETCH(int, kind);
    QFETCH(bool, mustRestart);
    QFETCH(QString, message);

    const ResponseVerdict verdict = ResponseCheck::judge(response, request);
    QCOMPARE(int(verdict.kind), kind);
    QCOMPARE(verdict.mustRestart, mustRestart);
    QCOMPARE(verdict.error.message, message);
    QCOMPARE(verdict.error.isError(), !message.isEmpty());
    if (verdict.kind == Kind::Fail && mustRestart) {
        QCOMPARE(verdict.error.kind, ErrorKind::Protocol);
        QVERIFY(verdict.error.retryable);
    }
}

void TestResponseCheck::acceptedWholeFile()
{
    ResponseHead response = head(200, 4096);
    response.acceptRanges = " Bytes ";
    const ResponseVerdict plain = ResponseCheck::judge(response, ranged(0));
    QCOMPARE(plain.info.bodyOffset, 0);
    QCOMPARE(plain.info.bodyLength, 4096);
    QCOMPARE(plain.info.totalSize, 4096);
    QVERIFY(!plain.info.restartedFromZero);
    QVERIFY(plain.info.acceptsRanges);

    // The server ignored the range: the body starts at byte 0, and the caller must know.
    response.acceptRanges = "none";
    const ResponseVerdict whole = ResponseCheck::judge(response, ranged(1000, 2000));
    QCOMPARE(whole.info.bodyOffset, 0);
    QVERIFY(whole.info.restartedFromZero);
    QVERIFY(!whole.info.acceptsRanges);

    const ResponseVerdict chunked = ResponseCheck::judge(head(200), ranged(0));
    QCOMPARE(chunked.info.bodyLength, -1);
    QCOMPARE(chunked.info.totalSize, -1);
}

void TestResponseCheck::acceptedRange()
{
    const ResponseVerdict known = ResponseCheck::judge(head(206, 1000, "bytes 1000-1999/8000"), ranged(1000, 2000, 8000));
    QCOMPARE(int(known.kind), int(Kind::Accept));
    QCOMPARE(known.info.bodyOffset, 1000);
    QCOMPARE(known.info.bodyLength, 1000);
    QCOMPARE(known.info.totalSize, 8000);
    QVERIFY(known.info.acceptsRanges);
    QVERIFY(!known.info.restartedFromZero);

    // "bytes 1000-1999/*": the size stays what the request knew.
    const ResponseVerdict star = ResponseCheck::judge(head(206, 1000, "bytes 1000-1999/*"), ranged(1000, 2000, 8000));
    QCOMPARE(int(star.kind), int(Kind::Accept));
    QCOMPARE(star.info.totalSize, 8000);

    // An ETag on a 206 when the request knew none is not a change.
    ResponseHead tagged = head(206, 1000, "bytes 1000-1999/8000");
    tagged.etag = "\"new\"";
    QCOMPARE(int(ResponseCheck::judge(tagged, ranged(1000, 2000, 8000)).kind), int(Kind::Accept));
}

void TestResponseCheck::carriesTheHeaders()
{
    ResponseHead response = head(200, 10);
    response.etag = "\"abc\"";
    response.lastModified = "Wed, 02 Dec 2026 10:00:00 GMT";
    response.contentDisposition = "attachment; filename=\"report.pdf\"";
    response.contentType = "application/pdf";
    response.url = QUrl(u"https://mirror.example/report"_s);
    const ResponseInfo info = ResponseCheck::judge(response, ranged(0)).info;
    QCOMPARE(info.status, 200);
    QCOMPARE(info.etag, QByteArray("\"abc\""));
    QCOMPARE(info.lastModified, QByteArray("Wed, 02 Dec 2026 10:00:00 GMT"));
    QCOMPARE(info.contentDisposition, QByteArray("attachment; filename=\"report.pdf\""));
    QCOMPARE(info.mimeType, u"application/pdf"_s);
    QCOMPARE(info.finalUrl, QUrl(u"https://mirror.example/report"_s));
}

void TestResponseCheck::framingFollowsRfc9112()
{
    // Chunked beside Content-Length: the chunks say where the body ends (Qt reads them so).
    ResponseHead both = head(200, 5);
    both.contentLengthField = "5";
    both.transferEncoding = "chunked";
    const ResponseVerdict chunked = ResponseCheck::judge(both, ranged(0));
    QCOMPARE(int(chunked.kind), int(Kind::Accept));
    QCOMPARE(chunked.info.bodyLength, -1);
    QCOMPARE(chunked.info.totalSize, -1);

    // Two lengths that disagree: refused, never a short file.
    ResponseHead two = head(200);
    two.contentLengthField = "100, 200";
    const ResponseVerdict conflicting = ResponseCheck::judge(two, ranged(0));
    QCOMPARE(int(conflicting.kind), int(Kind::Fail));
    QCOMPARE(conflicting.error.kind, ErrorKind::Protocol);
    QVERIFY(!conflicting.error.retryable);
    QCOMPARE(conflicting.error.message, u"Server sent conflicting lengths (Content-Length 100 and 200)"_s);
    two.status = 206;
    two.contentRange = "bytes 0-99/200";
    QCOMPARE(int(ResponseCheck::judge(two, ranged(0)).kind), int(Kind::Fail));

    // The same length twice is one length (RFC 9110 §8.6).
    ResponseHead same = head(200);
    same.contentLengthField = "100, 100";
    const ResponseVerdict repeated = ResponseCheck::judge(same, ranged(0));
    QCOMPARE(int(repeated.kind), int(Kind::Accept));
    QCOMPARE(repeated.info.bodyLength, 100);
}

QTEST_GUILESS_MAIN(TestResponseCheck)
#include "tst_responsecheck.moc"
