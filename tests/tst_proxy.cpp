// Proxies: the engine through a loopback HTTP forward proxy (absolute-form GET, CONNECT for
// https) and a SOCKS5 proxy, with and without credentials, the no-proxy list, the environment
// in System mode, failures named for the proxy, and `gather --headless --all-proxy`.

#include "enginefixture.h"
#include "faultserver.h"
#include "forwardproxy.h"
#include "headlessrun.h"
#include "socks5proxy.h"
#include "testcerts.h"

#include "net/noproxylist.h"
#include "net/proxyfactory.h"

#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

constexpr qint64 kSize = 200'000;

const char *const kProxyVariables[] = {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
                                       "all_proxy",  "ALL_PROXY",  "no_proxy",    "NO_PROXY"};

DownloadSettings viaProxy(ProxySettings::Type type, quint16 port, const QString &user = {}, const QString &password = {})
{
    DownloadSettings settings = EngineFixture::testSettings();
    settings.proxy.mode = ProxySettings::Mode::Manual;
    settings.proxy.type = type;
    settings.proxy.host = QStringLiteral("127.0.0.1");
    settings.proxy.port = port;
    settings.proxy.user = user;
    settings.proxy.password = password;
    return settings;
}

// A port nothing listens on: taken from the kernel, then let go.
quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

} // namespace

// The proxies and the origin servers live for the whole run; main thread.
class TestProxy final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void noProxyList_data();
    void noProxyList();
    void proxyAddresses_data();
    void proxyAddresses();
    void httpThroughForwardProxy();
    void credentialsAreSentToTheProxy();
    void wrongCredentialsFailClearly();
    void httpsTunnelsThroughConnect();
    void noProxyListGoesDirect();
    void unreachableProxyIsNamed();
    void socks5_data();
    void socks5();
    void socks5WrongCredentialsFailClearly();
    void environment_data();
    void environment();
    void changedSettingsReachExistingManagers();
    void headlessAllProxy();
    void headlessRejectsBadProxy();

private:
    bool fetch(EngineFixture &engine, const QString &path, DownloadId *id = nullptr);
    static void clearEnvironment();

    TestCerts m_certs;
    FaultServer m_server;
    FaultServer m_tls;
    ForwardProxy m_http;
    Socks5Proxy m_socks;
    QByteArray m_sha;
};

void TestProxy::clearEnvironment()
{
    for (const char *name : kProxyVariables)
        qunsetenv(name);
}

void TestProxy::initTestCase()
{
    clearEnvironment();
    QVERIFY(m_server.listen());
    m_server.setDefaultResponse(FaultResponse::generated(kSize, 7));
    QVERIFY2(m_tls.listenTls(m_certs), qPrintable(m_certs.errorString()));
    m_tls.setDefaultResponse(FaultResponse::generated(kSize, 7));
    QVERIFY(m_http.listen());
    QVERIFY(m_socks.listen());
    m_sha = EngineFixture::sha256(FaultServer::generatedBody(kSize, 7));
}

void TestProxy::init()
{
    clearEnvironment();
    m_http.requireCredentials({}, {});
    m_http.clear();
    m_socks.clear();
    m_server.clearRecords();
    m_tls.clearRecords();
}

void TestProxy::cleanupTestCase()
{
    clearEnvironment();
}

bool TestProxy::fetch(EngineFixture &engine, const QString &url, DownloadId *id)
{
    const DownloadId added = engine.add(QUrl(url));
    if (id)
        *id = added;
    if (!engine.waitFinal(added, 15000) || engine.download(added).state() != DownloadState::Completed) {
        qWarning("%s: %s", qPrintable(url), qPrintable(engine.download(added).error().message));
        return false;
    }
    return EngineFixture::fileSha256(engine.path(engine.download(added).fileName())) == m_sha;
}

void TestProxy::noProxyList_data()
{
    QTest::addColumn<QString>("list");
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("matches");
    QTest::newRow("empty") << "" << "example.com" << false;
    QTest::newRow("star") << "*" << "anything.test" << true;
    QTest::newRow("exact name") << "example.com" << "example.com" << true;
    QTest::newRow("name covers subdomain") << "example.com" << "a.b.example.com" << true;
    QTest::newRow("name is not a bare suffix") << "example.com" << "badexample.com" << false;
    QTest::newRow("dot suffix") << ".example.com" << "www.example.com" << true;
    QTest::newRow("dot suffix covers the domain") << ".example.com" << "example.com" << true;
    QTest::newRow("case and trailing dot") << "Example.COM" << "WWW.example.com." << true;
    QTest::newRow("port ignored") << "example.com:8080" << "example.com" << true;
    QTest::newRow("second entry, spaces") << "a.test , b.test" << "x.b.test" << true;
    QTest::newRow("ipv4") << "10.1.2.3" << "10.1.2.3" << true;
    QTest::newRow("ipv4 other") << "10.1.2.3" << "10.1.2.4" << false;
    QTest::newRow("cidr") << "10.0.0.0/8" << "10.200.3.4" << true;
    QTest::newRow("cidr outside") << "10.0.0.0/8" << "11.0.0.1" << false;
    QTest::newRow("cidr never resolves names") << "127.0.0.0/8" << "localhost" << false;
    QTest::newRow("ipv6") << "::1" << "[::1]" << true;
    QTest::newRow("ipv6 cidr") << "fd00::/8" << "fd12::5" << true;
    QTest::newRow("mapped ipv4") << "192.168.0.0/16" << "::ffff:192.168.1.1" << true;
    QTest::newRow("garbage ignored") << "/, :, 300.1.1.1/40" << "example.com" << false;
}

void TestProxy::noProxyList()
{
    QFETCH(QString, list);
    QFETCH(QString, host);
    QFETCH(bool, matches);
    QCOMPARE(NoProxyList(ProxySettings::splitList(list)).matches(host), matches);
}

void TestProxy::proxyAddresses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("shown");  // or the start of the problem
    QTest::newRow("http") << "http://proxy.test:3128" << true << "http://proxy.test:3128";
    QTest::newRow("no scheme") << "proxy.test:3128" << true << "http://proxy.test:3128";
    QTest::newRow("http default port") << "http://proxy.test" << true << "http://proxy.test:80";
    QTest::newRow("socks5 default port") << "socks5://proxy.test" << true << "socks5://proxy.test:1080";
    QTest::newRow("socks5h") << "socks5h://proxy.test:9050" << true << "socks5://proxy.test:9050";
    QTest::newRow("credentials hidden") << "http://me:s%40cret@proxy.test:8080" << true << "http://me:***@proxy.test:8080";
    QTest::newRow("https proxy unsupported") << "https://proxy.test:443" << false << "\"https://proxy.test:443\": the proxy scheme";
    QTest::newRow("path") << "http://proxy.test:80/x" << false << "\"http://proxy.test:80/x\": a proxy address has no path";
    QTest::newRow("bad port") << "http://proxy.test:99999" << false << "\"http://proxy.test:99999\" is not";
    QTest::newRow("empty") << "" << false << "the proxy address is empty";
    QTest::newRow("password hidden in the problem") << "ftp://me:hunter2@proxy.test" << false << "\"ftp://me:***@proxy.test\"";
}

void TestProxy::proxyAddresses()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QString, shown);
    const Result<ProxySettings> proxy = ProxySettings::fromUrl(text);
    QCOMPARE(proxy.ok(), valid);
    if (valid) {
        QCOMPARE(proxy->shownAddress(), shown);
    } else {
        QVERIFY2(proxy.problem().startsWith(shown), qPrintable(proxy.problem()));
        QVERIFY(!proxy.problem().contains(u"hunter2"));
    }
}

void TestProxy::httpThroughForwardProxy()
{
    EngineFixture engine(viaProxy(ProxySettings::Type::Http, m_http.port()));
    QVERIFY(fetch(engine, m_server.url(QStringLiteral("/plain.bin")).toString()));
    QCOMPARE(m_http.seen().size(), 1);
    QCOMPARE(m_http.seen().first().method, "GET");
    QCOMPARE(m_http.seen().first().target, m_server.url(QStringLiteral("/plain.bin")).toEncoded());
    QVERIFY(m_http.seen().first().proxyAuthorization.isEmpty());
    // The origin got the request in origin form, from the proxy.
    QCOMPARE(m_server.requests(QStringLiteral("/plain.bin")).size(), 1);
    QCOMPARE(m_server.requests(QStringLiteral("/plain.bin")).first().target, "/plain.bin");
}

void TestProxy::credentialsAreSentToTheProxy()
{
    m_http.requireCredentials(QStringLiteral("alice"), QStringLiteral("pa:ss word"));
    EngineFixture engine(viaProxy(ProxySettings::Type::Http, m_http.port(), QStringLiteral("alice"), QStringLiteral("pa:ss word")));
    QVERIFY(fetch(engine, m_server.url(QStringLiteral("/auth.bin")).toString()));
    const QByteArray expected = "Basic " + QByteArray("alice:pa:ss word").toBase64();
    QVERIFY(!m_http.seen().isEmpty());
    QCOMPARE(m_http.seen().last().proxyAuthorization, expected);
    QCOMPARE(m_http.seen().last().status, 0);
    QCOMPARE(m_server.requestCount(QStringLiteral("/auth.bin")), 1);
    // The origin never sees the proxy's credentials.
    QVERIFY(!m_server.requests(QStringLiteral("/auth.bin")).first().hasHeader("proxy-authorization"));
}

void TestProxy::wrongCredentialsFailClearly()
{
    m_http.requireCredentials(QStringLiteral("alice"), QStringLiteral("right"));
    DownloadSettings settings = viaProxy(ProxySettings::Type::Http, m_http.port(), QStringLiteral("alice"), QStringLiteral("wrong"));
    settings.retries = 0;
    EngineFixture engine(settings);
    DownloadId id;
    QVERIFY(!fetch(engine, m_server.url(QStringLiteral("/denied.bin")).toString(), &id));
    QCOMPARE(engine.download(id).state(), DownloadState::Failed);
    const QString message = engine.download(id).error().message;
    QVERIFY2(message.startsWith(u"Proxy refused the credentials (407)"), qPrintable(message));
    QVERIFY2(!message.contains(u"wrong"), qPrintable(message));
    // Asked once or twice (without, then with the credentials), never in a loop.
    QVERIFY2(m_http.seen().size() <= 3, qPrintable(QString::number(m_http.seen().size())));
    QCOMPARE(m_server.requestCount(QStringLiteral("/denied.bin")), 0);
}

void TestProxy::httpsTunnelsThroughConnect()
{
    m_http.requireCredentials(QStringLiteral("bob"), QStringLiteral("tunnel"));
    DownloadSettings settings = viaProxy(ProxySettings::Type::Http, m_http.port(), QStringLiteral("bob"), QStringLiteral("tunnel"));
    settings.extraCaCertificates = {m_certs.caCertificate()};
    EngineFixture engine(settings);
    QVERIFY(fetch(engine, m_tls.url(QStringLiteral("/secure.bin")).toString()));
    QVERIFY(!m_http.seen().isEmpty());
    const ForwardProxy::Seen &last = m_http.seen().last();
    QCOMPARE(last.method, "CONNECT");
    QCOMPARE(last.target, QByteArray("127.0.0.1:") + QByteArray::number(m_tls.port()));
    QCOMPARE(last.proxyAuthorization, "Basic " + QByteArray("bob:tunnel").toBase64());
    QCOMPARE(m_tls.requestCount(QStringLiteral("/secure.bin")), 1);
}

void TestProxy::noProxyListGoesDirect()
{
    DownloadSettings settings = viaProxy(ProxySettings::Type::Http, m_http.port());
    settings.proxy.noProxy = {QStringLiteral("example.test"), QStringLiteral("127.0.0.0/8")};
    EngineFixture engine(settings);
    QVERIFY(fetch(engine, m_server.url(QStringLiteral("/direct.bin")).toString()));
    QVERIFY(m_http.seen().isEmpty());
    QCOMPARE(m_server.requestCount(QStringLiteral("/direct.bin")), 1);
}

void TestProxy::unreachableProxyIsNamed()
{
    const quint16 port = closedPort();
    for (const auto type : {ProxySettings::Type::Http, ProxySettings::Type::Socks5}) {
        DownloadSettings settings = viaProxy(type, port, QStringLiteral("u"), QStringLiteral("topsecret"));
        settings.retries = 0;
        EngineFixture engine(settings);
        DownloadId id;
        QVERIFY(!fetch(engine, m_server.url(QStringLiteral("/unreachable.bin")).toString(), &id));
        const QString message = engine.download(id).error().message;
        const QString name = ProxySettings::nameOf(type) + QStringLiteral("://127.0.0.1:") + QString::number(port);
        QVERIFY2(message.startsWith(QStringLiteral("Cannot reach the proxy ") + name), qPrintable(message));
        QVERIFY2(!message.contains(u"topsecret"), qPrintable(message));
    }
    QCOMPARE(m_server.requestCount(QStringLiteral("/unreachable.bin")), 0);
}

void TestProxy::socks5_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<bool>("tls");
    QTest::newRow("no authentication, http") << QString() << false;
    QTest::newRow("username/password, http") << QStringLiteral("carol") << false;
    QTest::newRow("username/password, https") << QStringLiteral("carol") << true;
}

void TestProxy::socks5()
{
    QFETCH(QString, user);
    QFETCH(bool, tls);
    if (!user.isEmpty())
        m_socks.requireCredentials(user, QStringLiteral("socks-pw"));
    else
        m_socks.requireCredentials({}, {});
    Socks5Proxy plain;  // a proxy that asks for nothing, for the row without credentials
    QVERIFY(plain.listen());
    Socks5Proxy &proxy = user.isEmpty() ? plain : m_socks;
    DownloadSettings settings = viaProxy(ProxySettings::Type::Socks5, proxy.port(), user, user.isEmpty() ? QString() : QStringLiteral("socks-pw"));
    settings.extraCaCertificates = {m_certs.caCertificate()};
    EngineFixture engine(settings);
    FaultServer &origin = tls ? m_tls : m_server;
    QVERIFY(fetch(engine, origin.url(QStringLiteral("/socks.bin")).toString()));
    QVERIFY(!proxy.seen().isEmpty());
    QCOMPARE(proxy.seen().last().target, QByteArray("127.0.0.1:") + QByteArray::number(origin.port()));
    QCOMPARE(proxy.seen().last().user, user);
    QCOMPARE(origin.requestCount(QStringLiteral("/socks.bin")), 1);
}

void TestProxy::socks5WrongCredentialsFailClearly()
{
    m_socks.requireCredentials(QStringLiteral("carol"), QStringLiteral("right"));
    DownloadSettings settings = viaProxy(ProxySettings::Type::Socks5, m_socks.port(), QStringLiteral("carol"), QStringLiteral("wrong"));
    settings.retries = 0;
    settings.connectTimeoutMs = 1500;
    EngineFixture engine(settings);
    DownloadId id;
    QVERIFY(!fetch(engine, m_server.url(QStringLiteral("/socksdenied.bin")).toString(), &id));
    const QString message = engine.download(id).error().message;
    // Qt 6.4 offers the refused credentials again and again instead of failing; the attempt
    // ends at the timeout, which names the proxy.
    const QString name = QStringLiteral("socks5://127.0.0.1:") + QString::number(m_socks.port());
    QVERIFY2(message.startsWith(u"Proxy refused the credentials") || message.endsWith(u"through the proxy " + name),
             qPrintable(message));
    QVERIFY(!message.contains(u"wrong"));
    QCOMPARE(m_server.requestCount(QStringLiteral("/socksdenied.bin")), 0);
}

void TestProxy::environment_data()
{
    QTest::addColumn<QStringList>("variables");  // NAME=value, "PROXY" standing for the proxy's address
    QTest::addColumn<bool>("tls");
    QTest::addColumn<bool>("proxied");
    const QString proxy = QStringLiteral("PROXY");
    QTest::newRow("none set") << QStringList() << false << false;
    QTest::newRow("http_proxy") << QStringList{u"http_proxy=" + proxy} << false << true;
    QTest::newRow("HTTP_PROXY is not read (httpoxy)") << QStringList{u"HTTP_PROXY=" + proxy} << false << false;
    QTest::newRow("http_proxy does not serve https") << QStringList{u"http_proxy=" + proxy} << true << false;
    QTest::newRow("https_proxy") << QStringList{u"https_proxy=" + proxy} << true << true;
    QTest::newRow("HTTPS_PROXY") << QStringList{u"HTTPS_PROXY=" + proxy} << true << true;
    QTest::newRow("all_proxy") << QStringList{u"all_proxy=" + proxy} << false << true;
    QTest::newRow("ALL_PROXY, https") << QStringList{u"ALL_PROXY=" + proxy} << true << true;
    QTest::newRow("no_proxy names the host") << QStringList{u"http_proxy=" + proxy, u"no_proxy=localhost,127.0.0.1"_s} << false << false;
    QTest::newRow("NO_PROXY *") << QStringList{u"all_proxy=" + proxy, u"NO_PROXY=*"_s} << true << false;
    QTest::newRow("no_proxy other host") << QStringList{u"http_proxy=" + proxy, u"no_proxy=.example.test"_s} << false << true;
    QTest::newRow("unusable value goes direct") << QStringList{u"http_proxy=ftp://nowhere.test"_s} << false << false;
}

void TestProxy::environment()
{
    QFETCH(QStringList, variables);
    QFETCH(bool, tls);
    QFETCH(bool, proxied);
    const QString address = QStringLiteral("http://127.0.0.1:") + QString::number(m_http.port());
    for (const QString &variable : variables) {
        const qsizetype equals = variable.indexOf(u'=');
        QString value = variable.mid(equals + 1);
        value.replace(u"PROXY"_s, address);
        qputenv(variable.left(equals).toLatin1().constData(), value.toUtf8());
    }
    DownloadSettings settings = EngineFixture::testSettings();
    settings.proxy.mode = ProxySettings::Mode::System;
    settings.extraCaCertificates = {m_certs.caCertificate()};
    EngineFixture engine(settings);
    FaultServer &origin = tls ? m_tls : m_server;
    QVERIFY(fetch(engine, origin.url(QStringLiteral("/env.bin")).toString()));
    QCOMPARE(!m_http.seen().isEmpty(), proxied);
    QCOMPARE(origin.requestCount(QStringLiteral("/env.bin")), 1);
}

void TestProxy::changedSettingsReachExistingManagers()
{
    DownloadSettings settings = EngineFixture::testSettings();
    EngineFixture engine(settings);
    QVERIFY(fetch(engine, m_server.url(QStringLiteral("/first.bin")).toString()));
    QVERIFY(m_http.seen().isEmpty());
    DownloadSettings changed = engine.manager().settings();
    changed.proxy = viaProxy(ProxySettings::Type::Http, m_http.port()).proxy;
    engine.manager().setSettings(changed);
    QVERIFY(fetch(engine, m_server.url(QStringLiteral("/second.bin")).toString()));
    QCOMPARE(m_http.seen().size(), 1);
    QCOMPARE(m_http.seen().first().target, m_server.url(QStringLiteral("/second.bin")).toEncoded());
    changed.proxy.mode = ProxySettings::Mode::None;
    engine.manager().setSettings(changed);
    QVERIFY(fetch(engine, m_server.url(QStringLiteral("/third.bin")).toString()));
    QCOMPARE(m_http.seen().size(), 1);
}

void TestProxy::headlessAllProxy()
{
    m_http.requireCredentials(QStringLiteral("dave"), QStringLiteral("hidden-pw"));
    // The environment points elsewhere: --all-proxy wins over it.
    qputenv("http_proxy", QByteArrayLiteral("http://127.0.0.1:") + QByteArray::number(closedPort()));
    QTemporaryDir dir;
    HeadlessRun run;
    const QString proxy = QStringLiteral("http://dave:hidden-pw@127.0.0.1:") + QString::number(m_http.port());
    const QUrl url = m_server.url(QStringLiteral("/headless.bin"));
    QVERIFY2(run.run({QStringLiteral("-d"), dir.path(), QStringLiteral("--all-proxy"), proxy, url.toString()}, 30s),
             qPrintable(run.describe()));
    QCOMPARE(run.exitCode(), 0);
    QCOMPARE(EngineFixture::fileSha256(dir.filePath(QStringLiteral("headless.bin"))), m_sha);
    QVERIFY(!m_http.seen().isEmpty());
    QCOMPARE(m_http.seen().last().target, url.toEncoded());
    QVERIFY(!run.standardOutput().contains("hidden-pw"));
    QVERIFY(!run.standardError().contains("hidden-pw"));

    // --no-proxy sends the same URL direct; the proxy sees nothing new.
    m_http.clear();
    QTemporaryDir direct;
    QVERIFY2(run.run({QStringLiteral("-d"), direct.path(), QStringLiteral("--all-proxy"), proxy, QStringLiteral("--no-proxy"),
                      QStringLiteral("example.test,127.0.0.1"), url.toString()}, 30s),
             qPrintable(run.describe()));
    QCOMPARE(run.exitCode(), 0);
    QVERIFY(m_http.seen().isEmpty());
    QCOMPARE(EngineFixture::fileSha256(direct.filePath(QStringLiteral("headless.bin"))), m_sha);
}

void TestProxy::headlessRejectsBadProxy()
{
    HeadlessRun run;
    QVERIFY2(run.run({QStringLiteral("--all-proxy"), QStringLiteral("ftp://me:hunter2@proxy.test"),
                      m_server.url(QStringLiteral("/never.bin")).toString()}, 20s),
             qPrintable(run.describe()));
    QCOMPARE(run.exitCode(), 2);
    QVERIFY2(run.standardError().contains("--all-proxy"), qPrintable(run.describe()));
    QVERIFY(!run.standardError().contains("hunter2"));
    QCOMPARE(m_server.requestCount(QStringLiteral("/never.bin")), 0);
}

QTEST_MAIN(TestProxy)
#include "tst_proxy.moc"
