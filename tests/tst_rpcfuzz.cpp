// The JSON-RPC listener under seeded random input: mutated and truncated requests and plain
// garbage over TCP and WebSocket. It must stay up, every HTTP answer must be well formed, every
// 200 body and every WebSocket answer valid JSON, and a valid request still gets its answer.
#include "rawhttp.h"
#include "rpc/rpclistener.h"
#include "rpc/rpcmethods.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>

#include <sys/socket.h>

class TstRpcFuzz final : public QObject
{
    Q_OBJECT

public:
    TstRpcFuzz()
    {
        m_methods.add(QStringLiteral("test.echo"), [](const QJsonArray &params) { return RpcAnswer::ok(params); });
        m_methods.add(QStringLiteral("aria2.tellStatus"), [](const QJsonArray &params) {
            if (params.isEmpty() || !params.at(0).isString())
                return RpcAnswer::error(QStringLiteral("The parameter at 0 has wrong type."));
            return RpcAnswer::ok(QJsonObject{{QStringLiteral("gid"), params.at(0)}});
        });
    }

private Q_SLOTS:
    void initTestCase();
    void http();
    void webSocket();

private:
    QByteArray mutate(QByteArray input);
    QByteArray jsonSeed();
    QByteArray httpSeed();
    void checkStillAnswers();

    RpcMethods m_methods;
    RpcListener m_listener{m_methods};
    QRandomGenerator m_random{20261204};
    QByteArray m_host;
};

void TstRpcFuzz::initTestCase()
{
    RpcSettings s;
    s.port = 0;
    s.secret = QStringLiteral("s3cret");
    s.allowedOrigins = {QStringLiteral("http://localhost:6880")};
    s.maxRequestBytes = 64 * 1024;
    s.headerTimeoutMs = 1000;
    s.unauthorizedDelayMs = 0;
    const Result<void> started = m_listener.listen(s);
    QVERIFY2(started.ok(), qPrintable(started.problem()));
    m_host = "127.0.0.1:" + QByteArray::number(m_listener.port());
}

QByteArray TstRpcFuzz::jsonSeed()
{
    static const QList<QByteArray> seeds = {
        R"({"jsonrpc":"2.0","id":"q","method":"aria2.tellStatus","params":["token:s3cret","0123456789abcdef",["gid","status"]]})",
        R"([{"jsonrpc":"2.0","id":1,"method":"test.echo","params":["token:s3cret",{"a":[1,2.5,null,true]}]},{"method":"test.echo"}])",
        R"({"jsonrpc":"2.0","id":2,"method":"system.multicall","params":[[{"methodName":"test.echo","params":["token:s3cret","x"]},{"methodName":"system.listMethods"}]]})",
        R"({"jsonrpc":"2.0","id":3,"method":"system.listNotifications"})",
        R"({"id":4,"method":"test.echo","params":["token:wrong","\u00e9\ud83d\ude00"]})",
    };
    return seeds.at(m_random.bounded(static_cast<int>(seeds.size())));
}

QByteArray TstRpcFuzz::httpSeed()
{
    const QByteArray body = jsonSeed();
    switch (m_random.bounded(5)) {
    case 0:
        return RawHttp::request("OPTIONS", "/jsonrpc", m_host, "Origin: chrome-extension://x\r\nAccess-Control-Request-Method: POST\r\n");
    case 1:
        return RawHttp::request("GET", "/jsonrpc", m_host, "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
    case 2:
        return RawHttp::post(m_host, body, "Origin: http://localhost:6880\r\nConnection: close\r\n");
    default:
        return RawHttp::post(m_host, body) + RawHttp::post(m_host, jsonSeed());
    }
}

QByteArray TstRpcFuzz::mutate(QByteArray input)
{
    const int rounds = 1 + m_random.bounded(4);
    for (int r = 0; r < rounds && !input.isEmpty(); ++r) {
        const auto at = static_cast<qsizetype>(m_random.bounded(static_cast<quint32>(input.size())));
        switch (m_random.bounded(7)) {
        case 0:
            input.truncate(at);
            break;
        case 1:
            input[at] = static_cast<char>(m_random.bounded(256));
            break;
        case 2:
            input.insert(at, static_cast<char>(m_random.bounded(256)));
            break;
        case 3:
            input.remove(at, 1 + m_random.bounded(8));
            break;
        case 4: {
            static const QList<QByteArray> interesting = {"[", "{", "\"", "\\", ":", ",", "\r\n", "\r\n\r\n",
                                                          QByteArray("\0", 1), "99999999999999999999", "-1", "null"};
            input.insert(at, interesting.at(m_random.bounded(static_cast<int>(interesting.size()))));
            break;
        }
        case 5:
            input.insert(at, input.mid(at, 1 + m_random.bounded(64)));
            break;
        default: {
            QByteArray garbage(1 + m_random.bounded(64), Qt::Uninitialized);
            for (char &c : garbage)
                c = static_cast<char>(m_random.bounded(256));
            input.insert(at, garbage);
        }
        }
    }
    return input;
}

void TstRpcFuzz::checkStillAnswers()
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_listener.port());
    QTRY_VERIFY(socket.state() == QAbstractSocket::ConnectedState);
    const auto answer = RawHttp::exchange(socket, RawHttp::post(m_host, R"({"id":"last","method":"test.echo","params":["token:s3cret",42]})"));
    QVERIFY(answer);
    QCOMPARE(answer->status, 200);
    QCOMPARE(QJsonDocument::fromJson(answer->body).object().value(QStringLiteral("result")).toArray(), QJsonArray{42});
}

void TstRpcFuzz::http()
{
    constexpr int kCases = 4000;
    int answers = 0;
    QMap<int, int> statuses;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < kCases; ++i) {
        QByteArray request;
        if (i % 10 == 0) {
            request.resize(1 + m_random.bounded(2048));
            for (char &c : request)
                c = static_cast<char>(m_random.bounded(256));
        } else {
            request = mutate(httpSeed());
        }
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_listener.port());
        QVERIFY(RawHttp::waitUntil([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000));
        socket.write(request);
        QVERIFY(RawHttp::waitUntil([&] { return socket.bytesToWrite() == 0; }, 5000));
        // All sent: our half closes, so a truncated request ends instead of waiting for more.
        ::shutdown(static_cast<int>(socket.socketDescriptor()), SHUT_WR);
        QByteArray received;
        QVERIFY2(RawHttp::waitUntil([&] {
            received += socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        }, 5000), request.toPercentEncoding().left(300).constData());
        received += socket.readAll();
        HttpAnswer answer;
        RawHttp::Take taken;
        while ((taken = RawHttp::take(&received, &answer, true)) == RawHttp::Take::Answer) {
            ++answers;
            ++statuses[answer.status];
            if (answer.status == 101)
                break;  // an accepted upgrade: WebSocket frames may follow
            if (answer.status == 200) {
                QJsonParseError error{};
                QJsonDocument::fromJson(answer.body, &error);
                QVERIFY2(error.error == QJsonParseError::NoError, answer.body.left(300).constData());
            }
        }
        QVERIFY2(taken != RawHttp::Take::Malformed, QByteArray(request.toPercentEncoding().left(300) + " -> " + received.left(300)).constData());
    }
    QStringList counts;
    for (auto it = statuses.cbegin(); it != statuses.cend(); ++it)
        counts.append(QStringLiteral("%1: %2").arg(it.key()).arg(it.value()));
    qInfo("%d cases, %d answers (%s), %lld ms", kCases, answers, qPrintable(counts.join(QStringLiteral(", "))),
          static_cast<long long>(clock.elapsed()));
    QVERIFY(answers > kCases / 2);
    QVERIFY(statuses.value(200) > kCases / 20);  // mutations that still reach a method
    QVERIFY(statuses.value(400) > 0);
    checkStillAnswers();
}

void TstRpcFuzz::webSocket()
{
    QWebSocket client;
    QStringList received;
    connect(&client, &QWebSocket::textMessageReceived, this, [&received](const QString &m) { received.append(m); });
    client.open(QUrl(QStringLiteral("ws://%1/jsonrpc").arg(QString::fromLatin1(m_host))));
    QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);
    constexpr int kCases = 3000;
    for (int i = 0; i < kCases; ++i) {
        QByteArray message = mutate(jsonSeed());
        if (i % 10 == 0) {
            message.resize(1 + m_random.bounded(512));
            for (char &c : message)
                c = static_cast<char>(m_random.bounded(256));
        }
        client.sendTextMessage(QString::fromUtf8(message));
    }
    // Messages are answered in order: once the last one's answer is in, all are.
    client.sendTextMessage(QStringLiteral(R"({"id":"last","method":"test.echo","params":["token:s3cret"]})"));
    QVERIFY(RawHttp::waitUntil([&] {
        return !received.isEmpty() && received.last().contains(QLatin1String("\"last\""));
    }, 10000));
    QCOMPARE(client.state(), QAbstractSocket::ConnectedState);
    for (const QString &answer : std::as_const(received)) {
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(answer.toUtf8(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError && !document.isNull(), qPrintable(answer.left(300)));
    }
    qInfo("%d messages, %lld answers", kCases, static_cast<long long>(received.size()));
    QVERIFY(received.size() > kCases / 2);
    checkStillAnswers();
}

QTEST_GUILESS_MAIN(TstRpcFuzz)
#include "tst_rpcfuzz.moc"
