#include "intake/urllistparser.h"

#include <QList>
#include <QObject>
#include <QStringList>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// A list long enough to be parsed on several threads, in groups of lines whose outcome is known:
// entries with options, duplicates, rejections, comments and blank lines, every kind of line end.
struct MixedList {
    QString text;
    QList<UrlEntry> entries;
    QStringList written;  // each entry's URL as the text has it
    QList<DuplicateUrl> duplicates;
    QStringList repeatedWritten;  // each duplicate's URL as the text has it
    QList<RejectedLine> rejected;
    QList<int> counted;  // lines that are neither blank nor comments
};

MixedList mixedList(int groups)
{
    MixedList list;
    int lineNo = 0;
    QString lineEnd;
    const auto addLine = [&](const QString &line) {
        list.text += line + lineEnd;
        ++lineNo;
        if (!line.trimmed().isEmpty() && !line.trimmed().startsWith(u'#'))
            list.counted.append(lineNo);
    };
    const auto addEntry = [&](const QString &url) {
        UrlEntry entry;
        entry.url = QUrl(url, QUrl::StrictMode);
        entry.line = lineNo;
        list.entries.append(entry);
        list.written.append(url);
    };
    QList<int> firstLines;
    for (int i = 0; i < groups; ++i) {
        // A lone CR after a line and a blank line must not read as one CRLF, so a group keeps one kind.
        lineEnd = i % 3 == 0 ? u"\r\n"_s : i % 3 == 1 ? u"\n"_s : u"\r"_s;
        addLine(u"https://h%1.example/f/%2.bin"_s.arg(i % 7).arg(i));
        addEntry(u"https://h%1.example/f/%2.bin"_s.arg(i % 7).arg(i));
        firstLines.append(lineNo);
        addLine(u"\tout=f%1.bin"_s.arg(i));
        list.entries.last().outName = u"f%1.bin"_s.arg(i);
        addLine(i % 2 == 0 ? QString() : u"# note %1"_s.arg(i));
        if (i > 0) {
            const QString again = u"HTTPS://H%1.example:443/f/%2.bin#again"_s.arg((i - 1) % 7).arg(i - 1);
            addLine(again);
            list.duplicates.append({lineNo, QUrl(again, QUrl::StrictMode), firstLines.at(i - 1)});
            list.repeatedWritten.append(again);
        }
        if (i > 0 && i % 25 == 0) {
            addLine(u"  out=late.iso"_s);
            list.rejected.append({lineNo, u"out=late.iso"_s, u"option for a duplicate URL (ignored)"_s});
        }
        if (i % 10 == 0) {
            addLine(u"see https://x.example/t%1, and https://X.example/U%1."_s.arg(i));
            addEntry(u"https://x.example/t%1"_s.arg(i));
            addEntry(u"https://X.example/U%1"_s.arg(i));
        }
        if (i % 50 == 0) {
            addLine(u"junk %1"_s.arg(i));
            list.rejected.append({lineNo, u"junk %1"_s.arg(i), u"no http or https URL on this line"_s});
        }
    }
    return list;
}

void compareEntries(const QList<UrlEntry> &actual, const QList<UrlEntry> &expected)
{
    QCOMPARE(actual.size(), expected.size());
    for (qsizetype i = 0; i < actual.size(); ++i) {
        QCOMPARE(actual.at(i).line, expected.at(i).line);
        QCOMPARE(actual.at(i).url, expected.at(i).url);
        QCOMPARE(actual.at(i).outName, expected.at(i).outName);
    }
}

void compareDuplicates(const QList<DuplicateUrl> &actual, const QList<DuplicateUrl> &expected)
{
    QCOMPARE(actual.size(), expected.size());
    for (qsizetype i = 0; i < actual.size(); ++i) {
        QCOMPARE(actual.at(i).line, expected.at(i).line);
        QCOMPARE(actual.at(i).firstLine, expected.at(i).firstLine);
        QCOMPARE(actual.at(i).url, expected.at(i).url);
    }
}

void compareRejected(const QList<RejectedLine> &actual, const QList<RejectedLine> &expected)
{
    QCOMPARE(actual.size(), expected.size());
    for (qsizetype i = 0; i < actual.size(); ++i) {
        QCOMPARE(actual.at(i).line, expected.at(i).line);
        QCOMPARE(actual.at(i).text, expected.at(i).text);
        QCOMPARE(actual.at(i).reason, expected.at(i).reason);
    }
}

} // namespace

// Lists long enough to be parsed on several threads: the result must be the one a line-by-line
// reading gives. (The million-line timing is in tst_urllistparser.)
class TestLongUrlList final : public QObject
{
    Q_OBJECT

private slots:
    void longMixedList();
    void entryLimitInLongMixedList_data();
    void entryLimitInLongMixedList();
};

void TestLongUrlList::longMixedList()
{
    const MixedList list = mixedList(12'000);
    QVERIFY(list.text.size() > 1'000'000);  // past the size parsed on one thread

    const ParsedUrlList parsed = UrlListParser::parse(list.text);
    compareEntries(parsed.entries, list.entries);
    // Every repeat counted, the first kMaxDuplicateRows listed.
    QCOMPARE(parsed.duplicateCount, list.duplicates.size());
    QVERIFY(list.duplicates.size() > UrlListParser::kMaxDuplicateRows);
    compareDuplicates(parsed.duplicates, list.duplicates.first(UrlListParser::kMaxDuplicateRows));
    compareRejected(parsed.rejected, list.rejected);
}

void TestLongUrlList::entryLimitInLongMixedList_data()
{
    QTest::addColumn<int>("limit");  // URL lines, repeats included; -1: at a running-text line's second URL

    QTest::newRow("first block") << 1000;
    QTest::newRow("later block") << 12'345;
    QTest::newRow("second URL of a running-text line") << -1;
}

void TestLongUrlList::entryLimitInLongMixedList()
{
    QFETCH(int, limit);
    const MixedList list = mixedList(12'000);
    // Every URL in input order, kept or repeated: the limit counts them all.
    struct Url {
        int line;
        QString text;
        qsizetype entry;  // -1 for a repeat
    };
    QList<Url> urls;
    for (qsizetype i = 0; i < list.entries.size(); ++i)
        urls.append({list.entries.at(i).line, list.written.at(i), i});
    for (qsizetype i = 0; i < list.duplicates.size(); ++i)
        urls.append({list.duplicates.at(i).line, list.repeatedWritten.at(i), -1});
    std::stable_sort(urls.begin(), urls.end(), [](const Url &a, const Url &b) { return a.line < b.line; });
    if (limit < 0) {
        limit = 12'000;
        while (!urls.at(limit).text.startsWith(u"https://X.example/U"_s))
            ++limit;
    }
    const Url &first = urls.at(limit);
    const int limitLine = first.line;

    const ParsedUrlList parsed = UrlListParser::parse(list.text, limit);
    QList<UrlEntry> entries;
    for (const Url &url : urls.first(limit)) {
        if (url.entry >= 0)
            entries.append(list.entries.at(url.entry));
    }
    compareEntries(parsed.entries, entries);
    QList<DuplicateUrl> duplicates = list.duplicates;
    duplicates.removeIf([&](const DuplicateUrl &duplicate) { return duplicate.line >= limitLine; });
    QCOMPARE(parsed.duplicateCount, duplicates.size());
    compareDuplicates(parsed.duplicates, duplicates.first(std::min(duplicates.size(), UrlListParser::kMaxDuplicateRows)));

    QList<RejectedLine> rejected = list.rejected;
    rejected.removeIf([&](const RejectedLine &row) { return row.line >= limitLine; });
    const qsizetype skipped = std::count_if(list.counted.begin(), list.counted.end(), [&](int line) { return line >= limitLine; });
    rejected.append({limitLine, first.text,
                     u"list too long (limit %1); %2 lines from here on skipped"_s.arg(limit).arg(skipped)});
    compareRejected(parsed.rejected, rejected);
}

QTEST_GUILESS_MAIN(TestLongUrlList)
#include "tst_longurllist.moc"
