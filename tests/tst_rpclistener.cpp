// RpcListener: HTTP/1.1 keep-alive, limits, Host and Origin checks, CORS, timeouts, and the
// WebSocket side (calls, notifications, refusals), over real loopback sockets.
#include "rawhttp.h"
#include "rpc/rpcaccess.h"
#include "rpc/rpclistener.h"
#include "rpc/rpcmethods.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QWebSocket>

#include <memory>

namespace {

QJsonValue errorField(const QByteArray &body, const QString &key)
{
    return QJsonDocument::fromJson(body).object().value(QStringLiteral("error")).toObject().value(key);
}

} // namespace

class TstRpcListener final : public QObject
{
    Q_OBJECT

public:
    TstRpcListener()
    {
        m_methods.add(QStringLiteral("test.echo"), [](const QJsonArray &params) { return RpcAnswer::ok(params); });
        m_methods.add(QStringLiteral("test.count"), [this](const QJsonArray &) { return RpcAnswer::ok(++m_counted); });
    }

private Q_SLOTS:
    void init();
    void keepAliveTwoRequests();
    void pipelinedRequests();
    void oversizedContentLength();
    void chunkedBodyRefused();
    void oversizedHead();
    void host_data();
    void host();
    void accessRules_data();
    void accessRules();
    void origin_data();
    void origin();
    void corsPreflight();
    void notFoundAndWrongMethod();
    void slowHeadTimesOut();
    void idleConnectionCloses();
    void unauthorizedIsDelayed();
    void secretChangesOnTheFly();
    void connectionCap();
    void portTaken();
    void webSocketCallAndAnswer();
    void webSocketNotification();
    void webSocketOriginRefusedBeforeHandshake();
    void webSocketOversizedMessage();
    void webSocketBinaryRefused();

private:
    RpcSettings settings() const;
    void start(const RpcSettings &s);
    QByteArray hostPort() const { return "127.0.0.1:" + QByteArray::number(m_listener->port()); }
    QByteArray call(int id, const QByteArray &method = "test.echo") const;
    void connectTo(QTcpSocket &socket) const;
    std::unique_ptr<QWebSocket> openWebSocket(const QString &origin = {});

    RpcMethods m_methods;
    int m_counted = 0;
    std::unique_ptr<RpcListener> m_listener;
};

RpcSettings TstRpcListener::settings() const
{
    RpcSettings s;
    s.port = 0;
    s.secret = QStringLiteral("s3cret");
    s.allowedOrigins = {QStringLiteral("http://localhost:6880")};
    s.headerTimeoutMs = 300;
    s.idleTimeoutMs = 400;
    s.unauthorizedDelayMs = 0;
    return s;
}

void TstRpcListener::start(const RpcSettings &s)
{
    m_listener = std::make_unique<RpcListener>(m_methods);
    const Result<void> started = m_listener->listen(s);
    QVERIFY2(started.ok(), qPrintable(started.problem()));
}

void TstRpcListener::init()
{
    m_counted = 0;
    start(settings());
}

QByteArray TstRpcListener::call(int id, const QByteArray &method) const
{
    return R"({"jsonrpc":"2.0","id":)" + QByteArray::number(id) + R"(,"method":")" + method
        + R"(","params":["token:s3cret",)" + QByteArray::number(id) + "]}";
}

void TstRpcListener::connectTo(QTcpSocket &socket) const
{
    socket.connectToHost(QHostAddress::LocalHost, m_listener->port());
    QTRY_VERIFY(socket.state() == QAbstractSocket::ConnectedState);
}

std::unique_ptr<QWebSocket> TstRpcListener::openWebSocket(const QString &origin)
{
    auto socket = std::make_unique<QWebSocket>(origin);
    socket->open(QUrl(QStringLiteral("ws://127.0.0.1:%1/jsonrpc").arg(m_listener->port())));
    return socket;
}

void TstRpcListener::keepAliveTwoRequests()
{
    QTcpSocket socket;
    connectTo(socket);
    for (int id = 1; id <= 2; ++id) {
        const auto answer = RawHttp::exchange(socket, RawHttp::post(hostPort(), call(id)));
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);
        QCOMPARE(answer->field("connection"), QByteArray("keep-alive"));
        QCOMPARE(answer->field("content-type"), QByteArray("application/json-rpc"));
        const QJsonObject body = QJsonDocument::fromJson(answer->body).object();
        QCOMPARE(body.value(QStringLiteral("id")).toInt(), id);
        QCOMPARE(body.value(QStringLiteral("result")).toArray(), QJsonArray{id});
    }
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    QCOMPARE(m_listener->connectionCount(), 1);
}

void TstRpcListener::pipelinedRequests()
{
    QTcpSocket socket;
    connectTo(socket);
    socket.write(RawHttp::post(hostPort(), call(1)) + RawHttp::post(hostPort(), call(2)) + RawHttp::post(hostPort(), call(3)));
    QByteArray buffer;
    QList<int> ids;
    QVERIFY(QTest::qWaitFor([&] {
        buffer += socket.readAll();
        HttpAnswer answer;
        while (RawHttp::take(&buffer, &answer) == RawHttp::Take::Answer)
            ids.append(QJsonDocument::fromJson(answer.body).object().value(QStringLiteral("id")).toInt());
        return ids.size() == 3;
    }, 5000));
    QCOMPARE(ids, (QList<int>{1, 2, 3}));
}

void TstRpcListener::oversizedContentLength()
{
    QTcpSocket socket;
    connectTo(socket);
    const auto answer = RawHttp::exchange(socket, "POST /jsonrpc HTTP/1.1\r\nHost: " + hostPort()
                                                      + "\r\nContent-Length: 2097153\r\n\r\n{");
    QVERIFY(answer);
    QCOMPARE(answer->status, 413);
    QCOMPARE(answer->field("connection"), QByteArray("close"));
    QTRY_COMPARE(socket.state(), QAbstractSocket::UnconnectedState);
    QCOMPARE(m_counted, 0);
}

void TstRpcListener::chunkedBodyRefused()
{
    QTcpSocket socket;
    connectTo(socket);
    const auto answer = RawHttp::exchange(socket, "POST /jsonrpc HTTP/1.1\r\nHost: " + hostPort()
                                                      + "\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
    QVERIFY(answer);
    QCOMPARE(answer->status, 411);
    QTRY_COMPARE(socket.state(), QAbstractSocket::UnconnectedState);
}

void TstRpcListener::oversizedHead()
{
    QTcpSocket socket;
    connectTo(socket);
    const QByteArray big = "POST /jsonrpc HTTP/1.1\r\nHost: " + hostPort() + "\r\nX-Pad: " + QByteArray(20000, 'a') + "\r\n\r\n";
    const auto answer = RawHttp::exchange(socket, big);
    QVERIFY(answer);
    QCOMPARE(answer->status, 431);
}

void TstRpcListener::host_data()
{
    QTest::addColumn<QByteArray>("hostLine");  // with its CRLF; %P is the port
    QTest::addColumn<int>("status");
    QTest::newRow("127.0.0.1") << QByteArray("Host: 127.0.0.1:%P\r\n") << 200;
    QTest::newRow("localhost") << QByteArray("Host: localhost:%P\r\n") << 200;
    QTest::newRow("LOCALHOST") << QByteArray("Host: LOCALHOST:%P\r\n") << 200;
    QTest::newRow("[::1]") << QByteArray("Host: [::1]:%P\r\n") << 200;
    QTest::newRow("rebound name") << QByteArray("Host: evil.example:%P\r\n") << 403;
    QTest::newRow("localhost.evil") << QByteArray("Host: localhost.evil.example:%P\r\n") << 403;
    QTest::newRow("other address") << QByteArray("Host: 10.0.0.1:%P\r\n") << 403;
    QTest::newRow("wrong port") << QByteArray("Host: 127.0.0.1:1\r\n") << 403;
    QTest::newRow("no port") << QByteArray("Host: 127.0.0.1\r\n") << 403;
    QTest::newRow("missing") << QByteArray() << 400;
    QTest::newRow("twice") << QByteArray("Host: 127.0.0.1:%P\r\nHost: 127.0.0.1:%P\r\n") << 400;
}

void TstRpcListener::host()
{
    QFETCH(QByteArray, hostLine);
    QFETCH(int, status);
    hostLine.replace("%P", QByteArray::number(m_listener->port()));
    const QByteArray body = call(1, "test.count");
    QTcpSocket socket;
    connectTo(socket);
    const auto answer = RawHttp::exchange(socket, "POST /jsonrpc HTTP/1.1\r\n" + hostLine + "Content-Length: "
                                                      + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QVERIFY(answer);
    QCOMPARE(answer->status, status);
    QCOMPARE(m_counted, status == 200 ? 1 : 0);  // a refused request runs nothing
}

void TstRpcListener::accessRules_data()
{
    QTest::addColumn<QString>("bound");
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("any address, an address") << QStringLiteral("0.0.0.0") << QByteArray("192.168.1.5:6800") << true;
    QTest::newRow("any address, a name") << QStringLiteral("0.0.0.0") << QByteArray("attacker.example:6800") << false;
    QTest::newRow("any v6, a v6 address") << QStringLiteral("::") << QByteArray("[fe80::1]:6800") << true;
    QTest::newRow("bound LAN address") << QStringLiteral("192.168.1.5") << QByteArray("192.168.1.5:6800") << true;
    QTest::newRow("bound LAN, other address") << QStringLiteral("192.168.1.5") << QByteArray("10.0.0.1:6800") << false;
    QTest::newRow("bound LAN, loopback name") << QStringLiteral("192.168.1.5") << QByteArray("localhost:6800") << true;
    QTest::newRow("listed host name") << QStringLiteral("192.168.1.5") << QByteArray("NAS.local:6800") << true;
    QTest::newRow("v6 without brackets") << QStringLiteral("::") << QByteArray("::1:6800") << false;
    QTest::newRow("v4 in brackets") << QStringLiteral("0.0.0.0") << QByteArray("[127.0.0.1]:6800") << false;
    QTest::newRow("empty name") << QStringLiteral("127.0.0.1") << QByteArray(":6800") << false;
    QTest::newRow("port with a sign") << QStringLiteral("127.0.0.1") << QByteArray("127.0.0.1:+6800") << false;
}

void TstRpcListener::accessRules()
{
    QFETCH(QString, bound);
    QFETCH(QByteArray, host);
    QFETCH(bool, allowed);
    const RpcAccess access(QHostAddress(bound), 6800, {}, {QStringLiteral("nas.local")});
    QCOMPARE(access.hostAllowed(host), allowed);
}

void TstRpcListener::origin_data()
{
    QTest::addColumn<QByteArray>("origin");  // empty: no Origin header
    QTest::addColumn<int>("status");
    QTest::newRow("none (curl)") << QByteArray() << 200;
    QTest::newRow("chrome extension") << QByteArray("chrome-extension://abcdefghijklmnop") << 200;
    QTest::newRow("firefox extension") << QByteArray("moz-extension://0a1b2c3d-4e5f") << 200;
    QTest::newRow("safari extension") << QByteArray("safari-web-extension://ABCD") << 200;
    QTest::newRow("listed AriaNg") << QByteArray("http://localhost:6880") << 200;
    QTest::newRow("listed, other port") << QByteArray("http://localhost:6881") << 403;
    QTest::newRow("listed with a slash") << QByteArray("http://localhost:6880/") << 403;
    QTest::newRow("a web page") << QByteArray("https://evil.example") << 403;
    QTest::newRow("null") << QByteArray("null") << 403;
    QTest::newRow("bare extension scheme") << QByteArray("chrome-extension://") << 403;
}

void TstRpcListener::origin()
{
    QFETCH(QByteArray, origin);
    QFETCH(int, status);
    QTcpSocket socket;
    connectTo(socket);
    const QByteArray extra = origin.isEmpty() ? QByteArray() : QByteArray("Origin: " + origin + "\r\n");
    const auto answer = RawHttp::exchange(socket, RawHttp::post(hostPort(), call(1, "test.count"), extra));
    QVERIFY(answer);
    QCOMPARE(answer->status, status);
    QCOMPARE(m_counted, status == 200 ? 1 : 0);
    if (status == 200 && !origin.isEmpty()) {
        QCOMPARE(answer->field("access-control-allow-origin"), origin);
        QCOMPARE(answer->field("vary"), QByteArray("Origin"));
    } else {
        QVERIFY(!answer->has("access-control-allow-origin"));
    }
}

void TstRpcListener::corsPreflight()
{
    QTcpSocket socket;
    connectTo(socket);
    const QByteArray preflight = "Origin: chrome-extension://abc\r\nAccess-Control-Request-Method: POST\r\n"
                                 "Access-Control-Request-Headers: content-type\r\n";
    auto answer = RawHttp::exchange(socket, RawHttp::request("OPTIONS", "/jsonrpc", hostPort(), preflight));
    QVERIFY(answer);
    QCOMPARE(answer->status, 204);
    QCOMPARE(answer->field("access-control-allow-origin"), QByteArray("chrome-extension://abc"));
    QVERIFY(answer->field("access-control-allow-methods").contains("POST"));
    QCOMPARE(answer->field("access-control-allow-headers"), QByteArray("content-type"));
    // The real request follows on the same connection.
    answer = RawHttp::exchange(socket, RawHttp::post(hostPort(), call(4), "Origin: chrome-extension://abc\r\n"));
    QVERIFY(answer);
    QCOMPARE(answer->status, 200);

    QTcpSocket refused;
    connectTo(refused);
    answer = RawHttp::exchange(refused, RawHttp::request("OPTIONS", "/jsonrpc", hostPort(), "Origin: https://evil.example\r\n"
                                                                                         "Access-Control-Request-Method: POST\r\n"));
    QVERIFY(answer);
    QCOMPARE(answer->status, 403);
    QVERIFY(!answer->has("access-control-allow-origin"));
}

void TstRpcListener::notFoundAndWrongMethod()
{
    QTcpSocket socket;
    connectTo(socket);
    auto answer = RawHttp::exchange(socket, RawHttp::request("GET", "/", hostPort()));
    QVERIFY(answer);
    QCOMPARE(answer->status, 404);
    answer = RawHttp::exchange(socket, RawHttp::request("GET", "/jsonrpc?x=1", hostPort()));
    QVERIFY(answer);
    QCOMPARE(answer->status, 405);
    QCOMPARE(answer->field("allow"), QByteArray("POST, OPTIONS"));
    answer = RawHttp::exchange(socket, RawHttp::request("POST", "/other", hostPort(), "Content-Length: 0\r\n"));
    QVERIFY(answer);
    QCOMPARE(answer->status, 404);
    // Still the same connection, still answering.
    answer = RawHttp::exchange(socket, RawHttp::post(hostPort(), call(9)));
    QVERIFY(answer);
    QCOMPARE(answer->status, 200);
}

void TstRpcListener::slowHeadTimesOut()
{
    QTcpSocket socket;
    connectTo(socket);
    QElapsedTimer clock;
    clock.start();
    socket.write("POST /jsonrpc HTTP/1.1\r\nHost: ");
    // A byte now and then (each well inside the idle time) does not keep the head alive.
    QTimer trickle;
    connect(&trickle, &QTimer::timeout, &socket, [&socket] {
        if (socket.state() == QAbstractSocket::ConnectedState)
            socket.write("1");
    });
    trickle.start(50);
    QByteArray received;
    connect(&socket, &QTcpSocket::readyRead, &socket, [&] { received += socket.readAll(); });
    QTRY_COMPARE(socket.state(), QAbstractSocket::UnconnectedState);
    received += socket.readAll();
    QVERIFY2(received.startsWith("HTTP/1.1 408 "), received.constData());
    QVERIFY(clock.elapsed() >= 250);
    // The trickle would keep an idle timer (400 ms) alive for ever; only the head's own
    // deadline ends it.
    QVERIFY(clock.elapsed() < 2000);
}

void TstRpcListener::idleConnectionCloses()
{
    QTcpSocket socket;
    connectTo(socket);
    QVERIFY(RawHttp::exchange(socket, RawHttp::post(hostPort(), call(1))));
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 3000);
    QTRY_COMPARE(m_listener->connectionCount(), 0);
}

void TstRpcListener::unauthorizedIsDelayed()
{
    RpcSettings s = settings();
    s.unauthorizedDelayMs = 400;
    start(s);
    QTcpSocket socket;
    connectTo(socket);
    QElapsedTimer clock;
    clock.start();
    auto answer = RawHttp::exchange(socket, RawHttp::post(hostPort(), R"({"id":1,"method":"test.echo","params":["token:x"]})"));
    QVERIFY(answer);
    QVERIFY(clock.elapsed() >= 390);
    QCOMPARE(answer->status, 400);
    QCOMPARE(errorField(answer->body, QStringLiteral("message")).toString(), QStringLiteral("Unauthorized"));
    clock.restart();
    answer = RawHttp::exchange(socket, RawHttp::post(hostPort(), call(2)));
    QVERIFY(answer);
    QCOMPARE(answer->status, 200);
    QVERIFY(clock.elapsed() < 300);
}

void TstRpcListener::secretChangesOnTheFly()
{
    QTcpSocket socket;
    connectTo(socket);
    m_listener->setSecret(QStringLiteral("n3w"));
    auto answer = RawHttp::exchange(socket, RawHttp::post(hostPort(), call(1)));  // the old token
    QVERIFY(answer);
    QCOMPARE(errorField(answer->body, QStringLiteral("message")).toString(), QStringLiteral("Unauthorized"));
    answer = RawHttp::exchange(socket, RawHttp::post(hostPort(), R"({"id":2,"method":"test.echo","params":["token:n3w",2]})"));
    QVERIFY(answer);
    QCOMPARE(answer->status, 200);
    QCOMPARE(QJsonDocument::fromJson(answer->body).object().value(QStringLiteral("result")).toArray(), QJsonArray{2});
}

void TstRpcListener::connectionCap()
{
    RpcSettings s = settings();
    s.maxConnections = 2;
    start(s);
    QTcpSocket a;
    QTcpSocket b;
    connectTo(a);
    connectTo(b);
    QTRY_COMPARE(m_listener->connectionCount(), 2);
    QTcpSocket c;
    c.connectToHost(QHostAddress::LocalHost, m_listener->port());  // answered and closed at once
    QByteArray received;
    QTRY_VERIFY((received += c.readAll()).startsWith("HTTP/1.1 503 "));
    const auto answer = RawHttp::exchange(a, RawHttp::post(hostPort(), call(1)));
    QVERIFY(answer);
    QCOMPARE(answer->status, 200);
}

void TstRpcListener::portTaken()
{
    RpcSettings s = settings();
    s.port = m_listener->port();
    RpcListener second(m_methods);
    const Result<void> started = second.listen(s);
    QVERIFY(!started.ok());
    QVERIFY2(started.problem().startsWith(QStringLiteral("Cannot listen on 127.0.0.1:%1: ").arg(s.port)),
             qPrintable(started.problem()));
    QVERIFY(!second.isListening());
}

void TstRpcListener::webSocketCallAndAnswer()
{
    const auto client = openWebSocket(QStringLiteral("moz-extension://abc"));
    QSignalSpy messages(client.get(), &QWebSocket::textMessageReceived);
    QTRY_COMPARE(client->state(), QAbstractSocket::ConnectedState);
    QTRY_COMPARE(m_listener->webSocketCount(), 1);
    client->sendTextMessage(QString::fromUtf8(call(5)));
    QTRY_COMPARE(messages.size(), 1);
    const QJsonObject answer = QJsonDocument::fromJson(messages.at(0).at(0).toString().toUtf8()).object();
    QCOMPARE(answer.value(QStringLiteral("id")).toInt(), 5);
    QCOMPARE(answer.value(QStringLiteral("result")).toArray(), QJsonArray{5});
    client->sendTextMessage(QStringLiteral("{nonsense"));
    QTRY_COMPARE(messages.size(), 2);
    QCOMPARE(errorField(messages.at(1).at(0).toString().toUtf8(), QStringLiteral("code")).toInt(), -32700);
}

void TstRpcListener::webSocketNotification()
{
    const auto first = openWebSocket();
    const auto second = openWebSocket(QStringLiteral("http://localhost:6880"));
    QSignalSpy firstMessages(first.get(), &QWebSocket::textMessageReceived);
    QSignalSpy secondMessages(second.get(), &QWebSocket::textMessageReceived);
    QTRY_COMPARE(m_listener->webSocketCount(), 2);
    m_listener->notifyGid(QStringLiteral("aria2.onDownloadStart"), QStringLiteral("0123456789abcdef"));
    QTRY_COMPARE(firstMessages.size(), 1);
    QTRY_COMPARE(secondMessages.size(), 1);
    const QJsonObject note = QJsonDocument::fromJson(firstMessages.at(0).at(0).toString().toUtf8()).object();
    const QJsonObject want{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                           {QStringLiteral("method"), QStringLiteral("aria2.onDownloadStart")},
                           {QStringLiteral("params"), QJsonArray{QJsonObject{{QStringLiteral("gid"), QStringLiteral("0123456789abcdef")}}}}};
    QCOMPARE(note, want);
    QCOMPARE(secondMessages.at(0).at(0).toString(), firstMessages.at(0).at(0).toString());
}

void TstRpcListener::webSocketOriginRefusedBeforeHandshake()
{
    // By hand: the refusal is an HTTP 403, not a 101 followed by a close.
    QTcpSocket socket;
    connectTo(socket);
    const QByteArray upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                               "Sec-WebSocket-Version: 13\r\nOrigin: https://evil.example\r\n";
    const auto answer = RawHttp::exchange(socket, RawHttp::request("GET", "/jsonrpc", hostPort(), upgrade));
    QVERIFY(answer);
    QCOMPARE(answer->status, 403);

    const auto client = openWebSocket(QStringLiteral("https://evil.example"));
    QSignalSpy connected(client.get(), &QWebSocket::connected);
    QTRY_COMPARE(client->state(), QAbstractSocket::UnconnectedState);
    QCOMPARE(connected.size(), 0);
    QCOMPARE(m_listener->webSocketCount(), 0);
}

void TstRpcListener::webSocketOversizedMessage()
{
    RpcSettings s = settings();
    s.maxRequestBytes = 4096;
    start(s);
    const auto client = openWebSocket();
    QTRY_COMPARE(client->state(), QAbstractSocket::ConnectedState);
    client->sendTextMessage(QString(10000, QLatin1Char('[')));
    QTRY_COMPARE(client->state(), QAbstractSocket::UnconnectedState);
    QCOMPARE(client->closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    // The listener lives on.
    const auto next = openWebSocket();
    QSignalSpy messages(next.get(), &QWebSocket::textMessageReceived);
    QTRY_COMPARE(next->state(), QAbstractSocket::ConnectedState);
    next->sendTextMessage(QString::fromUtf8(call(1)));
    QTRY_COMPARE(messages.size(), 1);
}

void TstRpcListener::webSocketBinaryRefused()
{
    const auto client = openWebSocket();
    QTRY_COMPARE(client->state(), QAbstractSocket::ConnectedState);
    client->sendBinaryMessage(call(1));
    QTRY_COMPARE(client->state(), QAbstractSocket::UnconnectedState);
    QCOMPARE(client->closeCode(), QWebSocketProtocol::CloseCodeDatatypeNotSupported);
    QTRY_COMPARE(m_listener->webSocketCount(), 0);
}

QTEST_GUILESS_MAIN(TstRpcListener)
#include "tst_rpclistener.moc"
