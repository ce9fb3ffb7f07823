#include "intake/htmllinks.h"
#include "intake/mimeurls.h"

#include <QElapsedTimer>
#include <QMimeData>
#include <QObject>
#include <QStringEncoder>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// One drop: each format's bytes, or a null array when the format is absent.
struct Formats {
    QByteArray uriList;
    QByteArray mozUrl;
    QByteArray html;
    QByteArray plain;
};

void fill(QMimeData &mime, const Formats &formats)
{
    if (!formats.uriList.isNull())
        mime.setData(u"text/uri-list"_s, formats.uriList);
    if (!formats.mozUrl.isNull())
        mime.setData(u"text/x-moz-url"_s, formats.mozUrl);
    if (!formats.html.isNull())
        mime.setData(u"text/html"_s, formats.html);
    if (!formats.plain.isNull())
        mime.setData(u"text/plain"_s, formats.plain);
}

QByteArray utf16(const QString &text, QStringConverter::Encoding encoding = QStringConverter::Utf16LE, bool bom = false)
{
    QStringEncoder encoder(encoding, bom ? QStringConverter::Flag::WriteBom : QStringConverter::Flag::Default);
    return encoder(text);
}

// A null array stands for an absent format; this one is present even when empty.
QByteArray present(const char *bytes)
{
    return QByteArray(bytes, qsizetype(qstrlen(bytes)));
}

} // namespace

Q_DECLARE_METATYPE(Formats)

class TestMimeUrls final : public QObject
{
    Q_OBJECT

private slots:
    void extract_data();
    void extract();
    void urlsSetByQt();
    void decodeEntities_data();
    void decodeEntities();
    void hostileHtmlIsLinear_data();
    void hostileHtmlIsLinear();
};

void TestMimeUrls::extract_data()
{
    QTest::addColumn<Formats>("formats");
    QTest::addColumn<bool>("acceptable");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("files");

    // text/uri-list
    QTest::newRow("uri-list lines")
        << Formats{present("https://a.example/1\r\nhttps://a.example/2\r\n"), {}, {}, {}} << true
        << u"https://a.example/1\nhttps://a.example/2"_s << QStringList();
    QTest::newRow("uri-list comments and blank lines")
        << Formats{present("# from a test\r\nhttps://a.example/1\r\n\r\n  # indented comment\r\nftp://b.example/2\r\n"), {}, {}, {}}
        << true << u"https://a.example/1\nftp://b.example/2"_s << QStringList();
    QTest::newRow("uri-list file urls become files")
        << Formats{present("file:///home/user/lists/one%20two.txt\r\nhttps://a.example/1\r\nfile://localhost/home/user/b.lst\r\n"), {}, {}, {}}
        << true << u"https://a.example/1"_s << QStringList{u"/home/user/lists/one two.txt"_s, u"/home/user/b.lst"_s};
    QTest::newRow("uri-list file url of another host stays text")
        << Formats{present("file://server/share/a.txt\r\n"), {}, {}, {}} << true
        << u"file://server/share/a.txt"_s << QStringList();
    QTest::newRow("uri-list only comments")
        << Formats{present("# nothing\r\n#\r\n"), {}, {}, {}} << false << QString() << QStringList();
    QTest::newRow("uri-list files win over plain paths")
        << Formats{present("file:///home/user/urls.txt\r\n"), {}, {}, present("/home/user/urls.txt")} << true
        << QString() << QStringList{u"/home/user/urls.txt"_s};

    // Browsers offer one link in every format at once.
    QTest::newRow("firefox link drag")
        << Formats{present("https://a.example/x?q=1&r=2"),
                   utf16(u"https://a.example/x?q=1&r=2\nThe title"_s),
                   present("<a href=\"https://a.example/x?q=1&amp;r=2\">The title</a>"),
                   present("https://a.example/x?q=1&r=2")}
        << true << u"https://a.example/x?q=1&r=2"_s << QStringList();
    QTest::newRow("firefox tabs drag")
        << Formats{QByteArray(), utf16(u"https://a.example/1\nOne\nhttps://a.example/2\nTwo"_s), QByteArray(),
                   present("https://a.example/1\nhttps://a.example/2")}
        << true << u"https://a.example/1\nhttps://a.example/2"_s << QStringList();
    QTest::newRow("chrome link drag")
        << Formats{present("https://a.example/c"), QByteArray(),
                   present("<meta charset='utf-8'><a href=\"https://a.example/c\">c</a>"), present("https://a.example/c")}
        << true << u"https://a.example/c"_s << QStringList();

    // text/x-moz-url
    QTest::newRow("x-moz-url utf-16le")
        << Formats{{}, utf16(u"https://a.example/1\nOne\nhttps://a.example/2\nTwo\n"_s), {}, {}} << true
        << u"https://a.example/1\nhttps://a.example/2"_s << QStringList();
    QTest::newRow("x-moz-url utf-16be with bom")
        << Formats{{}, utf16(u"https://a.example/\u00e9\nT\u00eftle"_s, QStringConverter::Utf16BE, true), {}, {}} << true
        << u"https://a.example/\u00e9"_s << QStringList();
    QTest::newRow("x-moz-url utf-8")
        << Formats{{}, present("https://a.example/8\r\nTitle"), {}, {}} << true << u"https://a.example/8"_s << QStringList();
    QTest::newRow("x-moz-url file")
        << Formats{{}, utf16(u"file:///home/user/x.txt\nx.txt"_s), {}, {}} << true << QString()
        << QStringList{u"/home/user/x.txt"_s};

    // text/html
    QTest::newRow("html selection with links")
        << Formats{{}, {}, present("<p>See <A HREF=https://a.example/1>one</A> and <a class=x href='https://a.example/2?x=1&amp;y=2'>two</a>.</p>"),
                   present("See one and two.")}
        << true << u"https://a.example/1\nhttps://a.example/2?x=1&y=2"_s << QStringList();
    QTest::newRow("html numeric entities")
        << Formats{{}, {}, present("<a href=\"https://a.example/?a=1&#38;b=2&#x26;c=3&#X2f;\">x</a>"), {}}
        << true << u"https://a.example/?a=1&b=2&c=3/"_s << QStringList();
    QTest::newRow("html relative against base")
        << Formats{{}, {}, present("<html><head><BASE HREF=\"https://a.example/dir/sub/\"></head><body>"
                                   "<a href=\"file.zip\">1</a><a href=\"/root.zip\">2</a><a href=\"../up.zip\">3</a>"
                                   "<a href=\"//cdn.example/x\">4</a><a href=\"?q=1\">5</a></body></html>"), {}}
        << true
        << u"https://a.example/dir/sub/file.zip\nhttps://a.example/root.zip\nhttps://a.example/dir/up.zip\nhttps://cdn.example/x\nhttps://a.example/dir/sub/?q=1"_s
        << QStringList();
    QTest::newRow("html base after the links still counts")
        << Formats{{}, {}, present("<a href=x.bin>x</a><base href=https://b.example/>"), {}} << true
        << u"https://b.example/x.bin"_s << QStringList();
    QTest::newRow("html relative without base skipped")
        << Formats{{}, {}, present("<a href=\"rel.zip\">r</a><a href=\"https://a.example/abs.zip\">a</a><a href=\"#top\">t</a>"), {}}
        << true << u"https://a.example/abs.zip"_s << QStringList();
    QTest::newRow("html comments scripts and styles hide links")
        << Formats{{}, {}, present("<!-- <a href=\"https://hidden.example/1\"> --><script>var s = '<a href=\"https://hidden.example/2\">';</SCRIPT>"
                                   "<style>a[href=\"https://hidden.example/3\"]{}</style><a href=\"https://shown.example/\">s</a>"
                                   "<!DOCTYPE html><?xml x?></a>"), {}}
        << true << u"https://shown.example/"_s << QStringList();
    QTest::newRow("html other schemes passed on")
        << Formats{{}, {}, present("<a href=\"javascript:void(0)\">j</a><a href='mailto:me@a.example'>m</a><a href=ftp://f.example/x>f</a>"), {}}
        << true << u"javascript:void(0)\nmailto:me@a.example\nftp://f.example/x"_s << QStringList();
    QTest::newRow("html area tags and odd attributes")
        << Formats{{}, {}, present("<map><AREA shape=rect data-href=\"https://no.example/\" HREF = \"https://a.example/area\"></map>"
                                   "<a title=\"a > b\" href=\"https://a.example/gt\">g</a><a href=\"https://a.example/first\" href=\"https://no.example/\">f</a>"
                                   "<abbr href=\"https://no.example/abbr\">x</abbr><a name=x>anchor</a>"), {}}
        << true << u"https://a.example/area\nhttps://a.example/gt\nhttps://a.example/first"_s << QStringList();
    QTest::newRow("html whitespace inside href")
        << Formats{{}, {}, present("<a href=\"  https://a.example/long\n/path\t.zip  \">x</a>"), {}} << true
        << u"https://a.example/long/path.zip"_s << QStringList();
    QTest::newRow("html utf-16 with bom")
        << Formats{{}, {}, utf16(u"<a href=\"https://a.example/\u00fc\">\u00fc</a>"_s, QStringConverter::Utf16LE, true), {}}
        << true << u"https://a.example/\u00fc"_s << QStringList();
    QTest::newRow("html without links falls back to plain text")
        << Formats{{}, {}, present("<p>get https://a.example/t.zip now</p>"), present("get https://a.example/t.zip now")}
        << true << u"get https://a.example/t.zip now"_s << QStringList();

    // text/plain
    QTest::newRow("plain running text")
        << Formats{{}, {}, {}, present("Get https://a.example/1 and\nhttps://a.example/2, please")} << true
        << u"Get https://a.example/1 and\nhttps://a.example/2, please"_s << QStringList();
    QTest::newRow("plain blank") << Formats{{}, {}, {}, present("  \n\t ")} << false << QString() << QStringList();
    QTest::newRow("everything empty")
        << Formats{present(""), present(""), present(""), present("")} << false << QString() << QStringList();
    QTest::newRow("nothing") << Formats{} << false << QString() << QStringList();
}

void TestMimeUrls::extract()
{
    QFETCH(Formats, formats);
    QFETCH(bool, acceptable);
    QFETCH(QString, text);
    QFETCH(QStringList, files);

    QMimeData mime;
    fill(mime, formats);
    const DroppedInput input = MimeUrls::extract(mime);
    QCOMPARE(input.text, text);
    QCOMPARE(input.files, files);
    QCOMPARE(input.isEmpty(), text.isEmpty() && files.isEmpty());
    // canAccept is a quick look, so it may accept HTML with only relative links; none of these.
    QCOMPARE(MimeUrls::canAccept(mime), acceptable);
}

void TestMimeUrls::urlsSetByQt()
{
    QMimeData mime;
    mime.setUrls({QUrl(u"https://a.example/q?x=%20y"_s), QUrl::fromLocalFile(u"/home/user/my list.txt"_s)});
    mime.setData(u"application/x-other"_s, "ignored");
    QVERIFY(MimeUrls::canAccept(mime));
    const DroppedInput input = MimeUrls::extract(mime);
    QCOMPARE(input.text, u"https://a.example/q?x=%20y"_s);
    QCOMPARE(input.files, QStringList{u"/home/user/my list.txt"_s});

    QMimeData image;
    image.setData(u"image/png"_s, QByteArray("\x89PNG\r\n", 6));
    QVERIFY(!MimeUrls::canAccept(image));
    QVERIFY(MimeUrls::extract(image).isEmpty());
}

void TestMimeUrls::decodeEntities_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("decoded");

    QTest::newRow("none") << u"https://a.example/?a=1"_s << u"https://a.example/?a=1"_s;
    QTest::newRow("named") << u"&amp;&lt;&gt;&quot;&apos;&nbsp;"_s << u"&<>\"'\u00a0"_s;
    QTest::newRow("decimal") << u"&#38;&#0038;"_s << u"&&"_s;
    QTest::newRow("hex") << u"&#x26;&#X3C;&#x1F600;"_s << u"&<\U0001F600"_s;
    QTest::newRow("numeric without semicolon") << u"a&#38b"_s << u"a&b"_s;
    QTest::newRow("unknown kept") << u"?a=1&copy=2&b&c;&#;&#x;"_s << u"?a=1&copy=2&b&c;&#;&#x;"_s;
    QTest::newRow("invalid code points") << u"&#0;&#xD800;&#x110000;&#99999999999;"_s << u"\ufffd\ufffd\ufffd\ufffd"_s;
    QTest::newRow("trailing ampersand") << u"x&"_s << u"x&"_s;
}

void TestMimeUrls::decodeEntities()
{
    QFETCH(QString, text);
    QFETCH(QString, decoded);
    QCOMPARE(HtmlLinks::decodeEntities(text), decoded);
}

void TestMimeUrls::hostileHtmlIsLinear_data()
{
    QTest::addColumn<QString>("unit");
    QTest::addColumn<int>("linksPerUnit");

    QTest::newRow("many links") << u"<li><a href=\"https://a.example/f?a=1&amp;b=2\">file</a></li>\n"_s << 1;
    QTest::newRow("lone angle brackets") << u"< << a<b <1 <"_s << 0;
    QTest::newRow("unclosed comments") << u"<!-- <!-- -- >"_s << 0;
    QTest::newRow("unclosed tags") << u"<a href=x <a <a href='"_s << 0;
    QTest::newRow("unclosed scripts") << u"<script><a href=https://x.example/>"_s << 0;
    QTest::newRow("ampersands") << u"<a href=\"https://a.example/?&&&&#&#x&amp\">"_s << 1;
}

// A drop of a big page, or a hostile one, must not hang the window: the scan is linear.
void TestMimeUrls::hostileHtmlIsLinear()
{
    QFETCH(QString, unit);
    QFETCH(int, linksPerUnit);
    constexpr int kUnits = 60'000;
    const QString html = unit.repeated(kUnits);

    QElapsedTimer timer;
    timer.start();
    const QStringList links = HtmlLinks::extract(html);
    QVERIFY2(timer.elapsed() < 3000, qPrintable(u"%1 ms"_s.arg(timer.elapsed())));
    if (linksPerUnit == 1) {
        QCOMPARE(links.size(), kUnits);
        QVERIFY(links.first().startsWith(u"https://a.example/"_s));
    } else {
        QVERIFY(links.size() <= 1);
    }
}

QTEST_GUILESS_MAIN(TestMimeUrls)
#include "tst_mimeurls.moc"
