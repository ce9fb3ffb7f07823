// TLS end-to-end: the built `gather --headless` against nginx TLS servers whose certificates are
// generated at test time (valid, expired, wrong host, self-signed, untrusted CA).

#include "enginefixture.h"
#include "headlessrun.h"
#include "nginxserver.h"
#include "testcerts.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QObject>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <chrono>
#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

constexpr qint64 PayloadSize = 256 * 1024 + 5;

} // namespace

// Runs one nginx with a TLS server per test certificate; lives in the test's main thread.
class TestTls final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void fixtureCertificatesFailAsDesigned_data();
    void fixtureCertificatesFailAsDesigned();
    void download_data();
    void download();
    void httpsToAPlainPortSaysSo();

private:
    TestCerts m_certs;
    NginxServer m_nginx;
    QTemporaryDir m_work;
    QHash<int, int> m_serverForLeaf;
    QByteArray m_payloadSha;
    int m_runs = 0;
};

void TestTls::initTestCase()
{
    QVERIFY2(QFileInfo(HeadlessRun::program()).isExecutable(), qPrintable(HeadlessRun::program()));
    QVERIFY(m_work.isValid());
    QVERIFY2(m_certs.generate(), qPrintable(m_certs.errorString()));
    for (const auto leaf : {TestCerts::Leaf::Valid, TestCerts::Leaf::Expired,
                            TestCerts::Leaf::WrongHost, TestCerts::Leaf::SelfSigned}) {
        const TestCerts::KeyPair pair = m_certs.leaf(leaf);
        m_serverForLeaf.insert(int(leaf), m_nginx.addTlsServer(pair.certificateFile, pair.keyFile));
    }
    QVERIFY2(m_nginx.start(), qPrintable(m_nginx.errorString()));
    m_payloadSha = m_nginx.writeFile(u"f.bin"_s, PayloadSize, 7);
    QVERIFY(!m_payloadSha.isEmpty());
}

void TestTls::fixtureCertificatesFailAsDesigned_data()
{
    QTest::addColumn<int>("leaf");
    QTest::addColumn<bool>("trustCa");
    QTest::addColumn<int>("expectedError");
    QTest::newRow("valid") << int(TestCerts::Leaf::Valid) << true << int(QSslError::NoError);
    QTest::newRow("expired") << int(TestCerts::Leaf::Expired) << true
                             << int(QSslError::CertificateExpired);
    QTest::newRow("wrong host") << int(TestCerts::Leaf::WrongHost) << true
                                << int(QSslError::HostNameMismatch);
    QTest::newRow("self-signed") << int(TestCerts::Leaf::SelfSigned) << true
                                 << int(QSslError::SelfSignedCertificate);
    QTest::newRow("CA not trusted") << int(TestCerts::Leaf::Valid) << false
                                    << int(QSslError::UnableToGetLocalIssuerCertificate);
}

// Checks the certificates with Qt itself, so a failure below is gather's, not the fixture's.
void TestTls::fixtureCertificatesFailAsDesigned()
{
    QFETCH(int, leaf);
    QFETCH(bool, trustCa);
    QFETCH(int, expectedError);

    QNetworkRequest request(m_nginx.tlsUrl(m_serverForLeaf.value(leaf), u"f.bin"_s));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    if (trustCa) {
        const QList<QSslCertificate> ca = QSslCertificate::fromPath(m_certs.caCertificateFile());
        QCOMPARE(ca.size(), 1);
        tls.addCaCertificates(ca);
    }
    request.setSslConfiguration(tls);
    QNetworkAccessManager manager;
    std::unique_ptr<QNetworkReply> reply(manager.get(request));
    QList<int> errors;
    connect(reply.get(), &QNetworkReply::sslErrors, this, [&errors](const QList<QSslError> &list) {
        for (const QSslError &error : list) {
            errors.append(int(error.error()));
        }
    });
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    if (expectedError == int(QSslError::NoError)) {
        QCOMPARE(errors, QList<int>());
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(QCryptographicHash::hash(reply->readAll(), QCryptographicHash::Sha256).toHex(),
                 m_payloadSha);
    } else {
        QVERIFY2(errors.contains(expectedError), qPrintable(reply->errorString()));
        QCOMPARE(reply->error(), QNetworkReply::SslHandshakeFailedError);
    }
}

void TestTls::download_data()
{
    QTest::addColumn<int>("leaf");
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("trustCa");
    QTest::addColumn<bool>("succeeds");
    // Any one of these, case-insensitively, must appear in the error.
    QTest::addColumn<QStringList>("errorMentions");

    const int valid = int(TestCerts::Leaf::Valid);
    QTest::newRow("valid leaf") << valid << u"localhost"_s << true << true << QStringList();
    QTest::newRow("valid leaf by IP address")
        << valid << u"127.0.0.1"_s << true << true << QStringList();
    QTest::newRow("expired leaf") << int(TestCerts::Leaf::Expired) << u"localhost"_s << true
                                  << false << QStringList{u"expired"_s};
    QTest::newRow("leaf for another host")
        << int(TestCerts::Leaf::WrongHost) << u"localhost"_s << true << false
        << QStringList{u"other.test"_s, u"not localhost"_s, u"is for"_s};
    QTest::newRow("self-signed leaf") << int(TestCerts::Leaf::SelfSigned) << u"localhost"_s << true
                                      << false << QStringList{u"self-signed"_s};
    QTest::newRow("valid leaf, CA not given")
        << valid << u"localhost"_s << false << false << QStringList{u"certificate"_s};
}

void TestTls::download()
{
    QFETCH(int, leaf);
    QFETCH(QString, host);
    QFETCH(bool, trustCa);
    QFETCH(bool, succeeds);
    QFETCH(QStringList, errorMentions);

    const QUrl url = m_nginx.tlsUrl(m_serverForLeaf.value(leaf), u"f.bin"_s, host);
    const QString out = m_work.filePath(u"out-"_s + QString::number(++m_runs));
    QStringList arguments{url.toString(), u"-d"_s, out, u"--quiet"_s};
    if (trustCa) {
        arguments << u"--ca-certificate"_s << m_certs.caCertificateFile();
    }
    HeadlessRun run;
    QVERIFY2(run.run(arguments, 60s), qPrintable(run.describe()));
    QVERIFY2(run.exitedNormally(), qPrintable(run.describe()));
    QVERIFY2(run.reportError().isEmpty(), qPrintable(run.reportError()));
    const QList<ReportLine> report = run.report();
    QVERIFY2(report.size() == 1, qPrintable(run.describe()));
    const ReportLine &line = report.constFirst();
    QCOMPARE(QUrl(line.url), url);
    const QString finalPath = QDir(out).absoluteFilePath(u"f.bin"_s);

    // Qt's TLS backend is not touched before the application exists: it would warn on stderr.
    QVERIFY2(!run.standardError().contains("QObject::connect"), qPrintable(run.describe()));
    if (succeeds) {
        QVERIFY2(run.exitCode() == 0, qPrintable(run.describe()));
        QCOMPARE(line.status, u"ok"_s);
        QCOMPARE(line.bytes, PayloadSize);
        QCOMPARE(line.path, finalPath);
        QCOMPARE(NginxServer::sha256OfFile(finalPath), m_payloadSha);
        return;
    }
    QVERIFY2(run.exitCode() == 1, qPrintable(run.describe()));
    QCOMPARE(line.status, u"failed"_s);
    const bool mentioned = std::any_of(errorMentions.cbegin(), errorMentions.cend(),
                                       [&line](const QString &word) {
                                           return line.error.contains(word, Qt::CaseInsensitive);
                                       });
    QVERIFY2(mentioned, qPrintable(u"error \""_s + line.error + u"\" mentions none of: "_s
                                   + errorMentions.join(u", "_s)));
    QCOMPARE(line.path, u"-"_s);
    QVERIFY(!QFileInfo::exists(finalPath));
    // The handshake fails before any response, so not even a partial file should exist.
    QCOMPARE(QDir(out).entryList({u"*.part"_s}, QDir::Files | QDir::Hidden), QStringList());
}

void TestTls::httpsToAPlainPortSaysSo()
{
    // https:// to a port that answers in plain HTTP (as nginx and most servers do to a TLS
    // hello: a 400 in clear text): OpenSSL says "wrong version number"; the person needs to
    // hear that the server does not speak TLS there.
    QTcpServer plain;
    QVERIFY(plain.listen(QHostAddress::LocalHost));
    connect(&plain, &QTcpServer::newConnection, &plain, [&plain] {
        while (QTcpSocket *socket = plain.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                socket->readAll();
                socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                socket->disconnectFromHost();
            });
        }
    });
    const QUrl url(u"https://127.0.0.1:%1/f.bin"_s.arg(plain.serverPort()));
    EngineFixture engine;
    const DownloadId id = engine.add(url);
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Failed);
    QCOMPARE(engine.download(id).error().message,
             u"127.0.0.1:%1 does not speak TLS on this port; try the address with http://"_s.arg(plain.serverPort()));
}

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
