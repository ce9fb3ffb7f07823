// HttpAttempt on the loopback fault server: its end is reported on a later turn of the event
// loop, never from inside the call that caused it, so an owner walking its connections is never
// re-entered; and what it reports about the body is true.
#include "net/httpattempt.h"

#include "faultserver.h"

#include "base/downloadsettings.h"
#include "net/networkpool.h"

#include <QObject>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

class TestHttpAttempt final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_server.listen()); }
    void abortInsideResponseIsReportedLater();
    void abortWhileReadingIsReportedLater();
    void bodyArrivesWhole();
    void shortBodyIsAnError();

private:
    FetchRequest request(const QString &path) const
    {
        FetchRequest r;
        r.url = m_server.url(path);
        return r;
    }
    static DownloadSettings settings()
    {
        DownloadSettings s;
        s.connectTimeoutMs = s.idleTimeoutMs = 10'000;
        return s;
    }

    FaultServer m_server;
    NetworkPool m_network;
};

void TestHttpAttempt::abortInsideResponseIsReportedLater()
{
    m_server.setResponse(u"/a.bin"_s, FaultResponse::generated(200'000, 1));
    HttpAttempt attempt(&m_network, settings(), request(u"/a.bin"_s));
    QSignalSpy finished(&attempt, &HttpAttempt::finished);
    int finishedDuringAbort = -1;
    connect(&attempt, &HttpAttempt::responseAccepted, this, [&] {
        attempt.abortWithError(DownloadError::make(ErrorKind::TooLarge, u"too big"_s));
        finishedDuringAbort = int(finished.count());
    });
    attempt.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QCOMPARE(finishedDuringAbort, 0);
    const auto result = finished.first().first().value<AttemptResult>();
    QCOMPARE(result.error.kind, ErrorKind::TooLarge);
    QCOMPARE(result.error.message, u"too big"_s);
    QVERIFY(!result.aborted);
    // Once, even when asked again.
    attempt.abort();
    QCoreApplication::processEvents();
    QCOMPARE(finished.count(), 1);
}

void TestHttpAttempt::abortWhileReadingIsReportedLater()
{
    FaultResponse slow = FaultResponse::generated(2 * 1024 * 1024, 2);
    slow.chunkSize = 16 * 1024;
    slow.chunkDelayMs = 5;
    m_server.setResponse(u"/slow.bin"_s, slow);
    HttpAttempt attempt(&m_network, settings(), request(u"/slow.bin"_s));
    QSignalSpy finished(&attempt, &HttpAttempt::finished);
    QByteArray body;
    bool reentered = false;
    bool inside = false;
    connect(&attempt, &HttpAttempt::finished, this, [&] { reentered = reentered || inside; });
    connect(&attempt, &HttpAttempt::bodyAvailable, this, [&] {
        inside = true;
        while (attempt.readInto(body, 4096) > 0) {
        }
        if (body.size() >= 64 * 1024)
            attempt.abort();
        inside = false;
    });
    attempt.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QVERIFY(!reentered);
    QVERIFY(finished.first().first().value<AttemptResult>().aborted);
    QCOMPARE(body, FaultServer::generatedBody(2 * 1024 * 1024, 2).left(body.size()));
}

void TestHttpAttempt::bodyArrivesWhole()
{
    m_server.setResponse(u"/whole.bin"_s, FaultResponse::generated(300'000, 3));
    HttpAttempt attempt(&m_network, settings(), request(u"/whole.bin"_s));
    QSignalSpy accepted(&attempt, &HttpAttempt::responseAccepted);
    QSignalSpy finished(&attempt, &HttpAttempt::finished);
    QByteArray body;
    connect(&attempt, &HttpAttempt::bodyAvailable, this, [&] {
        while (attempt.readInto(body, 1 << 20) > 0) {
        }
    });
    attempt.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    while (attempt.readInto(body, 1 << 20) > 0) {
    }
    QCOMPARE(accepted.count(), 1);
    QCOMPARE(accepted.first().first().value<ResponseInfo>().totalSize, 300'000);
    QVERIFY(!finished.first().first().value<AttemptResult>().error.isError());
    QCOMPARE(body, FaultServer::generatedBody(300'000, 3));
}

void TestHttpAttempt::shortBodyIsAnError()
{
    FaultResponse cut = FaultResponse::generated(100'000, 4);
    cut.truncateAfter = 40'000;
    m_server.setResponse(u"/cut.bin"_s, cut);
    HttpAttempt attempt(&m_network, settings(), request(u"/cut.bin"_s));
    QSignalSpy finished(&attempt, &HttpAttempt::finished);
    attempt.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    const auto result = finished.first().first().value<AttemptResult>();
    QCOMPARE(result.error.kind, ErrorKind::Network);
    QVERIFY(result.error.retryable);
    QCOMPARE(result.error.message, u"Connection closed after 40000 of 100000 bytes"_s);
}

QTEST_GUILESS_MAIN(TestHttpAttempt)
#include "tst_httpattempt.moc"
