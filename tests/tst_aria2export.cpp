// Aria2Export against the reader it must match: entries written and parsed back by UrlListParser
// keep every field; values with line breaks, or that would read back otherwise, leave their entry
// out and cannot add URLs or options; the file is replaced whole through QSaveFile.
#include "intake/aria2export.h"
#include "intake/urllistparser.h"

#include <QDir>
#include <QFile>
#include <QObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

using Header = QPair<QByteArray, QByteArray>;

const QString kSha256Hex = u"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"_s;

ChecksumSpec checksum(const QString &text)
{
    Result<ChecksumSpec> parsed = ChecksumSpec::parse(text);
    Q_ASSERT(parsed);
    return parsed.value();
}

UrlEntry limited(const QString &url, std::optional<int> split, std::optional<qint64> maxBytesPerSecond)
{
    UrlEntry e;
    e.url = QUrl(url);
    e.split = split;
    e.maxBytesPerSecond = maxBytesPerSecond;
    return e;
}

UrlEntry entry(const QString &url, const QString &out = {}, const QString &dir = {},
               std::optional<ChecksumSpec> sum = std::nullopt, const QList<Header> &headers = {})
{
    UrlEntry e;
    e.url = QUrl(url);
    e.outName = out;
    e.dir = dir;
    e.checksum = std::move(sum);
    e.headers = headers;
    return e;
}

// Every field the export carries; line is where the reader found it, not part of the entry.
void compareEntries(const QList<UrlEntry> &actual, const QList<UrlEntry> &expected)
{
    QCOMPARE(actual.size(), expected.size());
    for (qsizetype i = 0; i < actual.size(); ++i) {
        QCOMPARE(actual[i].url, expected[i].url);
        QCOMPARE(actual[i].outName, expected[i].outName);
        QCOMPARE(actual[i].dir, expected[i].dir);
        QCOMPARE(actual[i].checksum.has_value(), expected[i].checksum.has_value());
        if (expected[i].checksum) {
            QCOMPARE(actual[i].checksum->algorithm, expected[i].checksum->algorithm);
            QCOMPARE(actual[i].checksum->expected, expected[i].checksum->expected);
        }
        QCOMPARE(actual[i].headers, expected[i].headers);
        QCOMPARE(actual[i].split, expected[i].split);
        QCOMPARE(actual[i].maxBytesPerSecond, expected[i].maxBytesPerSecond);
    }
}

QString describe(const ParsedUrlList &parsed)
{
    QStringList rows;
    for (const RejectedLine &row : parsed.rejected)
        rows.append(u"%1: [%2] %3"_s.arg(row.line).arg(row.text, row.reason));
    return rows.join(u'\n');
}

} // namespace

Q_DECLARE_METATYPE(UrlEntry)

class TestAria2Export final : public QObject
{
    Q_OBJECT

private slots:
    void exactText();
    void roundTrip_data();
    void roundTrip();
    void roundTripOfAWholeList();
    void lineBreaksCannotInject_data();
    void lineBreaksCannotInject();
    void refusedWhenItWouldReadBackOtherwise_data();
    void refusedWhenItWouldReadBackOtherwise();
    void repeatedUrlWrittenOnce();
    void saveReplacesTheFile();
    void saveFailureSaysWhy();
};

void TestAria2Export::exactText()
{
    const UrlEntry e = entry(u"https://example.org/a.iso"_s, u"b.iso"_s, u"isos"_s, checksum(u"sha-256="_s + kSha256Hex),
                             {{"Authorization", "Bearer abc"}, {"Cookie", "a=1"}});
    const Result<QString> text = Aria2Export::entryText(e);
    QVERIFY2(text, qPrintable(text.problem()));
    QCOMPARE(text.value(), u"https://example.org/a.iso\n"
                           "  out=b.iso\n"
                           "  dir=isos\n"
                           "  checksum=sha-256="_s + kSha256Hex + u"\n"
                           "  header=Authorization: Bearer abc\n"
                           "  header=Cookie: a=1\n"_s);
    QCOMPARE(Aria2Export::entryText(limited(u"https://example.org/b.iso"_s, 2, 500 * 1024)).value(),
             u"https://example.org/b.iso\n"
             "  split=2\n"
             "  max-download-limit=500K\n"_s);
    // Nothing but the URL when there are no options.
    QCOMPARE(Aria2Export::entryText(entry(u"http://example.org/"_s)).value(), u"http://example.org/\n"_s);
}

void TestAria2Export::roundTrip_data()
{
    QTest::addColumn<UrlEntry>("original");

    QTest::newRow("URL only") << entry(u"https://example.org/pub/file.tar.gz"_s);
    QTest::newRow("query, port, escapes") << entry(u"http://example.org:8080/get?id=7&name=a%20b#frag"_s);
    QTest::newRow("non-ASCII path and host") << entry(u"https://bücher.example/ünïcode/файл.zip"_s);
    QTest::newRow("space in URL path") << entry(u"https://example.org/a b.iso"_s);
    QTest::newRow("out") << entry(u"https://example.org/x"_s, u"Renamed file (1).iso"_s);
    QTest::newRow("out with non-ASCII") << entry(u"https://example.org/x"_s, u"résumé €.pdf"_s);
    QTest::newRow("dir with spaces") << entry(u"https://example.org/x"_s, {}, u"My Downloads/isos"_s);
    QTest::newRow("relative dir") << entry(u"https://example.org/x"_s, {}, u"sub/dir"_s);
    QTest::newRow("sha-256") << entry(u"https://example.org/x"_s, {}, {}, checksum(u"sha-256="_s + kSha256Hex));
    QTest::newRow("sha-512") << entry(u"https://example.org/x"_s, {}, {}, checksum(u"sha-512="_s + QString(128, u'f')));
    QTest::newRow("sha-1") << entry(u"https://example.org/x"_s, {}, {},
                                    checksum(u"sha-1=da39a3ee5e6b4b0d3255bfef95601890afd80709"_s));
    QTest::newRow("md5") << entry(u"https://example.org/x"_s, {}, {}, checksum(u"md5=d41d8cd98f00b204e9800998ecf8427e"_s));
    QTest::newRow("headers, repeated, UTF-8, inner tab, empty value")
        << entry(u"https://example.org/x"_s, {}, {}, std::nullopt,
                 {{"Cookie", "a=1"}, {"Cookie", "b=2; c=3"}, {"X-Name", QByteArray("M\xC3\xBCller\tsen")}, {"X-Empty", ""},
                  {"Referer", "https://example.org/page?q=1"}});
    QTest::newRow("split") << limited(u"https://example.org/x"_s, 1, std::nullopt);
    QTest::newRow("limit in MiB") << limited(u"https://example.org/x"_s, std::nullopt, 2 * 1024 * 1024);
    QTest::newRow("limit in bytes") << limited(u"https://example.org/x"_s, std::nullopt, 1500);
    QTest::newRow("limit 0, unlimited") << limited(u"https://example.org/x"_s, std::nullopt, 0);
    QTest::newRow("split and limit") << limited(u"https://example.org/x"_s, 16, 500 * 1024);
    QTest::newRow("everything") << entry(u"https://example.org/all?x=1"_s, u"all.bin"_s, u"to/all"_s,
                                         checksum(u"md5=d41d8cd98f00b204e9800998ecf8427e"_s),
                                         {{"Authorization", "Basic dXNlcjpwYXNz"}});
}

void TestAria2Export::roundTrip()
{
    QFETCH(UrlEntry, original);
    const Aria2ExportText exported = Aria2Export::format({original});
    QVERIFY2(exported.skipped.isEmpty(), qPrintable(exported.skipped.value(0).reason));
    QCOMPARE(exported.written, 1);
    const ParsedUrlList parsed = UrlListParser::parse(exported.text);
    QVERIFY2(parsed.rejected.isEmpty(), qPrintable(describe(parsed) + u"\n"_s + exported.text));
    QVERIFY(parsed.duplicates.isEmpty());
    compareEntries(parsed.entries, {original});
}

void TestAria2Export::roundTripOfAWholeList()
{
    QList<UrlEntry> entries;
    for (int i = 0; i < 200; ++i) {
        UrlEntry e = entry(u"https://host%1.example/file-%2.bin"_s.arg(i % 7).arg(i));
        if (i % 2)
            e.outName = u"name-%1.bin"_s.arg(i);
        if (i % 3)
            e.dir = u"data/set %1"_s.arg(i % 5);
        if (i % 5 == 0)
            e.checksum = checksum(u"sha-256="_s + kSha256Hex);
        if (i % 4 == 0)
            e.headers = {{"Cookie", "session=" + QByteArray::number(i)}, {"X-Try", QByteArray::number(i * 3)}};
        entries.append(e);
    }
    const Aria2ExportText exported = Aria2Export::format(entries);
    QCOMPARE(exported.written, entries.size());
    QVERIFY(exported.skipped.isEmpty());
    QVERIFY(exported.text.endsWith(u'\n'));
    const ParsedUrlList parsed = UrlListParser::parse(exported.text);
    QVERIFY2(parsed.rejected.isEmpty(), qPrintable(describe(parsed)));
    compareEntries(parsed.entries, entries);
}

void TestAria2Export::lineBreaksCannotInject_data()
{
    QTest::addColumn<UrlEntry>("evil");
    QTest::addColumn<QString>("reason");

    const QString url = u"https://example.org/evil.bin"_s;
    QTest::newRow("LF in out adds an option")
        << entry(url, u"a.iso\n  dir=/etc"_s) << u"out contains a line break"_s;
    QTest::newRow("CR in out") << entry(url, u"a.iso\r  dir=/etc"_s) << u"out contains a line break"_s;
    QTest::newRow("LF in dir adds a URL")
        << entry(url, {}, u"tmp\nhttps://attacker.example/payload"_s) << u"dir contains a line break"_s;
    QTest::newRow("CRLF in a header value adds an option")
        << entry(url, {}, {}, std::nullopt, {{"X-A", "v\r\n  out=payload"}}) << u"header contains a line break"_s;
    QTest::newRow("CR in a header value adds a URL")
        << entry(url, {}, {}, std::nullopt, {{"X-A", "v\rhttps://attacker.example/payload"}})
        << u"header contains a line break"_s;
    QTest::newRow("LF in a header name")
        << entry(url, {}, {}, std::nullopt, {{"X-A\nhttps://attacker.example/payload", "v"}})
        << u"header contains a line break"_s;
}

void TestAria2Export::lineBreaksCannotInject()
{
    QFETCH(UrlEntry, evil);
    QFETCH(QString, reason);
    QCOMPARE(Aria2Export::entryText(evil).problem(), reason);

    // Between two good entries: the bad one is left out whole, and nothing of it reaches the reader.
    const UrlEntry before = entry(u"https://example.org/before.bin"_s, u"before.bin"_s);
    const UrlEntry after = entry(u"https://example.org/after.bin"_s, {}, u"srv/after"_s);
    const Aria2ExportText exported = Aria2Export::format({before, evil, after});
    QCOMPARE(exported.written, 2);
    QCOMPARE(exported.skipped.size(), 1);
    QCOMPARE(exported.skipped.first().index, 1);
    QCOMPARE(exported.skipped.first().reason, reason);
    QVERIFY(!exported.text.contains(u"attacker"_s));
    QVERIFY(!exported.text.contains(u"payload"_s));
    QVERIFY(!exported.text.contains(u"/etc"_s));
    QCOMPARE(exported.text.count(u'\n'), 4);  // two URL lines, two option lines
    const ParsedUrlList parsed = UrlListParser::parse(exported.text);
    QVERIFY2(parsed.rejected.isEmpty(), qPrintable(describe(parsed)));
    compareEntries(parsed.entries, {before, after});
}

void TestAria2Export::refusedWhenItWouldReadBackOtherwise_data()
{
    QTest::addColumn<UrlEntry>("entry");
    QTest::addColumn<QString>("reason");

    const QString url = u"https://example.org/f"_s;
    QTest::newRow("out with surrounding spaces") << entry(url, u" a.iso "_s) << u"out would not read back the same"_s;
    QTest::newRow("out with a slash") << entry(url, u"a/b"_s)
                                      << u"out would not read back: out must be a file name, not a path (it contains '/')"_s;
    QTest::newRow("out with bidi override") << entry(url, u"invoice\u202Efdp.exe"_s)
                                            << u"out would not read back: out contains a control or invisible character"_s;
    QTest::newRow("dir with leading space") << entry(url, {}, u" srv"_s) << u"dir would not read back the same"_s;
    QTest::newRow("dir not clean") << entry(url, {}, u"a//b/./c"_s) << u"dir would not read back the same"_s;
    QTest::newRow("dir absolute") << entry(url, {}, u"/srv"_s)
                                  << u"dir would not read back: dir must be a folder inside the download folder, not an absolute path"_s;
    QTest::newRow("dir leaving") << entry(url, {}, u"../srv"_s)
                                 << u"dir would not read back: dir leaves the download folder ('..')"_s;
    QTest::newRow("engine header") << entry(url, {}, {}, std::nullopt, {{"Range", "bytes=0-"}})
                                   << u"header would not read back: header 'Range' is set by Gather and cannot be overridden"_s;
    QTest::newRow("header value with trailing space") << entry(url, {}, {}, std::nullopt, {{"X-A", "v "}})
                                                      << u"header would not read back the same"_s;
    QTest::newRow("header value not UTF-8") << entry(url, {}, {}, std::nullopt, {{"X-A", "\xff\xfe"}})
                                            << u"header would not read back the same"_s;
    QTest::newRow("split out of range") << limited(url, 40, std::nullopt)
                                        << u"split would not read back: split must be a number of connections from 1 to 16, not '40'"_s;
    QTest::newRow("ftp URL") << entry(u"ftp://example.org/f"_s) << QString();
    QTest::newRow("no URL") << entry(QString()) << QString();
    QTest::newRow("URL too long") << entry(u"https://example.org/"_s + QString(UrlListParser::kMaxUrlLength, u'a'))
                                  << QString();
}

void TestAria2Export::refusedWhenItWouldReadBackOtherwise()
{
    QFETCH(UrlEntry, entry);
    QFETCH(QString, reason);
    const Result<QString> text = Aria2Export::entryText(entry);
    QVERIFY(!text);
    if (!reason.isEmpty())
        QCOMPARE(text.problem(), reason);
    else
        QVERIFY(!text.problem().isEmpty());  // the reader's own words about the URL
    const Aria2ExportText exported = Aria2Export::format({entry});
    QCOMPARE(exported.written, 0);
    QVERIFY(exported.text.isEmpty());
    QCOMPARE(exported.skipped.size(), 1);
}

void TestAria2Export::repeatedUrlWrittenOnce()
{
    // The reader keeps the first of a repeated URL and drops the options of the second.
    const UrlEntry first = entry(u"https://example.org/same.iso"_s, u"first.iso"_s);
    const UrlEntry second = entry(u"https://example.org/same.iso#again"_s, u"second.iso"_s);
    const Aria2ExportText exported = Aria2Export::format({first, second});
    QCOMPARE(exported.written, 1);
    QCOMPARE(exported.skipped.size(), 1);
    QCOMPARE(exported.skipped.first().index, 1);
    QVERIFY(exported.skipped.first().reason.startsWith(u"the same URL as an earlier entry"_s));
    const ParsedUrlList parsed = UrlListParser::parse(exported.text);
    QVERIFY(parsed.rejected.isEmpty() && parsed.duplicates.isEmpty());
    compareEntries(parsed.entries, {first});
}

void TestAria2Export::saveReplacesTheFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"list.txt"_s);
    QFile old(path);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("an older and longer list that must not survive in part\n");
    old.close();

    const QString text = Aria2Export::format({entry(u"https://example.org/ü.bin"_s, u"ü.bin"_s)}).text;
    const Result<void> saved = Aria2Export::save(path, text);
    QVERIFY2(saved, qPrintable(saved.problem()));
    QFile written(path);
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QByteArray bytes = written.readAll();
    QCOMPARE(bytes, text.toUtf8());
    QCOMPARE(bytes, QByteArray("https://example.org/%C3%BC.bin\n  out=\xC3\xBC.bin\n"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{u"list.txt"_s});  // no temporary left
}

void TestAria2Export::saveFailureSaysWhy()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // A folder that is a file: nothing can be created inside it, whoever runs the test.
    const QString blocker = dir.filePath(u"file"_s);
    QFile file(blocker);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const Result<void> saved = Aria2Export::save(blocker + u"/list.txt"_s, u"https://example.org/\n"_s);
    QVERIFY(!saved);
    QCOMPARE(saved.error().kind, ErrorKind::Disk);
    QVERIFY2(saved.problem().startsWith(u"Could not write "_s + blocker + u"/list.txt: "_s), qPrintable(saved.problem()));
}

QTEST_GUILESS_MAIN(TestAria2Export)
#include "tst_aria2export.moc"
