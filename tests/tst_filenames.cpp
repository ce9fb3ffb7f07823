#include "net/filenames.h"

#include <QByteArray>
#include <QObject>
#include <QRandomGenerator>
#include <QString>
#include <QStringList>
#include <QTest>
#include <QUrl>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

QUrl url(const QString &text)
{
    return QUrl(text);
}

QString repeated(const QString &piece, int count)
{
    return piece.repeated(count);
}

bool hasForbiddenCharacter(const QString &name)
{
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar c = name.at(i);
        const char16_t u = c.unicode();
        if (u == u'/' || u == u'\\' || u <= 0x1f || (u >= 0x7f && u <= 0x9f))
            return true;
        if ((u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069))
            return true;
        if ((u >= 0x200b && u <= 0x200d) || u == 0x2060 || u == 0xfeff)
            return true;
        if (QStringView(u"<>:\"|?*").contains(c))
            return true;
    }
    return false;
}

} // namespace

// Safe file names: the catalogue cases E1-E16 of research/reliability.md, URL names, the source
// order, and generated hostile names. The tc2231 parser suite is in tst_contentdisposition.cpp.
class TestFileNames final : public QObject
{
    Q_OBJECT

private slots:
    void catalogue_data();
    void catalogue();
    void sanitize_data();
    void sanitize();
    void fromContentDisposition_data();
    void fromContentDisposition();
    void fromUrl_data();
    void fromUrl();
    void choose_data();
    void choose();
    void sanitizeProperties();
};

// Every case of the catalogue, through the whole choice: what ends up on disk.
void TestFileNames::catalogue_data()
{
    QTest::addColumn<QByteArray>("contentDisposition");
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<QString>("mimeType");
    QTest::addColumn<QString>("expected");

    const QUrl plain = url(u"http://127.0.0.1/files/report.pdf"_s);

    QTest::newRow("E1 ../ traversal in Content-Disposition falls back to the URL name")
        << R"(attachment; filename="../../.bashrc")"_ba << plain << QString() << u"report.pdf"_s;
    QTest::newRow("E2 backslash path in Content-Disposition falls back to the URL name")
        << R"(attachment; filename="..\\..\\x.exe")"_ba << plain << QString() << u"report.pdf"_s;
    QTest::newRow("E3 percent-encoded separators in the URL give the default name")
        << QByteArray() << url(u"http://127.0.0.1/dl/..%2F..%2Fx"_s) << u"application/pdf"_s
        << u"download.pdf"_s;
    QTest::newRow("E4 colon (NTFS stream) is replaced")
        << R"(attachment; filename="a.txt:evil")"_ba << plain << QString() << u"a.txt_evil"_s;
    QTest::newRow("E5 reserved device name gets a prefix")
        << R"(attachment; filename="con.txt")"_ba << plain << QString() << u"_con.txt"_s;
    QTest::newRow("E6 Windows-illegal characters are replaced")
        << R"(attachment; filename="a<b>c|d?e*f\"g.txt")"_ba << plain << QString()
        << u"a_b_c_d_e_f_g.txt"_s;
    QTest::newRow("E7 trailing dot is stripped")
        << R"(attachment; filename="setup.exe.")"_ba << plain << QString() << u"setup.exe"_s;
    QTest::newRow("E8 NUL and escape sequence from filename* are stripped")
        << "attachment; filename*=UTF-8''a%00%1b%5b31m.exe"_ba << plain << QString()
        << u"a[31m.exe"_s;
    QTest::newRow("E9 bidi override from filename* is stripped")
        << "attachment; filename*=UTF-8''invoice%E2%80%AEfdp.exe"_ba << plain << QString()
        << u"invoicefdp.exe"_s;
    QTest::newRow("E10 invalid UTF-8 filename* falls back to filename")
        << "attachment; filename*=UTF-8''%c3%28.txt; filename=\"plain.txt\""_ba << plain
        << QString() << u"plain.txt"_s;
    QTest::newRow("E11 two filename parameters are ambiguous: URL name")
        << R"(attachment; filename="a.html"; filename="b.html")"_ba << plain << QString()
        << u"report.pdf"_s;
    QTest::newRow("E12 300-character name is cut to the byte limit, extension kept")
        << QByteArray("attachment; filename=\""_ba + QByteArray(300, 'n') + ".pdf\""_ba) << plain
        << QString() << QString(repeated(u"n"_s, FileNames::kMaxNameBytes - 4) + u".pdf"_s);
    QTest::newRow("E13 nothing usable: download plus the MIME extension")
        << R"(attachment; filename="..")"_ba << url(u"http://127.0.0.1/"_s)
        << u"application/pdf"_s << u"download.pdf"_s;
    QTest::newRow("E14 dotfile gets its leading dot replaced")
        << R"(attachment; filename=".bashrc")"_ba << plain << QString() << u"_bashrc"_s;
    QTest::newRow("E15 NFD name is stored in NFC so it collides with its NFC twin")
        << "attachment; filename*=UTF-8''Cafe%CC%81.txt"_ba << plain << QString()
        << u"Caf\u00e9.txt"_s;
    QTest::newRow("E16 redirect target name goes through the same sanitiser")
        << QByteArray() << url(u"http://127.0.0.1/evil/.bashrc"_s) << QString() << u"_bashrc"_s;
    QTest::newRow("E16 Content-Disposition wins over the redirect target")
        << "attachment; filename=report.pdf"_ba << url(u"http://127.0.0.1/evil/.bashrc"_s)
        << QString() << u"report.pdf"_s;
}

void TestFileNames::catalogue()
{
    QFETCH(QByteArray, contentDisposition);
    QFETCH(QUrl, url);
    QFETCH(QString, mimeType);
    QFETCH(QString, expected);

    QCOMPARE(FileNames::choose(QString(), contentDisposition, url, mimeType), expected);
}

void TestFileNames::sanitize_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain") << u"report.pdf"_s << u"report.pdf"_s;
    QTest::newRow("non-ASCII kept") << u"日本語 ü.txt"_s << u"日本語 ü.txt"_s;
    QTest::newRow("emoji kept") << u"😀.png"_s << u"😀.png"_s;

    QTest::newRow("E1 relative traversal") << u"../../.bashrc"_s << QString();
    QTest::newRow("E1 absolute path") << u"/etc/passwd"_s << QString();
    QTest::newRow("E1 traversal in the middle") << u"foo/../../x"_s << QString();
    QTest::newRow("E1 subdirectories") << u"a/b/c.txt"_s << QString();
    QTest::newRow("E2 backslash traversal") << u"..\\..\\x.exe"_s << QString();
    QTest::newRow("E2 drive letter") << u"C:\\Windows\\x"_s << QString();
    QTest::newRow("E2 backslash path") << u"log\\server\\name"_s << QString();
    QTest::newRow("E3 decoded dot-dot") << u".."_s << QString();
    QTest::newRow("E3 decoded dot") << u"."_s << QString();
    QTest::newRow("E4 drive-relative") << u"f:foo"_s << u"f_foo"_s;
    QTest::newRow("E4 alternate data stream") << u"a.txt:evil"_s << u"a.txt_evil"_s;
    QTest::newRow("E4 $DATA stream") << u"x::$DATA"_s << u"x__$DATA"_s;
    QTest::newRow("E5 CON") << u"CON"_s << u"_CON"_s;
    QTest::newRow("E5 con.txt") << u"con.txt"_s << u"_con.txt"_s;
    QTest::newRow("E5 CON space .txt") << u"CON .txt"_s << u"_CON .txt"_s;
    QTest::newRow("E5 CON trailing spaces") << u"CON  "_s << u"_CON"_s;
    QTest::newRow("E5 CON double extension") << u"CON.tar.gz"_s << u"_CON.tar.gz"_s;
    QTest::newRow("E5 nul") << u"nul"_s << u"_nul"_s;
    QTest::newRow("E5 PRN") << u"Prn.log"_s << u"_Prn.log"_s;
    QTest::newRow("E5 AUX") << u"aux"_s << u"_aux"_s;
    QTest::newRow("E5 COM1") << u"COM1"_s << u"_COM1"_s;
    QTest::newRow("E5 com9.log") << u"com9.log"_s << u"_com9.log"_s;
    QTest::newRow("E5 LPT1") << u"LPT1"_s << u"_LPT1"_s;
    QTest::newRow("E5 lpt9.txt") << u"lpt9.txt"_s << u"_lpt9.txt"_s;
    QTest::newRow("E5 CLOCK$") << u"CLOCK$"_s << u"_CLOCK$"_s;
    QTest::newRow("E5 CLOCK$ spelled with KELVIN SIGN") << u"CLOC\u212A$"_s << u"_CLOCK$"_s;
    QTest::newRow("E5 CONIN$") << u"conin$"_s << u"_conin$"_s;
    QTest::newRow("E5 COM superscript one") << u"COM\u00b9"_s << u"_COM\u00b9"_s;
    QTest::newRow("E5 LPT superscript two .txt") << u"lpt\u00b2.txt"_s << u"_lpt\u00b2.txt"_s;
    QTest::newRow("E5 LPT superscript three") << u"LPT\u00b3"_s << u"_LPT\u00b3"_s;
    QTest::newRow("E5 COM56 allowed") << u"COM56"_s << u"COM56"_s;
    QTest::newRow("E5 COM0 allowed") << u"COM0"_s << u"COM0"_s;
    QTest::newRow("E5 CONSOLE allowed") << u"CONSOLE.txt"_s << u"CONSOLE.txt"_s;
    QTest::newRow("E5 contains con") << u"icon.png"_s << u"icon.png"_s;
    QTest::newRow("E6 all illegal") << u"a<b>c\"d|e?f*g"_s << u"a_b_c_d_e_f_g"_s;
    QTest::newRow("E6 question and star") << u"what?*.txt"_s << u"what__.txt"_s;
    QTest::newRow("E7 trailing dot") << u"setup.exe."_s << u"setup.exe"_s;
    QTest::newRow("E7 trailing space") << u"a.txt "_s << u"a.txt"_s;
    QTest::newRow("E7 leading space") << u" a"_s << u"a"_s;
    QTest::newRow("E7 dots and spaces") << u"file . . . .  ..  ."_s << u"file"_s;
    QTest::newRow("E8 NUL") << u"a\0.exe"_s << u"a.exe"_s;
    QTest::newRow("E8 LF") << u"a\nb"_s << u"ab"_s;
    QTest::newRow("E8 CR LF") << u"a\r\nb"_s << u"ab"_s;
    QTest::newRow("E8 escape sequence") << u"\x1b[31mred"_s << u"[31mred"_s;
    QTest::newRow("E8 DEL") << u"a\x7f"_s u"b"_s << u"ab"_s;
    QTest::newRow("E8 C1 NEL and CSI") << u"a\u0085b\u009bc"_s << u"abc"_s;
    QTest::newRow("E8 tab") << u"a\tb"_s << u"ab"_s;
    QTest::newRow("E9 right-to-left override") << u"invoice\u202Efdp.exe"_s << u"invoicefdp.exe"_s;
    QTest::newRow("E9 embeddings and pop") << u"\u202Aa\u202Bb\u202Cc\u202Dd.txt"_s << u"abcd.txt"_s;
    QTest::newRow("E9 isolates") << u"\u2066x\u2067y\u2068z\u2069.txt"_s << u"xyz.txt"_s;
    QTest::newRow("E9 zero-width") << u"a\u200Bb\u200Cc\u200Dd\u2060e\uFEFFf.txt"_s << u"abcdef.txt"_s;
    QTest::newRow("E9 direction marks") << u"a\u200Eb\u200Fc"_s << u"abc"_s;
    QTest::newRow("E10 NFD composed to NFC") << u"foo-a\u0308.html"_s << u"foo-\u00e4.html"_s;
    QTest::newRow("E12 300 ASCII characters keep .txt")
        << QString(repeated(u"a"_s, 300) + u".txt"_s) << QString(repeated(u"a"_s, 236) + u".txt"_s);
    QTest::newRow("E12 multibyte cut at a code point, keep .pdf")
        << QString(repeated(u"\u20ac"_s, 100) + u".pdf"_s)
        << QString(repeated(u"\u20ac"_s, 78) + u".pdf"_s);
    QTest::newRow("E12 surrogate pairs never split")
        << repeated(u"😀"_s, 70) << repeated(u"😀"_s, 60);
    QTest::newRow("E12 no extension") << repeated(u"x"_s, 300) << repeated(u"x"_s, 240);
    QTest::newRow("E12 overlong extension is not kept")
        << QString(repeated(u"a"_s, 250) + u"."_s + repeated(u"b"_s, 30)) << repeated(u"a"_s, 240);
    QTest::newRow("E12 cut that ends in a space is trimmed")
        << QString(repeated(u"a"_s, 239) + u" "_s + repeated(u"b"_s, 50)) << repeated(u"a"_s, 239);
    QTest::newRow("E13 empty") << QString() << QString();
    QTest::newRow("E13 dots only") << u"..."_s << QString();
    QTest::newRow("E13 spaced dots") << u" . . "_s << QString();
    QTest::newRow("E13 spaces only") << u"   "_s << QString();
    QTest::newRow("E13 invisible only") << u"\u200B\u202E\u0001"_s << QString();
    QTest::newRow("E14 .bashrc") << u".bashrc"_s << u"_bashrc"_s;
    QTest::newRow("E14 .profile") << u".profile"_s << u"_profile"_s;
    QTest::newRow("E14 .ssh") << u".ssh"_s << u"_ssh"_s;
    QTest::newRow("E14 spaced dotfile") << u"  .bashrc"_s << u"_bashrc"_s;
    QTest::newRow("E14 dot-dot prefix") << u"..foo"_s << u"_.foo"_s;
    QTest::newRow("E14 desktop.ini kept (warned elsewhere)") << u"desktop.ini"_s << u"desktop.ini"_s;
    QTest::newRow("E15 case preserved") << u"File.TXT"_s << u"File.TXT"_s;
    QTest::newRow("E15 NFD equals NFC") << u"Cafe\u0301.txt"_s << u"Caf\u00e9.txt"_s;
    QTest::newRow("E16 redirect dotfile") << u".bash_profile"_s << u"_bash_profile"_s;
    QTest::newRow("unpaired surrogate dropped") << QString(u"a"_s + QChar(0xd800) + u"b"_s) << u"ab"_s;
    QTest::newRow("strip before NFC") << u"e\u200D\u0301.txt"_s << u"\u00e9.txt"_s;
}

void TestFileNames::sanitize()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);

    const QString result = FileNames::sanitize(input);
    QCOMPARE(result, expected);
    QVERIFY(result.toUtf8().size() <= FileNames::kMaxNameBytes);
    QCOMPARE(FileNames::sanitize(result), result);
}

// The public entry point; the full tc2231 suite runs against ContentDisposition directly.
void TestFileNames::fromContentDisposition_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<bool>("hasName");
    QTest::addColumn<QString>("expected");

    QTest::newRow("filename") << R"(attachment; filename="foo.html")"_ba << true << u"foo.html"_s;
    QTest::newRow("filename* preferred")
        << "attachment; filename=a.txt; filename*=UTF-8''%e2%82%ac.txt"_ba << true << u"\u20ac.txt"_s;
    QTest::newRow("E10 bad filename* falls back")
        << "attachment; filename*=UTF-8''%c3%28; filename=b"_ba << true << u"b"_s;
    QTest::newRow("traversal returned raw")
        << R"(attachment; filename="../x")"_ba << true << u"../x"_s;
    QTest::newRow("E11 ambiguous") << "attachment; filename=a; filename=b"_ba << false << QString();
    QTest::newRow("E11 missing type") << "filename=a"_ba << false << QString();
    QTest::newRow("no header") << QByteArray() << false << QString();
}

void TestFileNames::fromContentDisposition()
{
    QFETCH(QByteArray, header);
    QFETCH(bool, hasName);
    QFETCH(QString, expected);

    const std::optional<QString> result = FileNames::fromContentDisposition(header);
    QCOMPARE(result.has_value(), hasName);
    if (hasName)
        QCOMPARE(*result, expected);
}

void TestFileNames::fromUrl_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain") << url(u"http://h/a/b/file.zip"_s) << u"file.zip"_s;
    QTest::newRow("query ignored") << url(u"http://h/get/file.zip?token=a/b.exe"_s) << u"file.zip"_s;
    QTest::newRow("fragment ignored") << url(u"https://h/x.iso#part/.bashrc"_s) << u"x.iso"_s;
    QTest::newRow("trailing slash") << url(u"http://h/dir/sub/"_s) << u"sub"_s;
    QTest::newRow("double slashes") << url(u"http://h/a//b.txt//"_s) << u"b.txt"_s;
    QTest::newRow("root") << url(u"http://h/"_s) << QString();
    QTest::newRow("no path") << url(u"http://h"_s) << QString();
    QTest::newRow("query only") << url(u"http://h/?id=3"_s) << QString();
    QTest::newRow("space") << url(u"http://h/my%20file.txt"_s) << u"my file.txt"_s;
    QTest::newRow("E3 %2F stays inside the segment") << url(u"http://h/dl/..%2F..%2Fx"_s)
                                                     << u"../../x"_s;
    QTest::newRow("E3 %5C") << url(u"http://h/dl/..%5Cx"_s) << u"..\\x"_s;
    QTest::newRow("E3 %2e%2e") << url(u"http://h/dl/%2e%2e"_s) << u".."_s;
    QTest::newRow("double-encoded %252F decodes once") << url(u"http://h/a%252Fb.txt"_s)
                                                       << u"a%2Fb.txt"_s;
    QTest::newRow("UTF-8") << url(u"http://h/na%C3%AFve.txt"_s) << u"na\u00efve.txt"_s;
    QTest::newRow("IRI path") << url(u"http://h/日本.txt"_s) << u"日本.txt"_s;
    QTest::newRow("Latin-1 fallback") << url(u"http://h/caf%E9.txt"_s) << u"caf\u00e9.txt"_s;
    QTest::newRow("E16 original URL of a redirect") << url(u"http://h/download?id=1"_s)
                                                    << u"download"_s;
}

void TestFileNames::fromUrl()
{
    QFETCH(QUrl, url);
    QFETCH(QString, expected);

    QCOMPARE(FileNames::fromUrl(url), expected);
}

void TestFileNames::choose_data()
{
    QTest::addColumn<QString>("requested");
    QTest::addColumn<QByteArray>("contentDisposition");
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<QString>("mimeType");
    QTest::addColumn<QString>("expected");

    const QByteArray header = R"(attachment; filename="header.txt")"_ba;
    const QUrl named = url(u"http://h/path/url.txt"_s);
    const QUrl bare = url(u"http://h/"_s);

    QTest::newRow("requested wins") << u"mine.bin"_s << header << named << u"text/plain"_s
                                    << u"mine.bin"_s;
    QTest::newRow("requested is sanitised") << u"my:file.txt"_s << header << named << QString()
                                            << u"my_file.txt"_s;
    QTest::newRow("unusable requested falls to the header") << u"../x"_s << header << named
                                                            << QString() << u"header.txt"_s;
    QTest::newRow("header wins over URL") << QString() << header << named << QString()
                                          << u"header.txt"_s;
    QTest::newRow("unusable header falls to URL") << QString() << R"(attachment; filename="..")"_ba
                                                  << named << QString() << u"url.txt"_s;
    QTest::newRow("invalid header falls to URL") << QString() << "filename=x.txt"_ba << named
                                                 << QString() << u"url.txt"_s;
    QTest::newRow("header without name falls to URL") << QString() << "attachment"_ba << named
                                                      << QString() << u"url.txt"_s;
    QTest::newRow("URL when no header") << QString() << QByteArray() << named << QString()
                                        << u"url.txt"_s;
    QTest::newRow("default from MIME type") << QString() << QByteArray() << bare
                                            << u"application/pdf"_s << u"download.pdf"_s;
    QTest::newRow("MIME type parameters are ignored") << QString() << QByteArray() << bare
                                                      << u"text/html; charset=utf-8"_s
                                                      << u"download.html"_s;
    QTest::newRow("MIME type case is ignored") << QString() << QByteArray() << bare
                                               << u"Application/PDF"_s << u"download.pdf"_s;
    QTest::newRow("unknown MIME type") << QString() << QByteArray() << bare
                                       << u"application/x-gather-unknown"_s << u"download"_s;
    QTest::newRow("no MIME type") << QString() << QByteArray() << bare << QString()
                                  << u"download"_s;
    QTest::newRow("query-only URL") << QString() << QByteArray() << url(u"http://h/?id=3"_s)
                                    << u"text/plain"_s << u"download.txt"_s;
}

void TestFileNames::choose()
{
    QFETCH(QString, requested);
    QFETCH(QByteArray, contentDisposition);
    QFETCH(QUrl, url);
    QFETCH(QString, mimeType);
    QFETCH(QString, expected);

    QCOMPARE(FileNames::choose(requested, contentDisposition, url, mimeType), expected);
}

// Generated hostile names: whatever comes in, what comes out is one safe, stable leaf or nothing.
void TestFileNames::sanitizeProperties()
{
    const QStringList pieces = {
        u"/"_s, u"\\"_s, u"."_s, u".."_s, u" "_s, u"  "_s, u"\t"_s, u"\n"_s, u"\r"_s,
        QString(QChar(0)), u"\x1b"_s, u"\x7f"_s, u"\u0085"_s, u"\u009b"_s,
        u"\u202A"_s, u"\u202E"_s, u"\u2066"_s, u"\u2069"_s, u"\u200B"_s, u"\u200D"_s,
        u"\u2060"_s, u"\uFEFF"_s, u"\u2028"_s, u"CON"_s, u"con"_s, u"com\u00b9"_s, u"LPT9"_s,
        u"clock$"_s, u"NUL"_s, u"aux"_s, u":"_s, u"*"_s, u"?"_s, u"\""_s, u"<"_s, u">"_s, u"|"_s,
        u"a"_s, u"Z"_s, u"e"_s, u"\u0301"_s, u"\u0338"_s, u"\u00e9"_s, u"日本語"_s, u"😀"_s,
        QString(QChar(0xd800)), QString(QChar(0xdc00)), u".txt"_s, u".tar.gz"_s, u"\u212A"_s,
        u"\u00a0"_s, u"\u3000"_s, u"_"_s, u"$"_s, u"%2F"_s,
    };
    const QStringList longPieces = {u"\u20ac"_s, u"😀"_s, u"a"_s, u"\u00e9"_s, u"日"_s};
    const QStringList separators = {u"/"_s, u"\\"_s};

    QRandomGenerator generator(42);
    int nonEmpty = 0;
    for (int round = 0; round < 4000; ++round) {
        QString input;
        const int count = 1 + int(generator.bounded(12));
        for (int i = 0; i < count; ++i) {
            if (generator.bounded(20) == 0) {
                const QString &piece = longPieces.at(generator.bounded(int(longPieces.size())));
                input += piece.repeated(40 + generator.bounded(120));
            } else {
                input += pieces.at(generator.bounded(int(pieces.size())));
            }
        }
        // Separators make most inputs trivially rejected; keep them rarer so the rest is exercised.
        if (input.contains(u'/') || input.contains(u'\\')) {
            if (generator.bounded(4) != 0)
                input.remove(u'/').remove(u'\\');
        }

        const QString output = FileNames::sanitize(input);
        if (output.isEmpty())
            continue;
        ++nonEmpty;
        const QByteArray context = input.toUtf8().toHex();
        QVERIFY2(!hasForbiddenCharacter(output), context.constData());
        QVERIFY2(output != u"."_s && output != u".."_s, context.constData());
        QVERIFY2(!output.startsWith(u'.') && !output.endsWith(u'.') && !output.endsWith(u' '),
                 context.constData());
        QVERIFY2(!output.front().isSpace(), context.constData());
        QVERIFY2(output.toUtf8().size() <= FileNames::kMaxNameBytes, context.constData());
        QVERIFY2(QString::fromUtf8(output.toUtf8()) == output, context.constData());
        QVERIFY2(output.normalized(QString::NormalizationForm_C) == output, context.constData());
        QVERIFY2(FileNames::sanitize(output) == output, context.constData());
    }
    // The generator must actually reach the repair paths, not just the rejections.
    QVERIFY(nonEmpty > 1000);
}

QTEST_GUILESS_MAIN(TestFileNames)
#include "tst_filenames.moc"
