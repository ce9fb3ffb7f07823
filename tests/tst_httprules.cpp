// The pure rules under the download: Content-Range parsing, status classification, Retry-After,
// validator strength, retry backoff, TLS error wording, and human-readable sizes.
#include "base/humanformat.h"
#include "engine/retrybackoff.h"
#include "net/httprules.h"
#include "net/networkerrors.h"

#include <QSslCertificate>
#include <QTest>

class TestHttpRules final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void contentRange_data();
    void contentRange();
    void statusError_data();
    void statusError();
    void retryAfter_data();
    void retryAfter();
    void strongEtag_data();
    void strongEtag();
    void backoffGrowsAndIsCapped();
    void backoffHonoursRetryAfterWithinCap();
    void sslErrorsNameTheCause();
    void humanFormat();
};

void TestHttpRules::contentRange_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("first");
    QTest::addColumn<qint64>("last");
    QTest::addColumn<qint64>("total");
    QTest::newRow("full form") << QByteArray("bytes 500-999/1000") << true << 500LL << 999LL << 1000LL;
    QTest::newRow("unknown total") << QByteArray("bytes 0-9/*") << true << 0LL << 9LL << -1LL;
    QTest::newRow("unsatisfied") << QByteArray("bytes */1000") << true << -1LL << -1LL << 1000LL;
    QTest::newRow("spaces around") << QByteArray("  bytes 1-2/3 ") << true << 1LL << 2LL << 3LL;
    QTest::newRow("last past total") << QByteArray("bytes 0-1000/1000") << false << 0LL << 0LL << 0LL;
    QTest::newRow("reversed") << QByteArray("bytes 9-1/10") << false << 0LL << 0LL << 0LL;
    QTest::newRow("negative") << QByteArray("bytes -1-5/10") << false << 0LL << 0LL << 0LL;
    QTest::newRow("other unit") << QByteArray("items 0-1/2") << false << 0LL << 0LL << 0LL;
    QTest::newRow("overflowing number") << QByteArray("bytes 0-1/36893488147419103232") << false << 0LL << 0LL << 0LL;
    QTest::newRow("garbage") << QByteArray("bytes a-b/c") << false << 0LL << 0LL << 0LL;
    QTest::newRow("star without total") << QByteArray("bytes */*") << false << 0LL << 0LL << 0LL;
}

void TestHttpRules::contentRange()
{
    QFETCH(QByteArray, header);
    QFETCH(bool, valid);
    const auto range = HttpRules::parseContentRange(header);
    QCOMPARE(range.has_value(), valid);
    if (!valid)
        return;
    QFETCH(qint64, first);
    QFETCH(qint64, last);
    QFETCH(qint64, total);
    QCOMPARE(range->first, first);
    QCOMPARE(range->last, last);
    QCOMPARE(range->total, total);
}

void TestHttpRules::statusError_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<QString>("message");
    QTest::addColumn<bool>("retryable");
    QTest::newRow("404 standard phrase") << 404 << QByteArray() << QStringLiteral("Server said 404 Not Found") << false;
    QTest::newRow("404 server phrase") << 404 << QByteArray("Nope") << QStringLiteral("Server said 404 Nope") << false;
    QTest::newRow("control chars in phrase") << 500 << QByteArray("Bad\x1b[31m") << QStringLiteral("Server said 500 Bad?[31m") << true;
    QTest::newRow("408") << 408 << QByteArray() << QStringLiteral("Server said 408 Request Timeout") << true;
    QTest::newRow("429") << 429 << QByteArray() << QStringLiteral("Server said 429 Too Many Requests") << true;
    QTest::newRow("503") << 503 << QByteArray() << QStringLiteral("Server said 503 Service Unavailable") << true;
    QTest::newRow("unknown 599") << 599 << QByteArray() << QStringLiteral("Server said 599") << true;
    QTest::newRow("401") << 401 << QByteArray() << QStringLiteral("Server said 401 Unauthorized") << false;
}

void TestHttpRules::statusError()
{
    QFETCH(int, status);
    QFETCH(QByteArray, reason);
    QFETCH(QString, message);
    QFETCH(bool, retryable);
    const DownloadError error = HttpRules::statusError(status, reason);
    QCOMPARE(error.kind, ErrorKind::Http);
    QCOMPARE(error.message, message);
    QCOMPARE(error.retryable, retryable);
}

void TestHttpRules::retryAfter_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("expectedMs");  // -1: no value
    QTest::newRow("seconds") << QByteArray("120") << 120'000LL;
    QTest::newRow("zero") << QByteArray("0") << 0LL;
    QTest::newRow("date 90 s ahead") << QByteArray("Sun, 22 Nov 2026 10:01:30 GMT") << 90'000LL;
    QTest::newRow("date in the past") << QByteArray("Sun, 22 Nov 2026 09:00:00 GMT") << 0LL;
    QTest::newRow("empty") << QByteArray() << -1LL;
    QTest::newRow("negative") << QByteArray("-5") << -1LL;
    QTest::newRow("nonsense") << QByteArray("soon") << -1LL;
}

void TestHttpRules::retryAfter()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, expectedMs);
    const QDateTime now(QDate(2026, 11, 22), QTime(10, 0), Qt::UTC);
    const auto ms = HttpRules::retryAfterMs(value, now);
    if (expectedMs < 0) {
        QVERIFY(!ms.has_value());
        return;
    }
    QVERIFY(ms.has_value());
    QCOMPARE(*ms, expectedMs);
}

void TestHttpRules::strongEtag_data()
{
    QTest::addColumn<QByteArray>("etag");
    QTest::addColumn<bool>("strong");
    QTest::newRow("quoted") << QByteArray("\"abc\"") << true;
    QTest::newRow("weak") << QByteArray("W/\"abc\"") << false;
    QTest::newRow("unquoted") << QByteArray("abc") << false;
    QTest::newRow("empty") << QByteArray() << false;
}

void TestHttpRules::strongEtag()
{
    QFETCH(QByteArray, etag);
    QFETCH(bool, strong);
    QCOMPARE(HttpRules::isStrongEtag(etag), strong);
}

void TestHttpRules::backoffGrowsAndIsCapped()
{
    DownloadSettings settings;
    settings.retryBaseDelayMs = 1000;
    settings.retryMaxDelayMs = 60'000;
    QCOMPARE(RetryBackoff::delayMs(1, settings, std::nullopt, 0.5), 1000);
    QCOMPARE(RetryBackoff::delayMs(2, settings, std::nullopt, 0.5), 2000);
    QCOMPARE(RetryBackoff::delayMs(4, settings, std::nullopt, 0.5), 8000);
    QCOMPARE(RetryBackoff::delayMs(3, settings, std::nullopt, 0.0), 3000);  // -25% jitter
    QCOMPARE(RetryBackoff::delayMs(3, settings, std::nullopt, 1.0), 5000);  // +25% jitter
    QCOMPARE(RetryBackoff::delayMs(40, settings, std::nullopt, 1.0), 60'000);
}

void TestHttpRules::backoffHonoursRetryAfterWithinCap()
{
    DownloadSettings settings;
    settings.retryAfterCapMs = 300'000;
    QCOMPARE(RetryBackoff::delayMs(1, settings, 7000, 0.5), 7000);
    QCOMPARE(RetryBackoff::delayMs(1, settings, 86'400'000, 0.5), 300'000);
}

void TestHttpRules::sslErrorsNameTheCause()
{
    const QUrl url(QStringLiteral("https://localhost:8443/x"));
    const QList<QSslError> selfSigned{QSslError(QSslError::HostNameMismatch), QSslError(QSslError::SelfSignedCertificate)};
    QCOMPARE(NetworkErrors::fromSslErrors(selfSigned, url).message, QStringLiteral("Certificate is self-signed (not trusted)"));
    const QList<QSslError> issuer{QSslError(QSslError::UnableToGetLocalIssuerCertificate)};
    QVERIFY(NetworkErrors::fromSslErrors(issuer, url).message.startsWith(QStringLiteral("Certificate issuer is not trusted")));
    QCOMPARE(NetworkErrors::fromSslErrors({QSslError(QSslError::HostNameMismatch)}, url).message,
             QStringLiteral("Certificate is for another host, not localhost"));
    QCOMPARE(NetworkErrors::fromSslErrors({}, url).kind, ErrorKind::Tls);
}

void TestHttpRules::humanFormat()
{
    QCOMPARE(HumanFormat::bytes(0), QStringLiteral("0 B"));
    QCOMPARE(HumanFormat::bytes(1023), QStringLiteral("1023 B"));
    QCOMPARE(HumanFormat::bytes(1536), QStringLiteral("1.5 KiB"));
    QCOMPARE(HumanFormat::bytes(3 * 1024 * 1024), QStringLiteral("3.0 MiB"));
    QCOMPARE(HumanFormat::bytes(-1), QStringLiteral("?"));
    QCOMPARE(HumanFormat::speed(2048), QStringLiteral("2.0 KiB/s"));
    QCOMPARE(HumanFormat::duration(45), QStringLiteral("45 s"));
    QCOMPARE(HumanFormat::duration(187), QStringLiteral("3:07"));
    QCOMPARE(HumanFormat::duration(3909), QStringLiteral("1:05:09"));
}

QTEST_GUILESS_MAIN(TestHttpRules)
#include "tst_httprules.moc"
