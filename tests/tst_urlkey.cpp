#include "base/urlkey.h"
#include "intake/linkscanner.h"

#include <QObject>
#include <QTest>

using namespace Qt::StringLiterals;

class TestUrlKey final : public QObject
{
    Q_OBJECT

private slots:
    void ownDuplicateKeyMatchesQUrl_data();
    void ownDuplicateKeyMatchesQUrl();
    void equalForTheSameResource_data();
    void equalForTheSameResource();
};

void TestUrlKey::ownDuplicateKeyMatchesQUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("own");

    QTest::newRow("plain") << u"https://a.example/path/file-1.bin"_s << true;
    QTest::newRow("port") << u"http://a.example:8080/x"_s << true;
    QTest::newRow("query and sub-delimiters") << u"http://a.example/!$&'()*+,;=:@[]?a[]=1&b"_s << true;
    QTest::newRow("empty query") << u"http://a.example/x?"_s << true;
    QTest::newRow("upper-case path") << u"http://a.example/X"_s << true;
    QTest::newRow("upper-case host") << u"http://A.example/x"_s << false;
    QTest::newRow("upper-case scheme") << u"HTTP://a.example/x"_s << false;
    QTest::newRow("default port") << u"https://a.example:443/x"_s << false;
    QTest::newRow("port with leading zero") << u"http://a.example:080/x"_s << false;
    QTest::newRow("empty port") << u"http://a.example:/x"_s << false;
    QTest::newRow("empty path") << u"http://a.example"_s << false;
    QTest::newRow("query without path") << u"http://a.example?x/y"_s << false;
    QTest::newRow("fragment") << u"http://a.example/x#y"_s << false;
    QTest::newRow("escape") << u"http://a.example/%7e"_s << false;
    QTest::newRow("IPv4 shorthand") << u"http://127.1/x"_s << false;
    QTest::newRow("IPv6") << u"http://[::1]/x"_s << false;
    QTest::newRow("userinfo") << u"http://u@a.example/x"_s << false;
    QTest::newRow("trailing dot") << u"http://a.example./x"_s << false;
    QTest::newRow("unicode path") << u"http://a.example/ö"_s << false;
}

void TestUrlKey::ownDuplicateKeyMatchesQUrl()
{
    QFETCH(QString, url);
    QFETCH(bool, own);

    const Result<QUrl> parsed = LinkScanner::check(url, 1000);
    QVERIFY2(parsed, qPrintable(parsed.problem()));
    QCOMPARE(UrlKey::isOwnKey(url), own);
    if (own)
        QCOMPARE(UrlKey::of(*parsed), url);
}

void TestUrlKey::equalForTheSameResource_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("same");
    QTest::newRow("fragment") << u"https://a.example/x#one"_s << u"https://a.example/x#two"_s << true;
    QTest::newRow("default http port") << u"http://a.example:80/x"_s << u"http://a.example/x"_s << true;
    QTest::newRow("default https port") << u"https://a.example:443/x"_s << u"https://a.example/x"_s << true;
    QTest::newRow("https on 80") << u"https://a.example:80/x"_s << u"https://a.example/x"_s << false;
    QTest::newRow("empty path") << u"https://a.example"_s << u"https://a.example/"_s << true;
    QTest::newRow("empty path with query") << u"https://a.example?q=1"_s << u"https://a.example/?q=1"_s << true;
    QTest::newRow("case of host and scheme") << u"HTTPS://A.Example/x"_s << u"https://a.example/x"_s << true;
    QTest::newRow("case of path") << u"https://a.example/X"_s << u"https://a.example/x"_s << false;
    QTest::newRow("escaped tilde") << u"https://a.example/%7Eu"_s << u"https://a.example/~u"_s << true;
    QTest::newRow("scheme") << u"http://a.example/x"_s << u"https://a.example/x"_s << false;
}

void TestUrlKey::equalForTheSameResource()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, same);
    QCOMPARE(UrlKey::of(QUrl(a)) == UrlKey::of(QUrl(b)), same);
}

QTEST_GUILESS_MAIN(TestUrlKey)
#include "tst_urlkey.moc"
