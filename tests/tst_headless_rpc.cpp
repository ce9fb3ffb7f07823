// The headless daemon (`gather --headless --enable-rpc`) over its whole life: a download added over
// JSON-RPC is interrupted (SIGINT) part-way; started again on the same folder, the daemon lists
// it again under the same GID and it goes on from its durable bytes (the server sees a Range)
// to the right SHA-256; aria2.shutdown then ends the daemon with exit code 0. A port already in
// use is said on stderr and ends the daemon with exit code 1. No secret on the command line: the
// one kept (mode 0600) in the config folder is used, and its path is printed.
#include "enginefixture.h"
#include "faultserver.h"
#include "jsonrpccall.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {

constexpr qint64 kMiB = 1024 * 1024;
constexpr qint64 kSize = 12 * kMiB;

} // namespace

class TestHeadlessRpc final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void gidSurvivesARestart();
    void portInUseFails();

private:
    void startDaemon(QProcess &process, quint16 port);
    JsonRpcCall::Answer call(const QString &method, QJsonArray params)
    {
        params.prepend(QString(QStringLiteral("token:") + m_secret));
        return JsonRpcCall::post(m_network, m_port, method, params);
    }

    QTemporaryDir m_dir;
    FaultServer m_server;
    QNetworkAccessManager m_network;
    quint16 m_port = 0;
    QString m_secret;
};

void TestHeadlessRpc::initTestCase()
{
    QVERIFY(m_server.listen());
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    m_port = probe.serverPort();
}

void TestHeadlessRpc::startDaemon(QProcess &process, quint16 port)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), m_dir.path());
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(m_dir.path());
    process.start(QStringLiteral(GATHER_BINARY),
                  {QStringLiteral("--headless"), QStringLiteral("--quiet"), QStringLiteral("--enable-rpc"),
                   QStringLiteral("--rpc-listen-port"), QString::number(port), QStringLiteral("-d"),
                   m_dir.filePath(QStringLiteral("downloads"))});
    QVERIFY(process.waitForStarted(10'000));
}

void TestHeadlessRpc::gidSurvivesARestart()
{
    FaultResponse slow = FaultResponse::generated(kSize, 91);
    slow.bytesPerSecond = 3 * kMiB;
    slow.etag = "\"rpc-restart\"";
    m_server.setResponse(QStringLiteral("/kept.bin"), slow);
    const QString secretPath = m_dir.filePath(QStringLiteral("config/gather/rpc-secret"));

    QProcess first;
    startDaemon(first, m_port);
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(secretPath), 10'000);
    QFile secretFile(secretPath);
    QVERIFY(secretFile.open(QIODevice::ReadOnly));
    m_secret = QString::fromLatin1(secretFile.readAll()).trimmed();
    QCOMPARE(secretFile.permissions() & (QFile::ReadGroup | QFile::ReadOther), QFileDevice::Permissions());
    QTRY_COMPARE_WITH_TIMEOUT(call(QStringLiteral("aria2.getVersion"), {}).status, 200, 10'000);
    QVERIFY(call(QStringLiteral("aria2.getVersion"), {}).body.contains(QStringLiteral("result")));

    // One connection, so the throttle holds the whole file and a resume shows as one Range.
    const QString gid = call(QStringLiteral("aria2.addUri"), {QJsonArray{m_server.url(QStringLiteral("/kept.bin")).toString()},
                                                              QJsonObject{{QStringLiteral("split"), QStringLiteral("1")}}})
                            .result()
                            .toString();
    QCOMPARE(gid.size(), 16);
    // Past the 2 s checkpoint, so some bytes are durable and recorded.
    const auto completed = [this, &gid] {
        return call(QStringLiteral("aria2.tellStatus"), {gid, QJsonArray{QStringLiteral("completedLength")}})
            .result().toObject().value(QStringLiteral("completedLength")).toString().toLongLong();
    };
    QTRY_VERIFY_WITH_TIMEOUT(completed() > 7 * kMiB, 20'000);
    ::kill(pid_t(first.processId()), SIGINT);
    QVERIFY(first.waitForFinished(20'000));
    QCOMPARE(first.exitCode(), 130);
    QVERIFY(QString::fromUtf8(first.readAllStandardError()).contains(secretPath));
    const qsizetype requestsBefore = m_server.requests(QStringLiteral("/kept.bin")).size();

    QProcess second;
    startDaemon(second, m_port);
    QTRY_COMPARE_WITH_TIMEOUT(call(QStringLiteral("aria2.getVersion"), {}).status, 200, 10'000);
    QVERIFY(completed() > 0);  // listed again under its GID, with its durable bytes
    QTRY_COMPARE_WITH_TIMEOUT(call(QStringLiteral("aria2.tellStatus"), {gid, QJsonArray{QStringLiteral("status")}})
                                  .result().toObject().value(QStringLiteral("status")).toString(),
                              QStringLiteral("complete"), 20'000);
    const QString path = m_dir.filePath(QStringLiteral("downloads/kept.bin"));
    QCOMPARE(EngineFixture::fileSha256(path), EngineFixture::sha256(FaultServer::generatedBody(kSize, 91)));
    const QList<RecordedRequest> resumed = m_server.requests(QStringLiteral("/kept.bin")).mid(requestsBefore);
    QCOMPARE(resumed.size(), 1);
    const QByteArray range = resumed.first().header("range");
    QVERIFY2(range.startsWith("bytes=") && range.mid(6, range.indexOf('-') - 6).toLongLong() > 4 * kMiB, range.constData());

    QCOMPARE(call(QStringLiteral("aria2.shutdown"), {}).result().toString(), QStringLiteral("OK"));
    QVERIFY(second.waitForFinished(20'000));
    QCOMPARE(second.exitStatus(), QProcess::NormalExit);
    QCOMPARE(second.exitCode(), 0);
    // The report names the remote download too.
    QVERIFY(QString::fromUtf8(second.readAllStandardOutput()).startsWith(QStringLiteral("ok\t") + QString::number(kSize)));
}

void TestHeadlessRpc::portInUseFails()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    QProcess daemon;
    startDaemon(daemon, taken.serverPort());
    QVERIFY(daemon.waitForFinished(20'000));
    QCOMPARE(daemon.exitCode(), 1);
    const QString errors = QString::fromUtf8(daemon.readAllStandardError());
    QVERIFY2(errors.contains(QStringLiteral("Cannot listen on 127.0.0.1:%1").arg(taken.serverPort())), qPrintable(errors));
}

QTEST_GUILESS_MAIN(TestHeadlessRpc)
#include "tst_headless_rpc.moc"
