#include "intake/urllistparser.h"

#include <QElapsedTimer>
#include <QObject>
#include <QStringList>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QStringList urlsOf(const ParsedUrlList &parsed)
{
    QStringList urls;
    for (const UrlEntry &entry : parsed.entries)
        urls.append(entry.url.toString());
    return urls;
}

QList<int> linesOf(const ParsedUrlList &parsed)
{
    QList<int> lines;
    for (const UrlEntry &entry : parsed.entries)
        lines.append(entry.line);
    return lines;
}

QString describe(const ParsedUrlList &parsed)
{
    QStringList rows;
    for (const RejectedLine &row : parsed.rejected)
        rows.append(u"%1: [%2] %3"_s.arg(row.line).arg(row.text, row.reason));
    return rows.join(u'\n');
}

const QString kSha256Hex = u"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"_s;

} // namespace

class TestUrlListParser final : public QObject
{
    Q_OBJECT

private slots:
    void accepted_data();
    void accepted();
    void rejected_data();
    void rejected();
    void linkAndRejectionOnOneLine();
    void lineNumbersAcrossLineEnds();
    void duplicates_data();
    void duplicates();
    void aria2AllOptions();
    void aria2BadOptions_data();
    void aria2BadOptions();
    void aria2OptionsWithoutEntry_data();
    void aria2OptionsWithoutEntry();
    void aria2OptionsSurviveBlankAndCommentLines();
    void aria2Mirrors();
    void aria2FirstValidMirrorIsTaken();
    void rejectionsStayInInputOrder();
    void rejectedTextIsSafeToShow();
    void entryLimitCollapsesIntoOneRow();
    void entryLimitInALaterBatch();
    void rejectedRowsAreCapped();
    void duplicatesAreCountedNotAllListed();
    void emptyInput();
    void millionLines();
};

void TestUrlListParser::accepted_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QStringList>("urls");
    QTest::addColumn<QList<int>>("lines");

    QTest::newRow("one per line") << u"https://a.example/1\nhttp://b.example/2\n"_s
                                  << QStringList{u"https://a.example/1"_s, u"http://b.example/2"_s} << QList<int>{1, 2};
    QTest::newRow("CRLF") << u"https://a.example/1\r\nhttps://a.example/2\r\n"_s
                          << QStringList{u"https://a.example/1"_s, u"https://a.example/2"_s} << QList<int>{1, 2};
    QTest::newRow("lone CR") << u"https://a.example/1\rhttps://a.example/2"_s
                             << QStringList{u"https://a.example/1"_s, u"https://a.example/2"_s} << QList<int>{1, 2};
    QTest::newRow("BOM") << u"\uFEFFhttps://a.example/1"_s << QStringList{u"https://a.example/1"_s} << QList<int>{1};
    QTest::newRow("uri-list comments") << u"# from a drop\r\nhttps://a.example/1\r\n#x\r\nhttps://a.example/2\r\n"_s
                                       << QStringList{u"https://a.example/1"_s, u"https://a.example/2"_s} << QList<int>{2, 4};
    QTest::newRow("blank lines and indentation") << u"\n   \n\thttps://a.example/1  \n"_s
                                                 << QStringList{u"https://a.example/1"_s} << QList<int>{3};
    QTest::newRow("running text") << u"see https://a.example/x.iso, and (https://b.example/y)."_s
                                  << QStringList{u"https://a.example/x.iso"_s, u"https://b.example/y"_s} << QList<int>{1, 1};
    QTest::newRow("wikipedia parentheses") << u"read https://en.wikipedia.org/wiki/Foo_(bar)."_s
                                           << QStringList{u"https://en.wikipedia.org/wiki/Foo_(bar)"_s} << QList<int>{1};
    QTest::newRow("wikipedia inside parentheses") << u"(see https://en.wikipedia.org/wiki/Foo_(bar))"_s
                                                  << QStringList{u"https://en.wikipedia.org/wiki/Foo_(bar)"_s} << QList<int>{1};
    QTest::newRow("wikipedia line kept whole") << u"https://en.wikipedia.org/wiki/Foo_(bar)"_s
                                               << QStringList{u"https://en.wikipedia.org/wiki/Foo_(bar)"_s} << QList<int>{1};
    QTest::newRow("angle brackets") << u"<https://x.example/a>"_s << QStringList{u"https://x.example/a"_s} << QList<int>{1};
    QTest::newRow("angle brackets in text") << u"Links: <https://x.example/a>, <https://x.example/b>."_s
                                            << QStringList{u"https://x.example/a"_s, u"https://x.example/b"_s} << QList<int>{1, 1};
    QTest::newRow("quotes") << u"href=\"https://x.example/a\" and 'https://x.example/b'"_s
                            << QStringList{u"https://x.example/a"_s, u"https://x.example/b"_s} << QList<int>{1, 1};
    QTest::newRow("markdown link") << u"[file](https://x.example/a.iso) **https://x.example/b**"_s
                                   << QStringList{u"https://x.example/a.iso"_s, u"https://x.example/b"_s} << QList<int>{1, 1};
    QTest::newRow("sentence punctuation") << u"Go to https://x.example/a! Or https://x.example/b? Or https://x.example/c;"_s
                                          << QStringList{u"https://x.example/a"_s, u"https://x.example/b"_s, u"https://x.example/c"_s}
                                          << QList<int>{1, 1, 1};
    QTest::newRow("IPv6 in text") << u"local: http://[::1]:8080/f."_s << QStringList{u"http://[::1]:8080/f"_s} << QList<int>{1};
    QTest::newRow("upper-case scheme and host") << u"HTTPS://X.EXAMPLE/A"_s << QStringList{u"https://x.example/A"_s} << QList<int>{1};
    QTest::newRow("spaces between links") << u"https://a.example/1 https://a.example/2"_s
                                          << QStringList{u"https://a.example/1"_s, u"https://a.example/2"_s} << QList<int>{1, 1};
    QTest::newRow("commas between links") << u"https://a.example/1, https://a.example/2"_s
                                          << QStringList{u"https://a.example/1"_s, u"https://a.example/2"_s} << QList<int>{1, 1};
    QTest::newRow("userinfo") << u"https://user:pw@a.example/f"_s << QStringList{u"https://user:pw@a.example/f"_s} << QList<int>{1};
    QTest::newRow("fragment kept") << u"https://a.example/f#part"_s << QStringList{u"https://a.example/f#part"_s} << QList<int>{1};
    QTest::newRow("unicode path") << u"https://de.wikipedia.org/wiki/Köln"_s
                                  << QStringList{u"https://de.wikipedia.org/wiki/Köln"_s} << QList<int>{1};
    QTest::newRow("numbered list") << u"1.https://a.example/x"_s << QStringList{u"https://a.example/x"_s} << QList<int>{1};
    QTest::newRow("key=value prefix") << u"url=https://a.example/x"_s << QStringList{u"https://a.example/x"_s} << QList<int>{1};
    QTest::newRow("CJK punctuation") << u"下载https://a.example/x.iso，谢谢"_s << QStringList{u"https://a.example/x.iso"_s} << QList<int>{1};
    QTest::newRow("curly quotes") << u"“https://a.example/x”"_s << QStringList{u"https://a.example/x"_s} << QList<int>{1};
    QTest::newRow("many closing brackets") << u"see (http://a.example/x_(y)"_s + QString(50'000, u')')
                                           << QStringList{u"http://a.example/x_(y)"_s} << QList<int>{1};
    QTest::newRow("line taken as given") << u"https://a.example/x."_s << QStringList{u"https://a.example/x."_s} << QList<int>{1};
}

void TestUrlListParser::accepted()
{
    QFETCH(QString, input);
    QFETCH(QStringList, urls);
    QFETCH(QList<int>, lines);

    const ParsedUrlList parsed = UrlListParser::parse(input);
    QVERIFY2(parsed.rejected.isEmpty(), qPrintable(describe(parsed)));
    QVERIFY(parsed.duplicates.isEmpty());
    QCOMPARE(urlsOf(parsed), urls);
    QCOMPARE(linesOf(parsed), lines);
}

void TestUrlListParser::rejected_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reason");

    const QString longPath(70'000, u'a');
    const QString longUrl = u"https://a.example/"_s + QString(20'000, u'b');

    QTest::newRow("ftp") << u"ftp://a.example/x"_s << 1 << u"ftp://a.example/x"_s << u"unsupported scheme 'ftp' (only http and https)"_s;
    QTest::newRow("file") << u"\nfile:///etc/passwd"_s << 2 << u"file:///etc/passwd"_s << u"unsupported scheme 'file' (only http and https)"_s;
    QTest::newRow("javascript") << u"JavaScript:alert(1)"_s << 1 << u"JavaScript:alert(1)"_s
                                << u"unsupported scheme 'javascript' (only http and https)"_s;
    QTest::newRow("data") << u"data:text/html,<b>x</b>"_s << 1 << u"data:text/html,<b>x</b>"_s
                          << u"unsupported scheme 'data' (only http and https)"_s;
    QTest::newRow("mailto in text") << u"write to mailto:a@b.example please"_s << 1 << u"mailto:a@b.example"_s
                                    << u"unsupported scheme 'mailto' (only http and https)"_s;
    QTest::newRow("ftp in text") << u"mirror: ftp://a.example/x"_s << 1 << u"ftp://a.example/x"_s
                                 << u"unsupported scheme 'ftp' (only http and https)"_s;
    QTest::newRow("lookalike scheme") << u"xhttps://a.example/"_s << 1 << u"xhttps://a.example/"_s
                                      << u"unsupported scheme 'xhttps' (only http and https)"_s;
    QTest::newRow("no URL") << u"  hello world  "_s << 1 << u"hello world"_s << u"no http or https URL on this line"_s;
    QTest::newRow("scheme word only") << u"the http: protocol"_s << 1 << u"the http: protocol"_s << u"no http or https URL on this line"_s;
    QTest::newRow("bare host") << u"a.example/file.iso"_s << 1 << u"a.example/file.iso"_s << u"no http or https URL on this line"_s;
    QTest::newRow("space") << u"https://a.example/my file.iso"_s << 1 << u"https://a.example/my file.iso"_s
                           << u"URL contains a space (write it as %20)"_s;
    QTest::newRow("port 0") << u"https://a.example:0/x"_s << 1 << u"https://a.example:0/x"_s << u"URL has port 0"_s;
    QTest::newRow("empty host, three slashes") << u"http:///x"_s << 1 << u"http:///x"_s << u"URL has no host"_s;
    QTest::newRow("empty host, one slash") << u"http:/x"_s << 1 << u"http:/x"_s << u"URL has no host"_s;
    QTest::newRow("zero-width in host") << u"https://a\u200Bb.example/"_s << 1 << u"https://a\uFFFDb.example/"_s
                                        << u"URL contains an invisible character (bidi control or zero-width)"_s;
    QTest::newRow("line too long") << u"https://a.example/"_s + longPath << 1 << u"https://a.example/"_s + QString(182, u'a') + u"…"_s
                                   << u"line too long (70018 characters, limit 65536)"_s;
    QTest::newRow("URL too long") << longUrl << 1 << longUrl.left(200) + u"…"_s << u"URL too long (20018 characters, limit 16384)"_s;
}

void TestUrlListParser::rejected()
{
    QFETCH(QString, input);
    QFETCH(int, line);
    QFETCH(QString, text);
    QFETCH(QString, reason);

    const ParsedUrlList parsed = UrlListParser::parse(input);
    QVERIFY2(parsed.entries.isEmpty(), qPrintable(urlsOf(parsed).join(u' ')));
    QCOMPARE(parsed.rejected.size(), 1);
    QCOMPARE(parsed.rejected.first().line, line);
    QCOMPARE(parsed.rejected.first().text, text);
    QCOMPARE(parsed.rejected.first().reason, reason);
}

void TestUrlListParser::linkAndRejectionOnOneLine()
{
    const ParsedUrlList parsed = UrlListParser::parse(u"get https://a.example/x or ftp://b.example/y"_s);
    QCOMPARE(urlsOf(parsed), QStringList{u"https://a.example/x"_s});
    QCOMPARE(parsed.rejected.size(), 1);
    QCOMPARE(parsed.rejected.first().text, u"ftp://b.example/y"_s);
    QCOMPARE(parsed.rejected.first().reason, u"unsupported scheme 'ftp' (only http and https)"_s);
}

void TestUrlListParser::lineNumbersAcrossLineEnds()
{
    // 1 junk, 2 empty (CRLF), 3 url (lone CR), 4 comment, 5 empty, 6 duplicate of 3, 7 url.
    const ParsedUrlList parsed = UrlListParser::parse(
        u"junk\r\n\r\nhttps://a.example/1\r# note\n\nhttps://A.example/1#again\r\nhttps://a.example/2"_s);
    QCOMPARE(urlsOf(parsed), (QStringList{u"https://a.example/1"_s, u"https://a.example/2"_s}));
    QCOMPARE(linesOf(parsed), (QList<int>{3, 7}));
    QCOMPARE(parsed.rejected.size(), 1);
    QCOMPARE(parsed.rejected.first().line, 1);
    QCOMPARE(parsed.duplicates.size(), 1);
    QCOMPARE(parsed.duplicates.first().line, 6);
    QCOMPARE(parsed.duplicates.first().firstLine, 3);
    QCOMPARE(parsed.duplicates.first().url.toString(), u"https://a.example/1#again"_s);
}

void TestUrlListParser::duplicates_data()
{
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("second");
    QTest::addColumn<bool>("duplicate");

    QTest::newRow("identical") << u"https://a.example/x"_s << u"https://a.example/x"_s << true;
    QTest::newRow("fragment") << u"https://a.example/x#one"_s << u"https://a.example/x#two"_s << true;
    QTest::newRow("host case") << u"https://A.Example/x"_s << u"https://a.example/x"_s << true;
    QTest::newRow("scheme case") << u"HTTPS://a.example/x"_s << u"https://a.example/x"_s << true;
    QTest::newRow("default port https") << u"https://a.example:443/x"_s << u"https://a.example/x"_s << true;
    QTest::newRow("default port http") << u"http://a.example:80/x"_s << u"http://a.example/x"_s << true;
    QTest::newRow("tilde escape") << u"https://a.example/%7Euser"_s << u"https://a.example/~user"_s << true;
    QTest::newRow("empty path") << u"https://a.example"_s << u"https://a.example/"_s << true;
    QTest::newRow("empty path with query") << u"https://a.example?q=1"_s << u"https://a.example/?q=1"_s << true;
    QTest::newRow("IPv4 shorthand") << u"http://127.1/x"_s << u"http://127.0.0.1/x"_s << true;
    QTest::newRow("port with leading zero") << u"http://a.example:080/x"_s << u"http://a.example/x"_s << true;
    QTest::newRow("empty port") << u"http://a.example:/x"_s << u"http://a.example/x"_s << true;
    QTest::newRow("IDN and punycode") << u"http://bücher.example/x"_s << u"http://xn--bcher-kva.example/x"_s << true;
    QTest::newRow("escape case") << u"http://a.example/%e4"_s << u"http://a.example/%E4"_s << true;
    QTest::newRow("encoded slash") << u"http://a.example/a%2Fb"_s << u"http://a.example/a/b"_s << false;
    QTest::newRow("trailing dot in host") << u"http://a.example./x"_s << u"http://a.example/x"_s << false;
    QTest::newRow("sub-delimiters in path and query") << u"http://a.example/!$&'()*+,;=:@[]?a[]=1&b=%20"_s
                                                      << u"http://a.example/!$&'()*+,;=:@[]?a[]=1&b=%20"_s << true;
    QTest::newRow("empty query") << u"http://a.example/x?"_s << u"http://a.example/x?"_s << true;
    QTest::newRow("http vs https") << u"http://a.example/x"_s << u"https://a.example/x"_s << false;
    QTest::newRow("port 443 on http") << u"http://a.example:443/x"_s << u"http://a.example/x"_s << false;
    QTest::newRow("other userinfo") << u"https://u1@a.example/x"_s << u"https://u2@a.example/x"_s << false;
    QTest::newRow("query differs") << u"https://a.example/x?1"_s << u"https://a.example/x?2"_s << false;
    QTest::newRow("path case") << u"https://a.example/X"_s << u"https://a.example/x"_s << false;
}

void TestUrlListParser::duplicates()
{
    QFETCH(QString, first);
    QFETCH(QString, second);
    QFETCH(bool, duplicate);

    const ParsedUrlList parsed = UrlListParser::parse(QString(first + u"\n"_s + second));
    QVERIFY2(parsed.rejected.isEmpty(), qPrintable(describe(parsed)));
    QCOMPARE(parsed.entries.size(), duplicate ? 1 : 2);
    QCOMPARE(parsed.duplicates.size(), duplicate ? 1 : 0);
    if (duplicate) {
        QCOMPARE(parsed.entries.first().url, QUrl(first, QUrl::StrictMode));
        QCOMPARE(parsed.duplicates.first().line, 2);
        QCOMPARE(parsed.duplicates.first().firstLine, 1);
        QCOMPARE(parsed.duplicates.first().url, QUrl(second, QUrl::StrictMode));
    }
}

void TestUrlListParser::aria2AllOptions()
{
    const QString input = u"https://a.example/file.iso\n"
                          "  out=renamed.iso\n"
                          "  dir=downloads/isos\n"
                          "\tchecksum=sha-256="_s + kSha256Hex + u"\n"
                          "  header=Authorization: Bearer abc\n"
                          "  header=X-Trace:   t1  \n"
                          "https://b.example/other\n"_s;
    const ParsedUrlList parsed = UrlListParser::parse(input);
    QVERIFY2(parsed.rejected.isEmpty(), qPrintable(describe(parsed)));
    QCOMPARE(parsed.entries.size(), 2);

    const UrlEntry &first = parsed.entries.at(0);
    QCOMPARE(first.url.toString(), u"https://a.example/file.iso"_s);
    QCOMPARE(first.line, 1);
    QCOMPARE(first.outName, u"renamed.iso"_s);
    QCOMPARE(first.dir, u"downloads/isos"_s);
    QVERIFY(first.checksum.has_value());
    QCOMPARE(first.checksum->algorithm, QCryptographicHash::Sha256);
    QCOMPARE(first.checksum->expectedHex(), kSha256Hex);
    using Header = QPair<QByteArray, QByteArray>;
    QCOMPARE(first.headers, (QList<Header>{{"Authorization", "Bearer abc"}, {"X-Trace", "t1"}}));

    const UrlEntry &second = parsed.entries.at(1);
    QCOMPARE(second.line, 7);
    QVERIFY(second.outName.isEmpty());
    QVERIFY(second.dir.isEmpty());
    QVERIFY(!second.checksum.has_value());
    QVERIFY(second.headers.isEmpty());
}

void TestUrlListParser::aria2BadOptions_data()
{
    // Every option and value rule is covered in tst_aria2options; here: row, line and entry kept.
    QTest::addColumn<QString>("options");
    QTest::addColumn<QString>("reason");

    QTest::newRow("out with slash") << u"  out=../etc/passwd"_s << u"out must be a file name, not a path (it contains '/')"_s;
    QTest::newRow("short checksum") << u"  checksum=sha-256=abc"_s << u"invalid checksum: sha-256 checksum needs 64 hex digits, got 3"_s;
    QTest::newRow("engine header") << u"  header=range: bytes=0-"_s << u"header 'range' is set by Gather and cannot be overridden"_s;
    QTest::newRow("unknown option") << u"  max-connection-per-server=4"_s << u"unknown option 'max-connection-per-server' (ignored)"_s;
    QTest::newRow("repeated out") << u"\t# note\n  out=a.iso\n\n  out=b.iso"_s << u"option 'out' given twice; keeping the first"_s;
}

void TestUrlListParser::aria2BadOptions()
{
    QFETCH(QString, options);
    QFETCH(QString, reason);

    const ParsedUrlList parsed = UrlListParser::parse(QString(u"https://a.example/f\n"_s + options));
    QCOMPARE(parsed.entries.size(), 1);
    QCOMPARE(parsed.rejected.size(), 1);
    QCOMPARE(parsed.rejected.first().reason, reason);
    QCOMPARE(parsed.rejected.first().line, int(options.count(u'\n')) + 2);
    const UrlEntry &entry = parsed.entries.first();
    QCOMPARE(entry.url.toString(), u"https://a.example/f"_s);
    QVERIFY(entry.outName.isEmpty() || entry.outName == u"a.iso"_s);
    QVERIFY(entry.dir.isEmpty());
    QVERIFY(!entry.checksum.has_value());
    QVERIFY(entry.headers.isEmpty());
}

void TestUrlListParser::aria2OptionsWithoutEntry_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("reason");

    QTest::newRow("at the start") << u"  out=x.iso\nhttps://a.example/f"_s << 1 << u"option line without a URL line before it"_s;
    QTest::newRow("after a rejected line") << u"https://a.example/f\nftp://b.example/g\n  out=x.iso"_s << 3
                                           << u"option line without a URL line before it"_s;
    QTest::newRow("after a duplicate") << u"https://a.example/f\nhttps://a.example/f\n  out=x.iso"_s << 3
                                       << u"option for a duplicate URL (ignored)"_s;
    QTest::newRow("after several links") << u"https://a.example/f https://a.example/g\n  out=x.iso"_s << 2
                                         << u"option after a line with several URLs (ignored)"_s;
    QTest::newRow("not indented") << u"https://a.example/f\nout=x.iso"_s << 2 << u"no http or https URL on this line"_s;
}

void TestUrlListParser::aria2OptionsWithoutEntry()
{
    QFETCH(QString, input);
    QFETCH(int, line);
    QFETCH(QString, reason);

    const ParsedUrlList parsed = UrlListParser::parse(input);
    QVERIFY(!parsed.entries.isEmpty());
    for (const UrlEntry &entry : parsed.entries)
        QVERIFY(entry.outName.isEmpty());
    QCOMPARE(parsed.rejected.last().line, line);
    QCOMPARE(parsed.rejected.last().text, u"out=x.iso"_s);
    QCOMPARE(parsed.rejected.last().reason, reason);
}

void TestUrlListParser::aria2OptionsSurviveBlankAndCommentLines()
{
    const ParsedUrlList parsed = UrlListParser::parse(u"https://a.example/f\n\n# note\n  out=x.iso\nhttps://b.example/g\n"_s);
    QVERIFY2(parsed.rejected.isEmpty(), qPrintable(describe(parsed)));
    QCOMPARE(parsed.entries.size(), 2);
    QCOMPARE(parsed.entries.at(0).outName, u"x.iso"_s);
    QVERIFY(parsed.entries.at(1).outName.isEmpty());
}

void TestUrlListParser::aria2Mirrors()
{
    const ParsedUrlList parsed = UrlListParser::parse(
        u"https://a.example/f\thttps://b.example/f\t\thttps://c.example/f\n  out=f.iso\n"_s);
    QCOMPARE(urlsOf(parsed), QStringList{u"https://a.example/f"_s});
    QCOMPARE(parsed.entries.first().outName, u"f.iso"_s);
    QCOMPARE(parsed.rejected.size(), 2);
    QCOMPARE(parsed.rejected.at(0).text, u"https://b.example/f"_s);
    QCOMPARE(parsed.rejected.at(1).text, u"https://c.example/f"_s);
    for (const RejectedLine &row : parsed.rejected) {
        QCOMPARE(row.line, 1);
        QCOMPARE(row.reason, u"mirror URIs are not supported; using the first"_s);
    }
}

void TestUrlListParser::aria2FirstValidMirrorIsTaken()
{
    const ParsedUrlList parsed = UrlListParser::parse(u"ftp://a.example/f\thttps://b.example/f\tnot-a-url\n  out=f.iso"_s);
    QCOMPARE(urlsOf(parsed), QStringList{u"https://b.example/f"_s});
    QCOMPARE(parsed.entries.first().outName, u"f.iso"_s);
    QCOMPARE(parsed.rejected.size(), 2);
    QCOMPARE(parsed.rejected.at(0).reason, u"unsupported scheme 'ftp' (only http and https)"_s);
    QCOMPARE(parsed.rejected.at(1).text, u"not-a-url"_s);
    QCOMPARE(parsed.rejected.at(1).reason, u"not an http or https URL"_s);
}

void TestUrlListParser::rejectionsStayInInputOrder()
{
    // Lines that are one URL are handled in batches; everything else goes one by one.
    const ParsedUrlList parsed = UrlListParser::parse(
        u"https://a.example:99999/1\njunk\nhttps://a.example/2\nhttps://a.example:0/3\nftp://a.example/4\nhttps://a.example/2"_s);
    QList<int> lines;
    for (const RejectedLine &row : parsed.rejected)
        lines.append(row.line);
    QCOMPARE(lines, (QList<int>{1, 2, 4, 5}));
    QCOMPARE(urlsOf(parsed), QStringList{u"https://a.example/2"_s});
    QCOMPARE(parsed.duplicates.size(), 1);
    QCOMPARE(parsed.duplicates.first().line, 6);
}

void TestUrlListParser::rejectedTextIsSafeToShow()
{
    const ParsedUrlList parsed = UrlListParser::parse(QString(u"hello \u202Eworld\u0007 "_s + QString(300, u'z')));
    QCOMPARE(parsed.rejected.size(), 1);
    QCOMPARE(parsed.rejected.first().text, u"hello \uFFFDworld\uFFFD "_s + QString(186, u'z') + u"…"_s);
}

void TestUrlListParser::entryLimitCollapsesIntoOneRow()
{
    QString input;
    for (int i = 1; i <= 8; ++i)
        input += u"https://a.example/%1\n"_s.arg(i);
    input += u"https://a.example/1\n\n# comment\njunk\n  out=x\n"_s;

    const ParsedUrlList exact = UrlListParser::parse(input, 9);
    QCOMPARE(exact.entries.size(), 8);
    QCOMPARE(exact.duplicates.size(), 1);
    QCOMPARE(exact.duplicateCount, 1);

    // A repeated URL is a URL line too: it counts toward the limit.
    const ParsedUrlList repeatedAtLimit = UrlListParser::parse(input, 8);
    QCOMPARE(repeatedAtLimit.entries.size(), 8);
    QCOMPARE(repeatedAtLimit.duplicateCount, 0);
    QCOMPARE(repeatedAtLimit.rejected.first().line, 9);

    const ParsedUrlList parsed = UrlListParser::parse(input, 5);
    QCOMPARE(parsed.entries.size(), 5);
    QCOMPARE(parsed.entries.last().url.toString(), u"https://a.example/5"_s);
    QVERIFY(parsed.duplicates.isEmpty());
    QCOMPARE(parsed.rejected.size(), 1);
    QCOMPARE(parsed.rejected.first().line, 6);
    QCOMPARE(parsed.rejected.first().text, u"https://a.example/6"_s);
    // Lines 6, 7, 8, 9 (a duplicate), "junk" and the option; not the blank line or the comment.
    QCOMPARE(parsed.rejected.first().reason, u"list too long (limit 5); 6 lines from here on skipped"_s);
}

void TestUrlListParser::duplicatesAreCountedNotAllListed()
{
    // One URL 200,000 times: every repeat is counted, the first kMaxDuplicateRows are listed
    // (the rest would hold a copy of the URL each: 228 MB before this bound).
    constexpr int kLines = 200'000;
    QString input;
    input.reserve(kLines * 26);
    for (int i = 0; i < kLines; ++i)
        input += u"https://a.example/same.iso\n"_s;
    const ParsedUrlList parsed = UrlListParser::parse(input);
    QCOMPARE(parsed.entries.size(), 1);
    QCOMPARE(parsed.duplicateCount, kLines - 1);
    QCOMPARE(parsed.duplicates.size(), UrlListParser::kMaxDuplicateRows);
    QCOMPARE(parsed.duplicates.last().line, int(UrlListParser::kMaxDuplicateRows) + 1);
    QVERIFY(parsed.rejected.isEmpty());
}

void TestUrlListParser::entryLimitInALaterBatch()
{
    QString input;
    for (int i = 1; i <= 300; ++i)
        input += u"https://a.example/%1\n"_s.arg(i);

    const ParsedUrlList parsed = UrlListParser::parse(input, 200);
    QCOMPARE(parsed.entries.size(), 200);
    QCOMPARE(parsed.entries.last().url.toString(), u"https://a.example/200"_s);
    QCOMPARE(parsed.entries.last().line, 200);
    QCOMPARE(parsed.rejected.size(), 1);
    QCOMPARE(parsed.rejected.first().line, 201);
    QCOMPARE(parsed.rejected.first().reason, u"list too long (limit 200); 100 lines from here on skipped"_s);
}

void TestUrlListParser::rejectedRowsAreCapped()
{
    QString input;
    for (int i = 0; i < 10'050; ++i)
        input += u"junk\n"_s;
    input += u"https://a.example/kept\n"_s;

    const ParsedUrlList parsed = UrlListParser::parse(input);
    QCOMPARE(urlsOf(parsed), QStringList{u"https://a.example/kept"_s});
    QCOMPARE(parsed.rejected.size(), 10'001);
    QCOMPARE(parsed.rejected.at(9'999).line, 10'000);
    QCOMPARE(parsed.rejected.last().line, 10'001);
    QCOMPARE(parsed.rejected.last().reason, u"50 more rejected lines from here on are not listed"_s);
}

void TestUrlListParser::emptyInput()
{
    for (const QString &input : {QString(), u"\uFEFF"_s, u"\n\r\n\r"_s, u"# only a comment"_s}) {
        const ParsedUrlList parsed = UrlListParser::parse(input);
        QVERIFY(parsed.entries.isEmpty());
        QVERIFY(parsed.rejected.isEmpty());
        QVERIFY(parsed.duplicates.isEmpty());
    }
}

void TestUrlListParser::millionLines()
{
    // One line past the real limit, so the default kMaxEntries is exercised too.
    const int lines = int(UrlListParser::kMaxEntries) + 1;
    QString input;
    input.reserve(qsizetype(lines) * 48);
    for (int i = 0; i < lines; ++i)
        input += u"https://host.example/path/file-"_s + QString::number(i) + u".bin\n"_s;

    QElapsedTimer timer;
    timer.start();
    const ParsedUrlList parsed = UrlListParser::parse(input);
    qInfo("parsed %d lines in %lld ms", lines, timer.elapsed());

    QCOMPARE(parsed.entries.size(), UrlListParser::kMaxEntries);
    QCOMPARE(parsed.entries.at(123'456).url.toString(), u"https://host.example/path/file-123456.bin"_s);
    QCOMPARE(parsed.entries.at(123'456).line, 123'457);
    QVERIFY(parsed.duplicates.isEmpty());
    QCOMPARE(parsed.rejected.size(), 1);
    QCOMPARE(parsed.rejected.first().line, lines);
    QCOMPARE(parsed.rejected.first().reason, u"list too long (limit 1000000); 1 line from here on skipped"_s);
}

QTEST_GUILESS_MAIN(TestUrlListParser)
#include "tst_urllistparser.moc"
