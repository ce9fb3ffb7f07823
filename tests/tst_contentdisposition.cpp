#include "net/contentdisposition.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QTest>
#include <optional>

using namespace Qt::StringLiterals;

// The Content-Disposition parser against the tc2231 suite and the header cases E10/E11 of
// research/reliability.md.
class TestContentDisposition final : public QObject
{
    Q_OBJECT

private slots:
    void fileName_data();
    void fileName();
    void dispositionType_data();
    void dispositionType();
};

// tc2231 (greenbytes.de/tech/tc2231) rows keep their names from that suite.
void TestContentDisposition::fileName_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<bool>("hasName");
    QTest::addColumn<QString>("expected");

    const auto name = [](const char *tag, const QByteArray &header, const QString &expected) {
        QTest::newRow(tag) << header << true << expected;
    };
    const auto none = [](const char *tag, const QByteArray &header) {
        QTest::newRow(tag) << header << false << QString();
    };

    none("inlonly", "inline"_ba);
    none("inlonlyquoted", R"("inline")"_ba);
    name("inlwithasciifilename", R"(inline; filename="foo.html")"_ba, u"foo.html"_s);
    name("inlwithfnattach", R"(inline; filename="Not an attachment!")"_ba, u"Not an attachment!"_s);
    none("attonly", "attachment"_ba);
    none("attonlyquoted", R"("attachment")"_ba);
    none("attonlyucase", "ATTACHMENT"_ba);
    name("attwithasciifilename", R"(attachment; filename="foo.html")"_ba, u"foo.html"_s);
    name("attwithasciifilename25", R"(attachment; filename="0000000000111111111122222")"_ba,
         u"0000000000111111111122222"_s);
    name("attwithasciifnescapedchar", R"(attachment; filename="f\oo.html")"_ba, u"foo.html"_s);
    name("attwithfnescapedquote", R"(attachment; filename="\"quoting\" tested.html")"_ba,
         u"\"quoting\" tested.html"_s);
    name("attwithquotedsemicolon", R"(attachment; filename="Here's a semicolon;.html")"_ba,
         u"Here's a semicolon;.html"_s);
    name("attwithfilenameandextparam", R"(attachment; foo="bar"; filename="foo.html")"_ba,
         u"foo.html"_s);
    name("attwithfilenameandextparamescaped", R"(attachment; foo="\"\\";filename="foo.html")"_ba,
         u"foo.html"_s);
    name("attwithasciifilenameucase", R"(attachment; FILENAME="foo.html")"_ba, u"foo.html"_s);
    name("attwithasciifilenamenq", "attachment; filename=foo.html"_ba, u"foo.html"_s);
    none("attwithtokfncommanq", "attachment; filename=foo,bar.html"_ba);
    name("attwithasciifilenamenqs (trailing ';' tolerated like browsers)",
         "attachment; filename=foo.html ;"_ba, u"foo.html"_s);
    none("attemptyparam", "attachment; ;filename=foo"_ba);
    none("attwithasciifilenamenqws", "attachment; filename=foo bar.html"_ba);
    name("attwithfntokensq", "attachment; filename='foo.bar'"_ba, u"'foo.bar'"_s);
    name("attwithisofnplain", "attachment; filename=\"foo-\xe4.html\""_ba, u"foo-\u00e4.html"_s);
    name("attwithutf8fnplain (valid UTF-8 read as UTF-8 by design)",
         "attachment; filename=\"foo-\xc3\xa4.html\""_ba, u"foo-\u00e4.html"_s);
    name("attwithfnrawpctenca", R"(attachment; filename="foo-%41.html")"_ba, u"foo-%41.html"_s);
    name("attwithfnusingpct", R"(attachment; filename="50%.html")"_ba, u"50%.html"_s);
    name("attwithfnrawpctencaq", R"(attachment; filename="foo-%\41.html")"_ba, u"foo-%41.html"_s);
    none("attwithnamepct", R"(attachment; name="foo-%41.html")"_ba);
    name("attwithfilenamepctandiso", "attachment; filename=\"\xe4-%41.html\""_ba,
         u"\u00e4-%41.html"_s);
    name("attwithfnrawpctenclong", R"(attachment; filename="foo-%c3%a4-%e2%82%ac.html")"_ba,
         u"foo-%c3%a4-%e2%82%ac.html"_s);
    name("attwithasciifilenamews1", R"(attachment; filename ="foo.html")"_ba, u"foo.html"_s);
    none("attwith2filenames", R"(attachment; filename="foo.html"; filename="bar.html")"_ba);
    none("attfnbrokentoken", "attachment; filename=foo[1](2).html"_ba);
    none("attfnbrokentokeniso", "attachment; filename=foo-\xe4.html"_ba);
    none("attfnbrokentokenutf", "attachment; filename=foo-\xc3\xa4.html"_ba);
    none("attmissingdisposition", "filename=foo.html"_ba);
    none("attmissingdisposition2", "x=y; filename=foo.html"_ba);
    none("attmissingdisposition3", R"("foo; filename=bar;baz"; filename=qux)"_ba);
    none("attmissingdisposition4", "filename=foo.html, filename=bar.html"_ba);
    none("emptydisposition", "; filename=foo.html"_ba);
    none("doublecolon", ": inline; attachment; filename=foo.html"_ba);
    none("attandinline", "inline; attachment; filename=foo.html"_ba);
    none("attandinline2", "attachment; inline; filename=foo.html"_ba);
    none("attbrokenquotedfn", R"(attachment; filename="foo.html".txt)"_ba);
    none("attbrokenquotedfn2 (uneven quotes)", R"(attachment; filename="bar)"_ba);
    none("attbrokenquotedfn3", R"(attachment; filename=foo"bar;baz"qux)"_ba);
    none("attmultinstances", "attachment; filename=foo.html, attachment; filename=bar.html"_ba);
    none("attmissingdelim", "attachment; foo=foo filename=bar"_ba);
    none("attmissingdelim2", "attachment; filename=bar foo=foo "_ba);
    none("attmissingdelim3", "attachment filename=bar"_ba);
    none("attreversed", "filename=foo.html; attachment"_ba);
    none("attconfusedparam", "attachment; xfilename=foo.html"_ba);
    name("attabspath (raw; sanitize rejects it)", R"(attachment; filename="/foo.html")"_ba,
         u"/foo.html"_s);
    name("attabspathwin (raw; sanitize rejects it)", R"(attachment; filename="\\foo.html")"_ba,
         u"\\foo.html"_s);
    none("dispext", "foobar"_ba);
    none("dispextbadfn", R"(attachment; example="filename=example.txt")"_ba);
    name("attwithisofn2231iso", "attachment; filename*=iso-8859-1''foo-%E4.html"_ba,
         u"foo-\u00e4.html"_s);
    name("attwithfn2231utf8", "attachment; filename*=UTF-8''foo-%c3%a4-%e2%82%ac.html"_ba,
         u"foo-\u00e4-\u20ac.html"_s);
    none("attwithfn2231noc", "attachment; filename*=''foo-%c3%a4-%e2%82%ac.html"_ba);
    name("attwithfn2231utf8comp (raw NFD; sanitize composes)",
         "attachment; filename*=UTF-8''foo-a%cc%88.html"_ba, u"foo-a\u0308.html"_s);
    none("attwithfn2231utf8-bad", "attachment; filename*=iso-8859-1''foo-%c3%a4-%e2%82%ac.html"_ba);
    none("attwithfn2231iso-bad", "attachment; filename*=utf-8''foo-%E4.html"_ba);
    none("attwithfn2231ws1", "attachment; filename *=UTF-8''foo-%c3%a4.html"_ba);
    name("attwithfn2231ws2", "attachment; filename*= UTF-8''foo-%c3%a4.html"_ba, u"foo-\u00e4.html"_s);
    name("attwithfn2231ws3", "attachment; filename* =UTF-8''foo-%c3%a4.html"_ba, u"foo-\u00e4.html"_s);
    none("attwithfn2231quot", R"(attachment; filename*="UTF-8''foo-%c3%a4.html")"_ba);
    none("attwithfn2231quot2", R"(attachment; filename*="foo%20bar.html")"_ba);
    none("attwithfn2231singleqmissing", "attachment; filename*=UTF-8'foo-%c3%a4.html"_ba);
    none("attwithfn2231nbadpct1", "attachment; filename*=UTF-8''foo%"_ba);
    none("attwithfn2231nbadpct2", "attachment; filename*=UTF-8''f%oo.html"_ba);
    name("attwithfn2231dpct", "attachment; filename*=UTF-8''A-%2541.html"_ba, u"A-%41.html"_s);
    name("attwithfn2231abspathdisguised", "attachment; filename*=UTF-8''%5cfoo.html"_ba,
         u"\\foo.html"_s);
    name("attfncont", R"(attachment; filename*0="foo."; filename*1="html")"_ba, u"foo.html"_s);
    name("attfncontqs", R"(attachment; filename*0="foo"; filename*1="\b\a\r.html")"_ba,
         u"foobar.html"_s);
    name("attfncontenc", "attachment; filename*0*=UTF-8''foo-%c3%a4; filename*1=\".html\""_ba,
         u"foo-\u00e4.html"_s);
    name("attfncontlz", R"(attachment; filename*0="foo"; filename*01="bar")"_ba, u"foo"_s);
    name("attfncontnc", R"(attachment; filename*0="foo"; filename*2="bar")"_ba, u"foo"_s);
    none("attfnconts1", R"(attachment; filename*1="foo."; filename*2="html")"_ba);
    name("attfncontord", R"(attachment; filename*1="bar"; filename*0="foo")"_ba, u"foobar"_s);
    name("attfnboth", "attachment; filename=\"foo-ae.html\"; filename*=UTF-8''foo-%c3%a4.html"_ba,
         u"foo-\u00e4.html"_s);
    name("attfnboth2", "attachment; filename*=UTF-8''foo-%c3%a4.html; filename=\"foo-ae.html\""_ba,
         u"foo-\u00e4.html"_s);
    name("attfnboth3",
         "attachment; filename*0*=ISO-8859-15''euro-sign%3d%a4; "
         "filename*=ISO-8859-1''currency-sign%3d%a4"_ba,
         u"currency-sign=\u00a4"_s);
    name("attnewandfn", R"(attachment; foobar=x; filename="foo.html")"_ba, u"foo.html"_s);
    none("attrfc2047token", "attachment; filename==?ISO-8859-1?Q?foo-=E4.html?="_ba);
    name("attrfc2047quoted", R"(attachment; filename="=?ISO-8859-1?Q?foo-=E4.html?=")"_ba,
         u"=?ISO-8859-1?Q?foo-=E4.html?="_s);

    name("E10 filename* euro sign", "attachment; filename*=UTF-8''%e2%82%ac.txt"_ba, u"\u20ac.txt"_s);
    name("E10 filename* ISO-8859-1 pound sign", "attachment; filename*=ISO-8859-1''%a3.txt"_ba,
         u"\u00a3.txt"_s);
    name("E10 filename* charset is case-insensitive, language tag skipped",
         "attachment; filename*=utf-8'en-GB'na%C3%AFve%20file.bin"_ba, u"na\u00efve file.bin"_s);
    name("E10 invalid UTF-8 filename* falls back to filename",
         "attachment; filename*=UTF-8''%c3%28.txt; filename=plain.txt"_ba, u"plain.txt"_s);
    none("E10 invalid UTF-8 filename* alone", "attachment; filename*=UTF-8''%c3%28.txt"_ba);
    none("E10 overlong UTF-8 slash is invalid", "attachment; filename*=UTF-8''%c0%af.txt"_ba);
    name("E10 unknown charset falls back to filename",
         "attachment; filename*=x-klingon''abc.txt; filename=b.txt"_ba, u"b.txt"_s);
    none("E11 inline with empty token", "inline; filename="_ba);
    none("E11 empty quoted filename", R"(attachment; filename="")"_ba);
    none("E11 control byte inside quotes", "attachment; filename=\"a\x01" "b.txt\""_ba);
    none("E11 ambiguous continuation", "attachment; filename*0=a; filename*0*=UTF-8''b"_ba);
    name("E2 lone backslashes in quotes are escapes", R"(attachment; filename="..\..\x.exe")"_ba,
         u"....x.exe"_s);
}

void TestContentDisposition::fileName()
{
    QFETCH(QByteArray, header);
    QFETCH(bool, hasName);
    QFETCH(QString, expected);

    const std::optional<ContentDisposition> parsed = ContentDisposition::parse(header);
    const std::optional<QString> result = parsed ? parsed->fileName() : std::nullopt;
    QCOMPARE(result.has_value(), hasName);
    if (hasName)
        QCOMPARE(*result, expected);
}

void TestContentDisposition::dispositionType_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("type");

    QTest::newRow("attachment") << "attachment; filename=a"_ba << "attachment"_ba;
    QTest::newRow("upper case is folded") << "ATTACHMENT"_ba << "attachment"_ba;
    QTest::newRow("inline with whitespace") << "  inline  "_ba << "inline"_ba;
    QTest::newRow("extension type") << "foobar"_ba << "foobar"_ba;
    QTest::newRow("empty is invalid") << QByteArray() << QByteArray();
    QTest::newRow("quoted is invalid") << R"("inline")"_ba << QByteArray();
}

void TestContentDisposition::dispositionType()
{
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, type);

    const std::optional<ContentDisposition> parsed = ContentDisposition::parse(header);
    QCOMPARE(parsed.has_value(), !type.isEmpty());
    if (parsed)
        QCOMPARE(parsed->type(), type);
}

QTEST_GUILESS_MAIN(TestContentDisposition)
#include "tst_contentdisposition.moc"
