// JsonRpcDispatcher: aria2's answers to calls, batches, notifications, bad input and tokens.
#include "rpc/jsonrpcdispatcher.h"
#include "rpc/rpcmethods.h"

#include <QJsonDocument>
#include <QTest>

#include <stdexcept>

class TstRpcDispatcher final : public QObject
{
    Q_OBJECT

public:
    TstRpcDispatcher()
    {
        m_methods.add(QStringLiteral("test.echo"), [](const QJsonArray &params) { return RpcAnswer::ok(params); });
        m_methods.add(QStringLiteral("test.fail"), [](const QJsonArray &) {
            return RpcAnswer::error(QStringLiteral("nope"));
        });
        m_methods.add(QStringLiteral("test.throw"), [](const QJsonArray &) -> RpcAnswer {
            throw std::runtime_error("boom");
        });
        m_methods.add(QStringLiteral("test.count"), [this](const QJsonArray &) {
            ++m_counted;
            return RpcAnswer::ok(m_counted);
        });
        m_methods.addNotification(QStringLiteral("aria2.onDownloadStart"));
    }

private Q_SLOTS:
    void dispatch_data();
    void dispatch();
    void notificationRunsWithoutAnswer();
    void sameSecret();

private:
    RpcMethods m_methods;
    int m_counted = 0;
};

namespace {

QByteArray calls(int n, const QByteArray &one)
{
    QByteArray out = "[";
    for (int i = 0; i < n; ++i)
        out += (i ? "," : "") + one;
    return out + "]";
}

QByteArray error(const QByteArray &id, int code, const QByteArray &message)
{
    return "{\"id\":" + id + ",\"jsonrpc\":\"2.0\",\"error\":{\"code\":" + QByteArray::number(code)
        + ",\"message\":\"" + message + "\"}}";
}

QByteArray result(const QByteArray &id, const QByteArray &value)
{
    return "{\"id\":" + id + ",\"jsonrpc\":\"2.0\",\"result\":" + value + "}";
}

} // namespace

void TstRpcDispatcher::dispatch_data()
{
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("expected");  // JSON, compared as JSON; empty: no answer
    QTest::addColumn<bool>("unauthorized");

    const QString secret = QStringLiteral("s3cret");
    const QByteArray echo = R"({"jsonrpc":"2.0","id":"a","method":"test.echo","params":["token:s3cret",1,"x"]})";
    QTest::newRow("valid call, token taken off") << secret << echo << 200 << result("\"a\"", "[1,\"x\"]") << false;
    QTest::newRow("no params") << QString() << QByteArray(R"({"id":1,"method":"test.echo"})") << 200
                               << result("1", "[]") << false;
    QTest::newRow("no secret set, token still taken off")
        << QString() << QByteArray(R"({"id":1,"method":"test.echo","params":["token:x",2]})") << 200
        << result("1", "[2]") << false;
    QTest::newRow("batch with a notification and an error")
        << secret
        << QByteArray(R"([{"id":1,"method":"test.echo","params":["token:s3cret",5]},)"
                      R"({"method":"test.echo","params":["token:s3cret"]},)"
                      R"({"id":2,"method":"test.fail","params":["token:s3cret"]}, 7])")
        << 200 << QByteArray("[" + result("1", "[5]") + "," + error("2", 1, "nope") + "," + error("null", -32600, "Invalid Request.") + "]")
        << false;
    QTest::newRow("notification alone") << secret << QByteArray(R"({"method":"test.echo","params":["token:s3cret"]})")
                                        << 204 << QByteArray() << false;
    QTest::newRow("parse error") << secret << QByteArray(R"({"id":1,)") << 500 << error("null", -32700, "Parse error.") << false;
    QTest::newRow("bad UTF-8") << secret << QByteArray("{\"id\":1,\"method\":\"\xff\xfe\"}") << 500
                               << error("null", -32700, "Parse error.") << false;
    QTest::newRow("scalar, not an object") << secret << QByteArray("42") << 500 << error("null", -32700, "Parse error.") << false;
    QTest::newRow("batch of a scalar") << secret << QByteArray("[1]") << 200
                                       << QByteArray("[" + error("null", -32600, "Invalid Request.") + "]") << false;
    QTest::newRow("empty batch") << secret << QByteArray("[]") << 400 << error("null", -32600, "Invalid Request.") << false;
    QTest::newRow("method a number") << secret << QByteArray(R"({"id":1,"method":5})") << 400
                                     << error("1", -32600, "Invalid Request.") << false;
    QTest::newRow("method missing") << secret << QByteArray(R"({"id":1,"params":[]})") << 400
                                    << error("1", -32600, "Invalid Request.") << false;
    QTest::newRow("params an object") << secret << QByteArray(R"({"id":1,"method":"test.echo","params":{"a":1}})") << 500
                                      << error("1", -32602, "Invalid params.") << false;
    QTest::newRow("params a string") << secret << QByteArray(R"({"id":1,"method":"test.echo","params":"token:s3cret"})")
                                     << 500 << error("1", -32602, "Invalid params.") << false;
    QTest::newRow("id an object is echoed")
        << secret << QByteArray(R"({"id":{"x":[1]},"method":"test.echo","params":["token:s3cret"]})") << 200
        << result("{\"x\":[1]}", "[]") << false;
    QTest::newRow("id null") << secret << QByteArray(R"({"id":null,"method":"test.echo","params":["token:s3cret"]})")
                             << 200 << result("null", "[]") << false;
    QTest::newRow("unknown method") << secret << QByteArray(R"({"id":1,"method":"nope","params":["token:s3cret"]})")
                                    << 400 << error("1", 1, "No such method: nope") << false;
    QTest::newRow("unknown method, no token") << secret << QByteArray(R"({"id":1,"method":"nope"})") << 400
                                              << error("1", 1, "Unauthorized") << true;
    QTest::newRow("token missing") << secret << QByteArray(R"({"id":1,"method":"test.echo","params":[1]})") << 400
                                   << error("1", 1, "Unauthorized") << true;
    QTest::newRow("token wrong") << secret << QByteArray(R"({"id":1,"method":"test.echo","params":["token:s3cre",1]})")
                                 << 400 << error("1", 1, "Unauthorized") << true;
    QTest::newRow("token without prefix") << secret << QByteArray(R"({"id":1,"method":"test.echo","params":["s3cret"]})")
                                          << 400 << error("1", 1, "Unauthorized") << true;
    QTest::newRow("listMethods without token")
        << secret << QByteArray(R"({"id":1,"method":"system.listMethods"})") << 200
        << result("1", R"(["test.echo","test.fail","test.throw","test.count","system.multicall","system.listMethods","system.listNotifications"])")
        << false;
    QTest::newRow("listNotifications without token")
        << secret << QByteArray(R"({"id":1,"method":"system.listNotifications"})") << 200
        << result("1", R"(["aria2.onDownloadStart"])") << false;
    QTest::newRow("multicall with nested errors")
        << secret
        << QByteArray(R"({"id":7,"method":"system.multicall","params":[[)"
                      R"({"methodName":"test.echo","params":["token:s3cret",1]},)"
                      R"({"methodName":"test.fail","params":["token:s3cret"]},)"
                      R"({"methodName":"test.echo","params":[2]},)"
                      R"(5,{"params":[]},{"methodName":"system.multicall","params":[[]]},)"
                      R"({"methodName":"system.listNotifications"}]]})")
        << 200
        << result("7", R"([[[1]],{"code":1,"message":"nope"},{"code":1,"message":"Unauthorized"},)"
                       R"({"code":1,"message":"system.multicall expected struct."},{"code":1,"message":"Missing methodName."},)"
                       R"({"code":1,"message":"Recursive system.multicall forbidden."},[["aria2.onDownloadStart"]]])")
        << true;
    QTest::newRow("multicall without its list") << secret << QByteArray(R"({"id":1,"method":"system.multicall"})") << 400
                                                << error("1", 1, "The parameter at 0 is required but missing.") << false;
    QTest::newRow("multicall too large")
        << secret
        << QByteArray(R"({"id":1,"method":"system.multicall","params":[)" + calls(1001, R"({"methodName":"test.count"})") + "]}")
        << 400 << error("1", 1, "system.multicall holds at most 1000 calls.") << false;
    QTest::newRow("batch too large") << secret << calls(1001, R"({"id":1,"method":"test.count"})") << 400
                                     << error("null", -32600, "Invalid Request: a batch holds at most 1000 calls.") << false;
    QTest::newRow("depth bomb") << secret << QByteArray(200000, '[') << 500
                                << error("null", -32700, "Parse error: nested deeper than 64 levels.") << false;
    QTest::newRow("brackets inside a string are no depth")
        << secret << QByteArray(R"({"id":1,"method":"test.echo","params":["token:s3cret","\"[)" + QByteArray(100, '[') + "\"]}")
        << 200 << result("1", QByteArray("[\"\\\"[" + QByteArray(100, '[') + "\"]")) << false;
    QTest::newRow("handler throws") << secret << QByteArray(R"({"id":1,"method":"test.throw","params":["token:s3cret"]})")
                                    << 500 << error("1", -32603, "Internal error.") << false;
}

void TstRpcDispatcher::dispatch()
{
    QFETCH(QString, secret);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QByteArray, expected);
    QFETCH(bool, unauthorized);

    const JsonRpcDispatcher dispatcher(m_methods, secret);
    const JsonRpcDispatcher::Reply reply = dispatcher.dispatch(body);
    QCOMPARE(reply.httpStatus, status);
    QCOMPARE(reply.unauthorized, unauthorized);
    if (expected.isEmpty()) {
        QVERIFY2(reply.body.isEmpty(), reply.body.constData());
        return;
    }
    QJsonParseError parsed{};
    const QJsonDocument want = QJsonDocument::fromJson(expected, &parsed);
    QVERIFY2(parsed.error == QJsonParseError::NoError, qPrintable(parsed.errorString()));
    const QJsonDocument got = QJsonDocument::fromJson(reply.body);
    QVERIFY2(got == want, reply.body.left(2000).constData());
}

void TstRpcDispatcher::notificationRunsWithoutAnswer()
{
    const JsonRpcDispatcher dispatcher(m_methods, QStringLiteral("s3cret"));
    const int before = m_counted;
    const auto reply = dispatcher.dispatch(R"([{"method":"test.count","params":["token:s3cret"]},)"
                                           R"({"jsonrpc":"2.0","method":"test.count","params":["token:s3cret"]}])");
    QCOMPARE(m_counted, before + 2);
    QVERIFY(reply.body.isEmpty());
    QCOMPARE(reply.httpStatus, 204);
    // A notification with a wrong token runs nothing.
    QVERIFY(dispatcher.dispatch(R"({"method":"test.count","params":["token:x"]})").body.isEmpty());
    QCOMPARE(m_counted, before + 2);
}

void TstRpcDispatcher::sameSecret()
{
    QVERIFY(JsonRpcDispatcher::sameSecret(QStringLiteral("abc"), QStringLiteral("abc")));
    QVERIFY(!JsonRpcDispatcher::sameSecret(QStringLiteral("abd"), QStringLiteral("abc")));
    QVERIFY(!JsonRpcDispatcher::sameSecret(QStringLiteral("abcd"), QStringLiteral("abc")));
    QVERIFY(!JsonRpcDispatcher::sameSecret(QString(), QStringLiteral("abc")));
}

QTEST_GUILESS_MAIN(TstRpcDispatcher)
#include "tst_rpcdispatcher.moc"
