#include "base/urlkey.h"
#include "intake/linkscanner.h"
#include "intake/plainurlparser.h"

#include <QObject>
#include <QStringList>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kMaxLength = 1000;

// What the fast path must reproduce: LinkScanner::check's verdict and QUrl.
void compareWithCheck(PlainUrlParser &plain, const QString &url)
{
    const std::optional<QUrl> parsed = plain.parse(url, kMaxLength);
    const Result<QUrl> checked = LinkScanner::check(url, kMaxLength);
    if (!parsed)
        return;
    QVERIFY2(checked, qPrintable(url + u": "_s + checked.problem()));
    const QUrl &fast = *parsed;
    const QUrl &slow = *checked;
    QCOMPARE(fast, slow);
    QCOMPARE(fast.toString(QUrl::FullyEncoded), slow.toString(QUrl::FullyEncoded));
    QCOMPARE(fast.toString(), slow.toString());
    QCOMPARE(fast.port(), slow.port());
    QCOMPARE(fast.hasQuery(), slow.hasQuery());
    QCOMPARE(UrlKey::of(fast), UrlKey::of(slow));
}

} // namespace

class TestPlainUrlParser final : public QObject
{
    Q_OBJECT

private slots:
    void sameAsCheck_data();
    void sameAsCheck();
    void everyPrintableCharacter_data();
    void everyPrintableCharacter();
    void originChangesAndReturns();
    void earlierResultsStayIntact();
    void tooLong();
};

void TestPlainUrlParser::sameAsCheck_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("plain");

    QTest::newRow("https") << u"https://host.example/path/file-1.bin"_s << true;
    QTest::newRow("http") << u"http://host.example/x"_s << true;
    QTest::newRow("no path") << u"https://host.example"_s << true;
    QTest::newRow("root") << u"https://host.example/"_s << true;
    QTest::newRow("double slash path") << u"https://host.example//x//y"_s << true;
    QTest::newRow("dot segments kept") << u"https://host.example/a/../b/./c"_s << true;
    QTest::newRow("port") << u"http://host.example:8080/x"_s << true;
    QTest::newRow("default port") << u"https://host.example:443/x"_s << true;
    QTest::newRow("port with leading zero") << u"http://host.example:080/x"_s << true;
    QTest::newRow("empty port") << u"http://host.example:/x"_s << true;
    QTest::newRow("IPv4") << u"http://127.0.0.1/x"_s << true;
    QTest::newRow("IPv4 shorthand") << u"http://127.1/x"_s << true;
    QTest::newRow("punycode") << u"http://xn--bcher-kva.example/x"_s << true;
    QTest::newRow("single label") << u"http://localhost/x"_s << true;
    QTest::newRow("query") << u"https://host.example/x?a=1&b=2/3?4"_s << true;
    QTest::newRow("empty query") << u"https://host.example/x?"_s << true;
    QTest::newRow("sub-delimiters") << u"http://host.example/!$&'()*+,;=:@[]?a[]=1"_s << true;
    QTest::newRow("upper-case path") << u"https://host.example/FILE.ISO"_s << true;

    // Not plain: only LinkScanner::check can tell; the parser must decline, whatever check says.
    QTest::newRow("upper-case scheme") << u"HTTPS://host.example/x"_s << false;
    QTest::newRow("upper-case host") << u"https://Host.example/x"_s << false;
    QTest::newRow("ftp") << u"ftp://host.example/x"_s << false;
    QTest::newRow("userinfo") << u"https://u:p@host.example/x"_s << false;
    QTest::newRow("IPv6") << u"http://[::1]/x"_s << false;
    QTest::newRow("underscore in host") << u"http://a_b.example/x"_s << false;
    QTest::newRow("query without path") << u"https://host.example?x"_s << false;
    QTest::newRow("fragment") << u"https://host.example/x#y"_s << false;
    QTest::newRow("escape") << u"https://host.example/%7Ex"_s << false;
    QTest::newRow("bad escape") << u"https://host.example/%zz"_s << false;
    QTest::newRow("pipe") << u"https://host.example/a|b"_s << false;
    QTest::newRow("space") << u"https://host.example/a b"_s << false;
    QTest::newRow("unicode path") << u"https://host.example/Köln"_s << false;
    QTest::newRow("unicode host") << u"https://bücher.example/x"_s << false;
    QTest::newRow("zero-width") << u"https://host.example/a\u200Bb"_s << false;
    QTest::newRow("port 0") << u"https://host.example:0/x"_s << false;
    QTest::newRow("port out of range") << u"https://host.example:99999/x"_s << false;
    QTest::newRow("two ports") << u"https://host.example:1:2/x"_s << false;
    QTest::newRow("no host") << u"http:///x"_s << false;
    QTest::newRow("empty label") << u"http://a..b/x"_s << false;
    QTest::newRow("leading hyphen") << u"http://-a.example/x"_s << false;
    QTest::newRow("label too long") << u"http://"_s + QString(64, u'a') + u".example/x"_s << false;
    QTest::newRow("one slash") << u"http:/host.example/x"_s << false;
}

void TestPlainUrlParser::sameAsCheck()
{
    QFETCH(QString, url);
    QFETCH(bool, plain);

    PlainUrlParser parser;
    QCOMPARE(parser.parse(url, kMaxLength).has_value(), plain);
    compareWithCheck(parser, url);
}

void TestPlainUrlParser::everyPrintableCharacter_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<int>("minimumPlain");  // if fewer take the fast path, the comparison proves little

    QTest::newRow("path") << u"https://host.example/a"_s << u"b"_s << 80;
    QTest::newRow("path end") << u"https://host.example/a"_s << QString() << 80;
    QTest::newRow("query") << u"https://host.example/a?x"_s << u"y"_s << 80;
    QTest::newRow("authority") << u"https://host"_s << u"example/x"_s << 35;
}

void TestPlainUrlParser::everyPrintableCharacter()
{
    QFETCH(QString, prefix);
    QFETCH(QString, suffix);
    QFETCH(int, minimumPlain);

    PlainUrlParser parser;
    int plain = 0;
    for (char16_t c = 0x20; c <= 0x7F; ++c) {
        const QString url = prefix + QChar(c) + suffix;
        compareWithCheck(parser, url);
        if (QTest::currentTestFailed())
            QFAIL(qPrintable(u"with character U+%1"_s.arg(int(c), 4, 16, QChar(u'0'))));
        plain += parser.parse(url, kMaxLength) ? 1 : 0;
    }
    QVERIFY2(plain >= minimumPlain, qPrintable(QString::number(plain)));
}

void TestPlainUrlParser::originChangesAndReturns()
{
    const QStringList urls{
        u"https://a.example/1"_s, u"https://a.example/2?q"_s, u"http://a.example/3"_s, u"https://a.example:8443/4"_s,
        u"https://a.example/5"_s, u"https://a..b/6"_s, u"https://a.example/7"_s, u"https://b.example"_s,
        u"https://127.1/8"_s, u"https://a.example/9"_s,
    };
    PlainUrlParser parser;
    for (int round = 0; round < 2; ++round) {
        for (const QString &url : urls)
            compareWithCheck(parser, url);
    }
}

void TestPlainUrlParser::earlierResultsStayIntact()
{
    PlainUrlParser parser;
    const std::optional<QUrl> first = parser.parse(u"https://a.example/1?x"_s, kMaxLength);
    const std::optional<QUrl> bare = parser.parse(u"https://a.example"_s, kMaxLength);
    std::optional<QUrl> second = parser.parse(u"https://a.example/2"_s, kMaxLength);
    QVERIFY(first && bare && second);
    second = parser.parse(u"https://b.example/3"_s, kMaxLength);
    QVERIFY(second);
    QCOMPARE(first->toString(), u"https://a.example/1?x"_s);
    QCOMPARE(bare->toString(), u"https://a.example"_s);
    QCOMPARE(second->toString(), u"https://b.example/3"_s);
}

void TestPlainUrlParser::tooLong()
{
    PlainUrlParser parser;
    QVERIFY(!parser.parse(QString(u"https://a.example/"_s + QString(100, u'a')), 100));
}

QTEST_GUILESS_MAIN(TestPlainUrlParser)
#include "tst_plainurlparser.moc"
