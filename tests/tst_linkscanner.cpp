#include "intake/linkscanner.h"

#include <QObject>
#include <QStringList>
#include <QTest>

using namespace Qt::StringLiterals;

class TestLinkScanner final : public QObject
{
    Q_OBJECT

private slots:
    void check_data();
    void check();
    void nextLink_data();
    void nextLink();
    void startsWithLink_data();
    void startsWithLink();
    void startsWithHttp_data();
    void startsWithHttp();
};

void TestLinkScanner::check_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("reason");

    QTest::newRow("plain") << u"https://a.example/x"_s << QString();
    QTest::newRow("userinfo") << u"http://user:pw@a.example/x"_s << QString();
    QTest::newRow("IPv6 with port") << u"http://[::1]:8080/x"_s << QString();
    QTest::newRow("IDN host") << u"https://bücher.example/"_s << QString();
    QTest::newRow("ftp") << u"ftp://a.example/x"_s << u"unsupported scheme 'ftp' (only http and https)"_s;
    QTest::newRow("no scheme") << u"a.example/x"_s << u"not an http or https URL"_s;
    QTest::newRow("space") << u"https://a.example/a b"_s << u"URL contains a space (write it as %20)"_s;
    QTest::newRow("no-break space") << u"https://a.example/a\u00A0b"_s << u"URL contains a space (write it as %20)"_s;
    QTest::newRow("control character") << u"https://a.example/\u0001x"_s << u"URL contains a control character"_s;
    QTest::newRow("NUL") << QString(u"https://a.example/x\0y"_s) << u"URL contains a control character"_s;
    QTest::newRow("zero-width in host") << u"https://a\u200Bb.example/"_s
                                        << u"URL contains an invisible character (bidi control or zero-width)"_s;
    QTest::newRow("bidi override in path") << u"https://a.example/\u202Efdp.exe"_s
                                           << u"URL contains an invisible character (bidi control or zero-width)"_s;
    QTest::newRow("escaped zero-width in host") << u"http://a%E2%80%8Bb.example/"_s
                                                << u"invalid URL: invalid hostname (contains invalid characters)"_s;
    QTest::newRow("port out of range") << u"https://a.example:99999/x"_s << u"invalid URL: invalid port or port number out of range"_s;
    QTest::newRow("port 0") << u"https://a.example:0/x"_s << u"URL has port 0"_s;
    QTest::newRow("bad percent escape") << u"https://a.example/a%zz"_s << u"invalid URL: invalid path (character '%' not permitted)"_s;
    QTest::newRow("unbalanced bracket") << u"http://[::1/x"_s << u"invalid URL: expected ']' to match '[' in hostname"_s;
    QTest::newRow("pipe in path") << u"https://a.example/a|b"_s << u"invalid URL: invalid path (character '|' not permitted)"_s;
    QTest::newRow("empty host") << u"http:///x"_s << u"URL has no host"_s;
    QTest::newRow("one slash") << u"http:/x"_s << u"URL has no host"_s;
    QTest::newRow("userinfo without host") << u"http://user@:80/x"_s << u"URL has no host"_s;
    QTest::newRow("too long") << u"https://a.example/"_s + QString(100, u'a') << u"URL too long (118 characters, limit 100)"_s;
}

void TestLinkScanner::check()
{
    QFETCH(QString, url);
    QFETCH(QString, reason);

    const Result<QUrl> parsed = LinkScanner::check(url, 100);
    QCOMPARE(parsed.problem(), reason);
    QCOMPARE(parsed.ok(), reason.isEmpty());
    if (parsed) {
        QVERIFY(parsed->isValid());
        QCOMPARE(*parsed, QUrl(url, QUrl::StrictMode));
    }
}

void TestLinkScanner::nextLink_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("links");  // "+" for http(s), "-" for other schemes

    QTest::newRow("none") << u"no links here: none"_s << QStringList{};
    QTest::newRow("running text") << u"see https://a.example/x.iso, and (https://b.example/y)."_s
                                  << QStringList{u"+https://a.example/x.iso"_s, u"+https://b.example/y"_s};
    QTest::newRow("other schemes") << u"ftp://a/x or mailto:me@a.example; time 10:30"_s
                                   << QStringList{u"-ftp://a/x"_s, u"-mailto:me@a.example"_s};
    QTest::newRow("link inside a link") << u"https://a.example/?to=ftp://b/x"_s << QStringList{u"+https://a.example/?to=ftp://b/x"_s};
    QTest::newRow("lookalike") << u"xhttps://a.example/"_s << QStringList{u"-xhttps://a.example/"_s};
    QTest::newRow("digits before") << u"1.https://a.example/"_s << QStringList{u"+https://a.example/"_s};
    QTest::newRow("balanced brackets") << u"[https://a.example/[1]] {https://a.example/{2}}"_s
                                       << QStringList{u"+https://a.example/[1]"_s, u"+https://a.example/{2}"_s};
    QTest::newRow("backtick and guillemets") << u"`https://a.example/1` «https://a.example/2»"_s
                                             << QStringList{u"+https://a.example/1"_s, u"+https://a.example/2"_s};
}

void TestLinkScanner::nextLink()
{
    QFETCH(QString, text);
    QFETCH(QStringList, links);

    QStringList found;
    for (auto link = LinkScanner::nextLink(text, 0); link; link = LinkScanner::nextLink(text, link->end))
        found.append((link->http ? u"+"_s : u"-"_s) + link->text.toString());
    QCOMPARE(found, links);
}

void TestLinkScanner::startsWithLink_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("link");

    QTest::newRow("https") << u"HTTPS://a.example"_s << true;
    QTest::newRow("ftp") << u"ftp://a.example"_s << true;
    QTest::newRow("javascript") << u"javascript:alert(1)"_s << true;
    QTest::newRow("sentence with colon") << u"Note: read this"_s << false;
    QTest::newRow("scheme alone") << u"http: is a protocol"_s << false;
    QTest::newRow("angle bracket first") << u"<https://a.example>"_s << false;
    QTest::newRow("unknown opaque scheme") << u"foo:bar"_s << false;
}

void TestLinkScanner::startsWithLink()
{
    QFETCH(QString, text);
    QFETCH(bool, link);
    QCOMPARE(LinkScanner::startsWithLink(text), link);
}

void TestLinkScanner::startsWithHttp_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("http");

    QTest::newRow("https") << u"https://a.example"_s << true;
    QTest::newRow("http") << u"http://a.example"_s << true;
    QTest::newRow("mixed case") << u"HtTpS://a.example"_s << true;
    QTest::newRow("prefix only") << u"http://"_s << true;
    QTest::newRow("short") << u"http:/"_s << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("ftp") << u"ftp://a.example"_s << false;
    QTest::newRow("one slash") << u"https:/a.example"_s << false;
    QTest::newRow("leading space") << u" https://a.example"_s << false;
    QTest::newRow("lookalike") << u"xhttps://a.example"_s << false;
    // Case folds as QString::startsWith folds it: U+017F (long s) is an 's', and U+001A is no ':'
    // though 0x1A | 0x20 is.
    QTest::newRow("long s") << u"http\u017F://a.example"_s << true;
    QTest::newRow("long s for the wrong letter") << u"\u017Fttp://a.example"_s << false;
    QTest::newRow("control folded like a colon") << u"http\u001A//a.example"_s << false;
}

void TestLinkScanner::startsWithHttp()
{
    QFETCH(QString, text);
    QFETCH(bool, http);
    QCOMPARE(LinkScanner::startsWithHttp(text), http);
}

QTEST_GUILESS_MAIN(TestLinkScanner)
#include "tst_linkscanner.moc"
