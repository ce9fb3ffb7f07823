// Remote control in the window: the real `gather` binary in window mode (offscreen) with remote
// control turned on in its settings file answers aria2's JSON-RPC on loopback. A download added
// with aria2.addUri is listed paused while the Add dialog is wanted for new links, and completes
// with the right SHA-256 once unpaused; with links set to start at once it starts at once; a wrong secret and a foreign
// Host are refused; aria2.shutdown quits the window cleanly; started again, the download is still
// there under the same GID (the list keeps the ids).
#include "enginefixture.h"
#include "faultserver.h"
#include "jsonrpccall.h"
#include "windowprocess.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kSecret = QStringLiteral("window-test-secret");

} // namespace

class TestWindowRemote final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void addUriDownloadsAndSurvivesRestart();

private:
    JsonRpcCall::Answer call(const QString &method, const QJsonArray &params, const QByteArray &host = {})
    {
        return JsonRpcCall::post(m_network, m_port, method, params, host);
    }

    QTemporaryDir m_dir;
    WindowProcess m_window{m_dir.path()};
    FaultServer m_server;
    QNetworkAccessManager m_network;
    quint16 m_port = 0;
};

void TestWindowRemote::initTestCase()
{
    QVERIFY(m_server.listen());
    // A free port for the endpoint: the settings file names it before the window starts.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    m_port = probe.serverPort();
    probe.close();
}

void TestWindowRemote::addUriDownloadsAndSurvivesRestart()
{
    const QString downloads = m_window.downloadsDir();
    QVERIFY(m_window.writeSettings(QStringLiteral("[downloads]\nfolder=%1\n\n[ui]\ncloseAction=quit\nnotifyOnFinish=false\n\n"
                                                  "[remote]\nenabled=true\nport=%2\nsecret=%3\n")
                                       .arg(downloads)
                                       .arg(m_port)
                                       .arg(kSecret)
                                       .toUtf8()));
    const QByteArray body = FaultServer::generatedBody(300'000, 77);
    m_server.setResponse(QStringLiteral("/remote.bin"), FaultResponse::generated(300'000, 77));

    QProcess first;
    QVERIFY(m_window.start(first));
    const auto stopFirst = qScopeGuard([&first] {
        if (first.state() != QProcess::NotRunning) {
            first.kill();
            first.waitForFinished(5'000);
        }
    });
    const QString token = QStringLiteral("token:") + kSecret;
    // The endpoint listens once the kept list is back.
    QTRY_COMPARE_WITH_TIMEOUT(call(QStringLiteral("aria2.getVersion"), {token}).status, 200, 15'000);

    // Refused: a wrong secret, and a name that is not this computer's (DNS rebinding).
    const JsonRpcCall::Answer wrong = call(QStringLiteral("aria2.tellActive"), {QStringLiteral("token:nope")});
    QCOMPARE(wrong.body.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString(),
             QStringLiteral("Unauthorized"));
    QCOMPARE(call(QStringLiteral("aria2.tellActive"), {token}, "evil.example:" + QByteArray::number(m_port)).status, 403);

    const QString url = m_server.url(QStringLiteral("/remote.bin")).toString();
    const JsonRpcCall::Answer added = call(QStringLiteral("aria2.addUri"),
                              {token, QJsonArray{url}, QJsonObject{{QStringLiteral("out"), QStringLiteral("named.bin")}}});
    const QString gid = added.body.value(QStringLiteral("result")).toString();
    QVERIFY2(gid.size() == 16, QJsonDocument(added.body).toJson().constData());
    // The Add dialog is wanted for new links (the default): the download is listed, paused, and
    // waits for the person (or, here, aria2.unpause).
    const QJsonObject waiting = call(QStringLiteral("aria2.tellStatus"), {token, gid}).result().toObject();
    QCOMPARE(waiting.value(QStringLiteral("status")).toString(), QStringLiteral("paused"));
    QCOMPARE(m_server.requestCount(QStringLiteral("/remote.bin")), 0);
    QCOMPARE(call(QStringLiteral("aria2.unpause"), {token, gid}).result().toString(), gid);
    const QString path = downloads + QStringLiteral("/named.bin");
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(path), 15'000);
    QCOMPARE(EngineFixture::fileSha256(path), EngineFixture::sha256(body));
    QTRY_COMPARE_WITH_TIMEOUT(call(QStringLiteral("aria2.tellStatus"), {token, gid})
                                  .body.value(QStringLiteral("result")).toObject().value(QStringLiteral("status")).toString(),
                              QStringLiteral("complete"), 10'000);

    // aria2.shutdown quits the window the way closing it does: the list is saved, exit code 0.
    QCOMPARE(call(QStringLiteral("aria2.shutdown"), {token}).body.value(QStringLiteral("result")).toString(),
             QStringLiteral("OK"));
    QVERIFY(first.waitForFinished(20'000));
    QCOMPARE(first.exitStatus(), QProcess::NormalExit);
    QCOMPARE(first.exitCode(), 0);

    // Started again with links set to start at once: a remote add starts too.
    QVERIFY(m_window.writeSettings(QStringLiteral("[downloads]\nfolder=%1\n\n[ui]\naddDialogOnDrop=false\ncloseAction=quit\n"
                                                  "notifyOnFinish=false\n\n[remote]\nenabled=true\nport=%2\nsecret=%3\n")
                                       .arg(downloads)
                                       .arg(m_port)
                                       .arg(kSecret)
                                       .toUtf8()));
    QProcess second;
    QVERIFY(m_window.start(second));
    const auto stopSecond = qScopeGuard([&second] {
        if (second.state() != QProcess::NotRunning) {
            second.kill();
            second.waitForFinished(5'000);
        }
    });
    QTRY_COMPARE_WITH_TIMEOUT(call(QStringLiteral("aria2.getVersion"), {token}).status, 200, 15'000);
    const QJsonObject again = call(QStringLiteral("aria2.tellStatus"), {token, gid}).body.value(QStringLiteral("result")).toObject();
    QCOMPARE(again.value(QStringLiteral("status")).toString(), QStringLiteral("complete"));
    QCOMPARE(again.value(QStringLiteral("totalLength")).toString(), QStringLiteral("300000"));
    QCOMPARE(m_server.requestCount(QStringLiteral("/remote.bin")), 1);
    const QString other = call(QStringLiteral("aria2.addUri"),
                               {token, QJsonArray{url}, QJsonObject{{QStringLiteral("out"), QStringLiteral("at-once.bin")}}})
                              .result().toString();
    QVERIFY(other > gid);  // after the kept ids
    QTRY_COMPARE_WITH_TIMEOUT(EngineFixture::fileSha256(downloads + QStringLiteral("/at-once.bin")), EngineFixture::sha256(body), 15'000);
    second.terminate();
    QVERIFY(second.waitForFinished(20'000));
}

QTEST_GUILESS_MAIN(TestWindowRemote)
#include "tst_window_remote.moc"
