// Cookies and the user agent: the Netscape cookies.txt parser, the engine's cookie rules on the
// wire (domain, host only, path, secure, expiry, redirects, Set-Cookie kept for the session),
// the User-Agent header, and `gather --headless --load-cookies --save-cookies --user-agent` end to end.

#include "base/version.h"
#include "enginefixture.h"
#include "faultserver.h"
#include "headlessrun.h"
#include "net/cookiesfilecache.h"
#include "net/cookiestore.h"
#include "net/netscapecookies.h"
#include "testcerts.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

const QDateTime kNow = QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC);

QByteArray future()
{
    return QByteArray::number(QDateTime::currentSecsSinceEpoch() + 86400);
}

// One cookies.txt line; TAB-separated as the format demands.
QByteArray line(const QByteArray &domain, bool subdomains, const QByteArray &path, bool secure, const QByteArray &expiry,
                const QByteArray &name, const QByteArray &value)
{
    return domain + '\t' + (subdomains ? "TRUE" : "FALSE") + '\t' + path + '\t' + (secure ? "TRUE" : "FALSE") + '\t'
        + expiry + '\t' + name + '\t' + value + '\n';
}

QList<QNetworkCookie> parsed(const QByteArray &text)
{
    return NetscapeCookies::parse(text, QDateTime::currentDateTimeUtc()).cookies;
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &text)
{
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
        return {};
    return file.fileName();
}

} // namespace

// Parser cases need nothing; engine cases share one plain loopback server. Main thread.
class TestCookies final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void parsesFields();
    void skipsCommentsBlankLinesAndCrlf();
    void httpOnlyPrefixIsACookie();
    void expiredDroppedAtLoad();
    void malformedLinesReportedWithNumbers_data();
    void malformedLinesReportedWithNumbers();
    void loadRefusesWhatIsNoCookiesFile();
    void cacheReadsAgainOnlyWhenTheFileChanged();
    void jarRules_data();
    void jarRules();
    void sentToMatchingHostOnly();
    void pathRuleOnTheWire();
    void secureOnlyOverHttps();
    void expiredNotSent();
    void redirectToAnotherHostDropsThem();
    void setCookieKeptForTheSession();
    void userAgentDefaultAndSetting();
    void headlessLoadsCookiesAndUserAgent();
    void headlessRefusesABadCookiesFile();
    void formatReadsBack();
    void headlessSavesCookies();
    void headlessRefusesASaveCookiesTargetItCannotWrite();

private:
    // The Cookie header the server saw for path's one request, after a download of it finished.
    QByteArray cookieSent(EngineFixture &engine, FaultServer &server, const QUrl &url);

    FaultServer m_server;
    QTemporaryDir m_dir;
};

void TestCookies::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(m_server.listen());
    m_server.setDefaultResponse(FaultResponse::ok("body"));
}

QByteArray TestCookies::cookieSent(EngineFixture &engine, FaultServer &server, const QUrl &url)
{
    server.clearRecords();
    const DownloadId id = engine.add(url);
    if (!engine.waitFinal(id) || engine.download(id).state() != DownloadState::Completed)
        return "<download failed: " + engine.download(id).error().message.toUtf8() + '>';
    const QList<RecordedRequest> requests = server.requests();
    return requests.size() == 1 ? requests.first().header("cookie") : QByteArray("<not one request>");
}

void TestCookies::parsesFields()
{
    const QByteArray text = line(".example.com", true, "/", false, future(), "a", "1")
                          + line("host.example", false, "/dir", true, "0", "b", "two words");
    const QList<QNetworkCookie> cookies = parsed(text);
    QCOMPARE(cookies.size(), 2);
    QCOMPARE(cookies.at(0).domain(), u".example.com"_s);  // domain cookie: subdomains too
    QCOMPARE(cookies.at(0).name(), QByteArray("a"));
    QCOMPARE(cookies.at(0).value(), QByteArray("1"));
    QCOMPARE(cookies.at(0).expirationDate().toSecsSinceEpoch(), future().toLongLong());
    QVERIFY(!cookies.at(0).isSecure());
    QCOMPARE(cookies.at(1).domain(), u"host.example"_s);  // host only: no leading dot
    QCOMPARE(cookies.at(1).path(), u"/dir"_s);
    QVERIFY(cookies.at(1).isSecure());
    QVERIFY(cookies.at(1).isSessionCookie());  // expiry 0
    QCOMPARE(cookies.at(1).value(), QByteArray("two words"));

    // A leading dot with include-subdomains FALSE: the flag decides.
    QCOMPARE(parsed(line(".x.example", false, "/", false, "0", "c", "3")).first().domain(), u"x.example"_s);
}

void TestCookies::skipsCommentsBlankLinesAndCrlf()
{
    QByteArray text = "# Netscape HTTP Cookie File\r\n\r\n   \r\n# a comment\twith\ttabs\r\n";
    text += line("example.com", false, "/", false, "0", "a", "1").replace("\n", "\r\n");
    text += line("example.com", false, "/", false, "0", "b", "2").chopped(1);  // no final newline
    const NetscapeCookies::Parsed result = NetscapeCookies::parse(text, kNow);
    QCOMPARE(result.malformed, 0);
    QCOMPARE(result.cookies.size(), 2);
    QCOMPARE(result.cookies.at(0).value(), QByteArray("1"));  // no stray '\r'
    QCOMPARE(result.cookies.at(1).value(), QByteArray("2"));
}

void TestCookies::httpOnlyPrefixIsACookie()
{
    const QList<QNetworkCookie> cookies = parsed("#HttpOnly_" + line(".example.com", true, "/", true, "0", "sid", "s3cret"));
    QCOMPARE(cookies.size(), 1);
    QVERIFY(cookies.first().isHttpOnly());
    QCOMPARE(cookies.first().domain(), u".example.com"_s);
    QCOMPARE(cookies.first().name(), QByteArray("sid"));
}

void TestCookies::expiredDroppedAtLoad()
{
    const QByteArray text = line("example.com", false, "/", false, "1699999999", "old", "1")
                          + line("example.com", false, "/", false, "1700000001", "new", "2");
    const NetscapeCookies::Parsed result = NetscapeCookies::parse(text, kNow);
    QCOMPARE(result.expired, 1);
    QCOMPARE(result.malformed, 0);
    QCOMPARE(result.cookies.size(), 1);
    QCOMPARE(result.cookies.first().name(), QByteArray("new"));
}

void TestCookies::malformedLinesReportedWithNumbers_data()
{
    QTest::addColumn<QByteArray>("bad");
    QTest::addColumn<QString>("says");
    QTest::newRow("six fields") << QByteArray("example.com\tFALSE\t/\tFALSE\t0\tname\n") << u"7 tab-separated"_s;
    QTest::newRow("spaces, not tabs") << QByteArray("example.com FALSE / FALSE 0 a 1\n") << u"7 tab-separated"_s;
    QTest::newRow("flag not TRUE/FALSE") << line("example.com", false, "/", false, "0", "a", "1").replace("\tFALSE\t/", "\tyes\t/")
                                         << u"TRUE or FALSE"_s;
    QTest::newRow("expiry not a number") << line("example.com", false, "/", false, "soon", "a", "1") << u"expiry"_s;
    QTest::newRow("negative expiry") << line("example.com", false, "/", false, "-5", "a", "1") << u"expiry"_s;
    QTest::newRow("empty domain") << line("", false, "/", false, "0", "a", "1") << u"domain"_s;
    QTest::newRow("relative path") << line("example.com", false, "dir", false, "0", "a", "1") << u"path"_s;
    QTest::newRow("empty name") << line("example.com", false, "/", false, "0", "", "1") << u"name"_s;
    QTest::newRow("control character") << line("example.com", false, "/", false, "0", "a", "1\x01") << u"name"_s;
}

void TestCookies::malformedLinesReportedWithNumbers()
{
    QFETCH(QByteArray, bad);
    QFETCH(QString, says);
    const QByteArray text = "# header\n" + line("example.com", false, "/", false, "0", "good", "1") + bad
                          + line("example.com", false, "/", false, "0", "after", "2");
    const NetscapeCookies::Parsed result = NetscapeCookies::parse(text, kNow);
    QCOMPARE(result.cookies.size(), 2);  // not fatal: the lines around it still count
    QCOMPARE(result.malformed, 1);
    QCOMPARE(result.problems.size(), 1);
    QVERIFY2(result.problems.first().startsWith(u"line 3: "_s), qPrintable(result.problems.first()));
    QVERIFY2(result.problems.first().contains(says), qPrintable(result.problems.first()));
}

void TestCookies::loadRefusesWhatIsNoCookiesFile()
{
    const Result<NetscapeCookies::Parsed> missing = NetscapeCookies::load(m_dir.filePath(u"missing.txt"_s));
    QVERIFY(!missing);
    QVERIFY2(missing.problem().contains(u"does not exist"_s), qPrintable(missing.problem()));

    const Result<NetscapeCookies::Parsed> folder = NetscapeCookies::load(m_dir.path());
    QVERIFY(!folder);

    const QString junk = writeFile(m_dir, u"junk.txt"_s, "<html>not cookies</html>\n");
    const Result<NetscapeCookies::Parsed> nothing = NetscapeCookies::load(junk);
    QVERIFY(!nothing);
    QVERIFY2(nothing.problem().contains(u"no usable cookie"_s) && nothing.problem().contains(u"line 1"_s),
             qPrintable(nothing.problem()));

    const QString expired = writeFile(m_dir, u"expired.txt"_s, line("example.com", false, "/", false, "1", "a", "1"));
    const Result<NetscapeCookies::Parsed> allExpired = NetscapeCookies::load(expired);
    QVERIFY(!allExpired);
    QVERIFY2(allExpired.problem().contains(u"1 expired"_s), qPrintable(allExpired.problem()));

    const QString huge = writeFile(m_dir, u"huge.txt"_s, QByteArray(NetscapeCookies::kMaxFileSize + 1, '#'));
    const Result<NetscapeCookies::Parsed> tooBig = NetscapeCookies::load(huge);
    QVERIFY(!tooBig);
    QVERIFY2(tooBig.problem().contains(u"larger than"_s), qPrintable(tooBig.problem()));

    const QString fine = writeFile(m_dir, u"fine.txt"_s, "oops\n" + line("example.com", false, "/", false, "0", "a", "1"));
    const Result<NetscapeCookies::Parsed> loaded = NetscapeCookies::load(fine);
    QVERIFY2(loaded.ok(), qPrintable(loaded.problem()));
    QCOMPARE(loaded->cookies.size(), 1);
    QCOMPARE(loaded->malformed, 1);
}

// The jar's rules, asked directly: which URL gets which cookie.
void TestCookies::cacheReadsAgainOnlyWhenTheFileChanged()
{
    const QString path = writeFile(m_dir, u"cache.txt"_s, line("example.com", false, "/", false, "0", "a", "1"));
    QVERIFY(!path.isEmpty());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    const QDateTime stamp = QDateTime::currentDateTimeUtc().addSecs(-3600);
    QVERIFY(file.setFileTime(stamp, QFileDevice::FileModificationTime));
    CookiesFileCache cache;
    QCOMPARE(cache.cookiesIn(path).first().value(), QByteArray("1"));

    // Same size, same time, other bytes: the cache does not read the file again.
    QVERIFY(file.seek(file.size() - 2));
    QCOMPARE(file.write("2\n"), qint64(2));
    QVERIFY(file.flush());
    QVERIFY(file.setFileTime(stamp, QFileDevice::FileModificationTime));
    QCOMPARE(cache.cookiesIn(path).first().value(), QByteArray("1"));

    // A new modification time: read again.
    QVERIFY(file.setFileTime(stamp.addSecs(60), QFileDevice::FileModificationTime));
    QCOMPARE(cache.cookiesIn(path).first().value(), QByteArray("2"));
    file.close();

    // Gone, or no path: no cookies.
    QVERIFY(QFile::remove(path));
    QVERIFY(cache.cookiesIn(path).isEmpty());
    QVERIFY(cache.cookiesIn(QString()).isEmpty());
}

void TestCookies::jarRules_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("header");
    const QByteArray hostOnly = line("example.com", false, "/", false, "0", "h", "1");
    const QByteArray domain = line(".example.com", true, "/", false, "0", "d", "2");
    QTest::newRow("host only, same host") << hostOnly << u"http://example.com/f"_s << QByteArray("h=1");
    QTest::newRow("host only, subdomain") << hostOnly << u"http://www.example.com/f"_s << QByteArray();
    QTest::newRow("domain, subdomain") << domain << u"http://a.b.example.com/f"_s << QByteArray("d=2");
    QTest::newRow("domain, itself") << domain << u"http://example.com/f"_s << QByteArray("d=2");
    QTest::newRow("domain, look-alike") << domain << u"http://badexample.com/f"_s << QByteArray();
    QTest::newRow("domain, parent") << line(".a.example.com", true, "/", false, "0", "d", "2") << u"http://example.com/"_s
                                    << QByteArray();
    const QByteArray dir = line("example.com", false, "/dir", false, "0", "p", "3");
    QTest::newRow("path, itself") << dir << u"http://example.com/dir"_s << QByteArray("p=3");
    QTest::newRow("path, below") << dir << u"http://example.com/dir/f"_s << QByteArray("p=3");
    QTest::newRow("path, prefix only") << dir << u"http://example.com/directory"_s << QByteArray();
    QTest::newRow("path, elsewhere") << dir << u"http://example.com/other/dir"_s << QByteArray();
    const QByteArray secure = line("example.com", false, "/", true, "0", "s", "4");
    QTest::newRow("secure, https") << secure << u"https://example.com/f"_s << QByteArray("s=4");
    QTest::newRow("secure, http") << secure << u"http://example.com/f"_s << QByteArray();
    QTest::newRow("two, longest path first") << line("example.com", false, "/", false, "0", "a", "1") + dir
                                             << u"http://example.com/dir/f"_s << QByteArray("p=3; a=1");
}

void TestCookies::jarRules()
{
    QFETCH(QByteArray, file);
    QFETCH(QString, url);
    QFETCH(QByteArray, header);
    CookieStore jar;
    jar.replaceAll(parsed(file));
    QCOMPARE(jar.headerFor(QUrl(url)), header);
}

void TestCookies::sentToMatchingHostOnly()
{
    DownloadSettings settings = EngineFixture::testSettings();
    settings.cookies = parsed(line("127.0.0.1", false, "/", false, future(), "here", "1")
                              + line("other.example", false, "/", false, "0", "there", "2"));
    EngineFixture engine(settings);
    QCOMPARE(cookieSent(engine, m_server, m_server.url(u"/a.bin"_s)), QByteArray("here=1"));
    // The same server under another name is another host for a host-only cookie.
    QUrl byName = m_server.url(u"/b.bin"_s);
    byName.setHost(u"localhost"_s);
    QCOMPARE(cookieSent(engine, m_server, byName), QByteArray());
}

void TestCookies::pathRuleOnTheWire()
{
    DownloadSettings settings = EngineFixture::testSettings();
    settings.cookies = parsed(line("127.0.0.1", false, "/files", false, "0", "p", "1"));
    EngineFixture engine(settings);
    QCOMPARE(cookieSent(engine, m_server, m_server.url(u"/files/x.bin"_s)), QByteArray("p=1"));
    QCOMPARE(cookieSent(engine, m_server, m_server.url(u"/filesystem.bin"_s)), QByteArray());
    QCOMPARE(cookieSent(engine, m_server, m_server.url(u"/y.bin"_s)), QByteArray());
}

void TestCookies::secureOnlyOverHttps()
{
    TestCerts certs;
    FaultServer secure;
    QVERIFY2(secure.listenTls(certs), qPrintable(certs.errorString()));
    secure.setDefaultResponse(FaultResponse::ok("tls body"));
    DownloadSettings settings = EngineFixture::testSettings();
    settings.extraCaCertificates = {certs.caCertificate()};
    settings.cookies = parsed(line("127.0.0.1", false, "/", true, "0", "s", "1")
                              + line("127.0.0.1", false, "/", false, "0", "any", "2"));
    EngineFixture engine(settings);
    QCOMPARE(cookieSent(engine, secure, secure.url(u"/s.bin"_s)), QByteArray("s=1; any=2"));
    QCOMPARE(cookieSent(engine, m_server, m_server.url(u"/p.bin"_s)), QByteArray("any=2"));
}

void TestCookies::expiredNotSent()
{
    // Already past when sent (a file loaded long ago, say): the jar checks expiry per request.
    QNetworkCookie stale("stale", "1");
    stale.setDomain(u"127.0.0.1"_s);
    stale.setPath(u"/"_s);
    stale.setExpirationDate(QDateTime::currentDateTimeUtc().addSecs(-1));
    DownloadSettings settings = EngineFixture::testSettings();
    settings.cookies = parsed(line("127.0.0.1", false, "/", false, future(), "fresh", "2"));
    settings.cookies.append(stale);
    EngineFixture engine(settings);
    QCOMPARE(cookieSent(engine, m_server, m_server.url(u"/e.bin"_s)), QByteArray("fresh=2"));
}

void TestCookies::redirectToAnotherHostDropsThem()
{
    QUrl elsewhere = m_server.url(u"/target.bin"_s);
    elsewhere.setHost(u"localhost"_s);
    m_server.setResponse(u"/go"_s, FaultResponse::redirect(302, elsewhere.toEncoded()));
    m_server.setResponse(u"/target.bin"_s, FaultResponse::ok("target"));
    DownloadSettings settings = EngineFixture::testSettings();
    settings.cookies = parsed(line("127.0.0.1", false, "/", false, "0", "first", "1"));
    EngineFixture engine(settings);
    m_server.clearRecords();
    const DownloadId id = engine.add(m_server.url(u"/go"_s));
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    const QList<RecordedRequest> requests = m_server.requests();
    QCOMPARE(requests.size(), 2);
    QCOMPARE(requests.at(0).header("cookie"), QByteArray("first=1"));
    QCOMPARE(requests.at(1).path, QByteArray("/target.bin"));
    QVERIFY(!requests.at(1).hasHeader("cookie"));
}

void TestCookies::setCookieKeptForTheSession()
{
    FaultResponse login = FaultResponse::ok("welcome");
    login.headers = {{"Set-Cookie", "sid=abc; Path=/"}, {"Set-Cookie", "evil=1; Domain=example.com; Path=/"}};
    m_server.setResponse(u"/login"_s, login);
    DownloadSettings settings = EngineFixture::testSettings();
    settings.cookies = parsed(line("127.0.0.1", false, "/", false, "0", "file", "1"));
    EngineFixture engine(settings);
    QCOMPARE(cookieSent(engine, m_server, m_server.url(u"/login"_s)), QByteArray("file=1"));
    // The server's cookie joins the file's; the one for another domain is refused.
    const QByteArray next = cookieSent(engine, m_server, m_server.url(u"/after.bin"_s));
    QVERIFY2(next == "file=1; sid=abc" || next == "sid=abc; file=1", next.constData());
    // A settings change that keeps the file keeps the session's cookies too.
    DownloadSettings faster = engine.manager().settings();
    faster.maxBytesPerSecond = 0;
    engine.manager().setSettings(faster);
    QVERIFY(cookieSent(engine, m_server, m_server.url(u"/again.bin"_s)).contains("sid=abc"));
}

void TestCookies::userAgentDefaultAndSetting()
{
    QVERIFY(Version::userAgent().startsWith("Gather/"));
    {
        EngineFixture engine;
        m_server.clearRecords();
        const DownloadId id = engine.add(m_server.url(u"/ua.bin"_s));
        QVERIFY(engine.waitFinal(id));
        QCOMPARE(m_server.requests().first().header("user-agent"), Version::userAgent());
        QVERIFY(!m_server.requests().first().hasHeader("cookie"));
    }
    DownloadSettings settings = EngineFixture::testSettings();
    settings.userAgent = "Mozilla/5.0 (X11; Linux x86_64) test";
    EngineFixture engine(settings);
    m_server.clearRecords();
    const DownloadId id = engine.add(m_server.url(u"/ua2.bin"_s));
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(m_server.requests().first().header("user-agent"), QByteArray("Mozilla/5.0 (X11; Linux x86_64) test"));
    // Empty means the default; a line break never reaches the wire.
    settings.userAgent = "evil\r\nX-Injected: 1";
    QCOMPARE(settings.normalized().userAgent, Version::userAgent());
    settings.userAgent.clear();
    QCOMPARE(settings.normalized().userAgent, Version::userAgent());
}

void TestCookies::headlessLoadsCookiesAndUserAgent()
{
    QTemporaryDir out;
    QVERIFY(out.isValid());
    m_server.setResponse(u"/h.bin"_s, FaultResponse::generated(50'000, 3));
    const QString cookies = writeFile(m_dir, u"headless-cookies.txt"_s,
                                      "# Netscape HTTP Cookie File\n#HttpOnly_" + line("127.0.0.1", false, "/", false, future(), "token", "t1")
                                          + line("127.0.0.1", false, "/private", false, "0", "no", "x") + "garbage\n");
    QVERIFY(!cookies.isEmpty());
    m_server.clearRecords();
    HeadlessRun run;
    QVERIFY2(run.run({u"-d"_s, out.path(), u"--load-cookies"_s, cookies, u"-A"_s, u"Agent/1.0 (test)"_s,
                      m_server.url(u"/h.bin"_s).toString()},
                     30s),
             qPrintable(run.describe()));
    QCOMPARE(run.exitCode(), 0);
    // A skipped line is named on stderr, as a duplicate URL is, and is no reason to stop.
    QVERIFY2(run.standardError().contains(QString(cookies + u" line 4: expected 7 tab-separated fields, found 1, skipped"_s).toUtf8()),
             qPrintable(run.describe()));
    const QList<RecordedRequest> requests = m_server.requests(u"/h.bin"_s);
    QVERIFY(!requests.isEmpty());
    for (const RecordedRequest &request : requests) {
        QCOMPARE(request.header("cookie"), QByteArray("token=t1"));
        QCOMPARE(request.header("user-agent"), QByteArray("Agent/1.0 (test)"));
    }
    QCOMPARE(EngineFixture::fileSha256(QDir(out.path()).filePath(u"h.bin"_s)),
             EngineFixture::sha256(FaultServer::generatedBody(50'000, 3)));
}

void TestCookies::headlessRefusesABadCookiesFile()
{
    const QString junk = writeFile(m_dir, u"headless-junk.txt"_s, "not a cookie\n");
    for (const QStringList &arguments : {QStringList{u"--load-cookies"_s, m_dir.filePath(u"absent.txt"_s)},
                                         QStringList{u"--load-cookies"_s, junk}, QStringList{u"--user-agent"_s, u" "_s}}) {
        HeadlessRun run;
        QVERIFY2(run.run(arguments + QStringList{u"-q"_s, m_server.url(u"/never.bin"_s).toString()}, 20s),
                 qPrintable(run.describe()));
        QCOMPARE(run.exitCode(), 2);
        QVERIFY2(run.standardError().contains(arguments.first().toUtf8()), qPrintable(run.describe()));
    }
    QCOMPARE(m_server.requestCount(u"/never.bin"_s), 0);
}

void TestCookies::formatReadsBack()
{
    QNetworkCookie domain("d", "1");
    domain.setDomain(u".example.com"_s);
    domain.setPath(u"/"_s);
    domain.setExpirationDate(QDateTime::fromSecsSinceEpoch(future().toLongLong(), Qt::UTC));
    QNetworkCookie host("h", "two words");
    host.setDomain(u"host.example"_s);
    host.setPath(u"/dir"_s);
    host.setSecure(true);
    host.setHttpOnly(true);
    QNetworkCookie broken("b", "tab\there");  // a line cannot carry it: left out, not written torn
    broken.setDomain(u"host.example"_s);
    const QByteArray text = NetscapeCookies::format({domain, host, broken});
    QVERIFY(text.startsWith("# Netscape HTTP Cookie File\n"));
    QVERIFY2(text.contains("#HttpOnly_host.example\tFALSE\t/dir\tTRUE\t0\th\ttwo words\n"), text.constData());
    const NetscapeCookies::Parsed back = NetscapeCookies::parse(text, QDateTime::currentDateTimeUtc());
    QCOMPARE(back.malformed, 0);
    QCOMPARE(back.cookies.size(), 2);
    QCOMPARE(back.cookies.at(0).toRawForm(), domain.toRawForm());
    QCOMPARE(back.cookies.at(1).toRawForm(), host.toRawForm());
}

void TestCookies::headlessSavesCookies()
{
    QTemporaryDir out;
    QVERIFY(out.isValid());
    FaultResponse login = FaultResponse::ok("welcome");
    login.headers = {{"Set-Cookie", "sid=abc; Path=/; HttpOnly"}};
    m_server.setResponse(u"/save-login"_s, login);
    const QString loaded = writeFile(m_dir, u"save-in.txt"_s, line("127.0.0.1", false, "/", false, future(), "kept", "1"));
    const QString saved = out.filePath(u"jar.txt"_s);
    QVERIFY(writeFile(out, u"jar.txt"_s, "old contents\n") == saved);  // replaced, not appended to
    HeadlessRun run;
    QVERIFY2(run.run({u"-q"_s, u"-d"_s, out.path(), u"--load-cookies"_s, loaded, u"--save-cookies"_s, saved,
                      m_server.url(u"/save-login"_s).toString()},
                     30s),
             qPrintable(run.describe()));
    QCOMPARE(run.exitCode(), 0);
    QCOMPARE(QFileInfo(saved).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther),
             QFileDevice::Permissions());
    const Result<NetscapeCookies::Parsed> back = NetscapeCookies::load(saved);
    QVERIFY2(back, qPrintable(back.problem()));
    QCOMPARE(back->malformed, 0);
    QStringList names;
    for (const QNetworkCookie &cookie : back->cookies)
        names.append(QString::fromLatin1(cookie.name() + '=' + cookie.value()));
    names.sort();
    QCOMPARE(names, (QStringList{u"kept=1"_s, u"sid=abc"_s}));
}

void TestCookies::headlessRefusesASaveCookiesTargetItCannotWrite()
{
    for (const QString &target : {m_dir.filePath(u"no-such-folder/jar.txt"_s), m_dir.path()}) {
        HeadlessRun run;
        QVERIFY2(run.run({u"-q"_s, u"--save-cookies"_s, target, m_server.url(u"/never-saved.bin"_s).toString()}, 20s),
                 qPrintable(run.describe()));
        QCOMPARE(run.exitCode(), 2);
        QVERIFY2(run.standardError().contains("--save-cookies"), qPrintable(run.describe()));
    }
    QCOMPARE(m_server.requestCount(u"/never-saved.bin"_s), 0);
}

QTEST_GUILESS_MAIN(TestCookies)
#include "tst_cookies.moc"
