#include "intake/urllistloader.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QObject>
#include <QSignalSpy>
#include <QStringEncoder>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <memory>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace {

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::NewOnly) && file.write(bytes) == bytes.size();
}

QStringList urlsOf(const ParsedUrlList &parsed)
{
    QStringList urls;
    for (const UrlEntry &entry : parsed.entries)
        urls.append(entry.url.toString());
    return urls;
}

QStringList normalised(const QStringList &urls)
{
    QStringList out;
    for (const QString &url : urls)
        out.append(QUrl(url).toString());
    return out;
}

QString rowsOf(const ParsedUrlList &parsed)
{
    QStringList rows;
    for (const RejectedLine &row : parsed.rejected)
        rows.append(u"%1:%2: %3 (%4)"_s.arg(row.source).arg(row.line).arg(row.text, row.reason));
    return rows.join(u'\n');
}

QByteArray encoded(const QString &text, QStringConverter::Encoding encoding)
{
    QStringEncoder encoder(encoding, QStringConverter::Flag::WriteBom);
    return encoder(text);
}

} // namespace

class TestUrlListLoader final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void readsFiles_data();
    void readsFiles();
    void unreadableFiles_data();
    void unreadableFiles();
    void tooLarge();
    void singleSourceIsUnnamed();
    void crossSourceDuplicates();
    void sameFileNames();
    void entryLimitOverAllSources();
    void loadsAsynchronously();
    void destroyedWhileLoading();
    void hundredThousandUrls();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestUrlListLoader::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestUrlListLoader::readsFiles_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("urls");
    QTest::addColumn<QList<int>>("lines");
    QTest::addColumn<QString>("rejected");

    QTest::newRow("txt") << u"urls.txt"_s << QByteArray("https://a.example/1\nhttps://a.example/2\n")
                         << QStringList{u"https://a.example/1"_s, u"https://a.example/2"_s} << QList<int>{1, 2} << QString();
    QTest::newRow("lst with CRLF, comments and a bad line")
        << u"mirror.lst"_s << QByteArray("# list\r\nhttps://a.example/1\r\n\r\nnot a url\r\nhttps://a.example/2")
        << QStringList{u"https://a.example/1"_s, u"https://a.example/2"_s} << QList<int>{2, 5}
        << u":4: not a url (no http or https URL on this line)"_s;
    QTest::newRow("aria2 input with options")
        << u"aria2.input"_s << QByteArray("https://a.example/f\n  out=named.bin\n  dir=sub\nhttps://a.example/g\n")
        << QStringList{u"https://a.example/f"_s, u"https://a.example/g"_s} << QList<int>{1, 4} << QString();
    QTest::newRow("csv quoted and unquoted cells")
        << u"export.csv"_s
        << QByteArray("name,url,size\n\"file, one\",\"https://a.example/a.zip\",12\nb,https://a.example/b.zip,3\n"
                      "c,\"https://a.example/c?x=1,2\",4\nhttps://a.example/d.zip,https://a.example/e.zip\n")
        << QStringList{u"https://a.example/a.zip"_s, u"https://a.example/b.zip"_s, u"https://a.example/c?x=1,2"_s,
                       u"https://a.example/d.zip"_s, u"https://a.example/e.zip"_s}
        << QList<int>{2, 3, 4, 5, 5} << QString();
    QTest::newRow("csv with semicolons, a multi-line cell and a row without link")
        << u"Export.CSV"_s
        << QByteArray("\r\nName;Link\r\n\"two\r\nlines\";https://a.example/1;x\r\nmissing;\r\n;\r\n\"q\"\"uote\";\"https://a.example/2\"\r\n")
        << QStringList{u"https://a.example/1"_s, u"https://a.example/2"_s} << QList<int>{3, 7}
        << u":5: missing (no http or https URL on this line)"_s;
    QTest::newRow("tsv") << u"sheet.tsv"_s << QByteArray("a\thttps://a.example/1\tb\nhttps://a.example/2\t\n")
                         << QStringList{u"https://a.example/1"_s, u"https://a.example/2"_s} << QList<int>{1, 2} << QString();
    QTest::newRow("csv other schemes reported")
        << u"x.csv"_s << QByteArray("u\nftp://a.example/1,https://a.example/2\n")
        << QStringList{u"https://a.example/2"_s} << QList<int>{2} << u":2: ftp://a.example/1 (unsupported scheme 'ftp' (only http and https))"_s;
    QTest::newRow("utf-8 with bom") << u"bom.txt"_s << QByteArray("\xEF\xBB\xBFhttps://a.example/caf\xC3\xA9\n")
                                    << QStringList{u"https://a.example/caf\u00e9"_s} << QList<int>{1} << QString();
    QTest::newRow("utf-16le with bom") << u"le.txt"_s << encoded(u"https://a.example/\u4e2d\r\nhttps://a.example/2"_s, QStringConverter::Utf16LE)
                                       << QStringList{u"https://a.example/\u4e2d"_s, u"https://a.example/2"_s} << QList<int>{1, 2} << QString();
    QTest::newRow("utf-16be with bom") << u"be.txt"_s << encoded(u"https://a.example/\u00fc"_s, QStringConverter::Utf16BE)
                                       << QStringList{u"https://a.example/\u00fc"_s} << QList<int>{1} << QString();
    QTest::newRow("latin-1") << u"latin1.txt"_s << QByteArray("https://a.example/caf\xE9\nhttps://a.example/na\xEFve\n")
                             << QStringList{u"https://a.example/caf\u00e9"_s, u"https://a.example/na\u00efve"_s} << QList<int>{1, 2} << QString();
    QTest::newRow("empty") << u"empty.txt"_s << QByteArray("") << QStringList() << QList<int>() << QString();
}

void TestUrlListLoader::readsFiles()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, urls);
    QFETCH(QList<int>, lines);
    QFETCH(QString, rejected);

    const QString path = m_dir->filePath(name);
    QVERIFY(writeFile(path, bytes));
    const LoadedUrlList loaded = UrlListLoader::read(DroppedInput{QString(), {path}});
    QVERIFY(loaded.problems.isEmpty());
    QCOMPARE(loaded.sources, QStringList{name});
    QCOMPARE(urlsOf(loaded.parsed), normalised(urls));
    QList<int> actualLines;
    for (const UrlEntry &entry : loaded.parsed.entries)
        actualLines.append(entry.line);
    QCOMPARE(actualLines, lines);
    QCOMPARE(rowsOf(loaded.parsed), rejected);
    if (name == u"aria2.input"_s) {
        QCOMPARE(loaded.parsed.entries.first().outName, u"named.bin"_s);
        QCOMPARE(loaded.parsed.entries.first().dir, u"sub"_s);
    }
}

void TestUrlListLoader::unreadableFiles_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("reason");

    QTest::newRow("missing") << u"missing"_s << u"No such file or directory"_s;
    QTest::newRow("folder") << u"folder"_s << u"is a folder, not a file"_s;
    QTest::newRow("fifo") << u"fifo"_s << u"not a regular file"_s;
    QTest::newRow("binary") << u"binary"_s << u"not a text file"_s;
    QTest::newRow("binary after text") << u"late binary"_s << u"not a text file"_s;
    QTest::newRow("no permission") << u"no permission"_s << u"Permission denied"_s;
}

void TestUrlListLoader::unreadableFiles()
{
    QFETCH(QString, kind);
    QFETCH(QString, reason);

    const QString path = m_dir->filePath(u"list.txt"_s);
    if (kind == u"folder"_s) {
        QVERIFY(QDir().mkdir(path));
    } else if (kind == u"fifo"_s) {
        QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0600), 0);
    } else if (kind == u"binary"_s) {
        QVERIFY(writeFile(path, QByteArray("\x7F" "ELF\x02\x01\x01\0\0\0https://a.example/1\n", 29)));
    } else if (kind == u"late binary"_s) {
        QVERIFY(writeFile(path, QByteArray("https://a.example/1\n").repeated(1000) + QByteArray(1, '\0')));
    } else if (kind == u"no permission"_s) {
        QVERIFY(writeFile(path, "https://a.example/1\n"));
        QVERIFY(QFile::setPermissions(path, QFileDevice::Permissions()));
        QFile probe(path);
        if (probe.open(QIODevice::ReadOnly))
            QSKIP("running with the privilege to read any file");
    }

    // The dropped text is read even though the file is not.
    const LoadedUrlList loaded = UrlListLoader::read(DroppedInput{u"https://a.example/text"_s, {path}});
    QCOMPARE(loaded.problems.size(), 1);
    QCOMPARE(loaded.problems.first().source, u"list.txt"_s);
    QVERIFY2(loaded.problems.first().reason.contains(reason, Qt::CaseInsensitive), qPrintable(loaded.problems.first().reason));
    QCOMPARE(urlsOf(loaded.parsed), QStringList{u"https://a.example/text"_s});
    QCOMPARE(loaded.sources, (QStringList{u"Dropped text"_s, u"list.txt"_s}));
}

void TestUrlListLoader::tooLarge()
{
    const QString small = m_dir->filePath(u"small.txt"_s);
    const QString large = m_dir->filePath(u"large.txt"_s);
    QVERIFY(writeFile(small, QByteArray("https://a.example/s\n")));
    QVERIFY(writeFile(large, QByteArray("https://a.example/l\n").repeated(200)));

    QThreadPool pool;
    UrlListLoader loader(&pool);
    QCOMPARE(loader.maxFileBytes(), UrlListLoader::kDefaultMaxFileBytes);
    loader.setMaxFileBytes(1024);
    QSignalSpy spy(&loader, &UrlListLoader::loaded);
    loader.load({QString(), {small, large}});
    QTRY_COMPARE(spy.size(), 1);
    const auto result = spy.first().at(1).value<LoadedUrlList>();
    QCOMPARE(urlsOf(result.parsed), QStringList{u"https://a.example/s"_s});
    QCOMPARE(result.problems.size(), 1);
    QCOMPARE(result.problems.first().source, u"large.txt"_s);
    QCOMPARE(result.problems.first().reason, u"too large (3.9 KiB, limit 1.0 KiB)"_s);
}

void TestUrlListLoader::singleSourceIsUnnamed()
{
    const LoadedUrlList loaded = UrlListLoader::read(DroppedInput{u"https://a.example/1\nhttps://a.example/1\nbad"_s, {}});
    QCOMPARE(loaded.sources, QStringList{u"Dropped text"_s});
    // Text from elsewhere says where it came from (the Add dialog's "Read from:").
    QCOMPARE(UrlListLoader::read(DroppedInput{u"https://a.example/1"_s, {}, u"Command line"_s}).sources,
             QStringList{u"Command line"_s});
    QCOMPARE(loaded.parsed.entries.size(), 1);
    QCOMPARE(loaded.parsed.duplicates.size(), 1);
    QCOMPARE(loaded.parsed.duplicates.first().source, QString());
    QCOMPARE(loaded.parsed.duplicates.first().firstSource, QString());
    QCOMPARE(loaded.parsed.duplicates.first().firstLine, 1);
    QCOMPARE(rowsOf(loaded.parsed), u":3: bad (no http or https URL on this line)"_s);
    QVERIFY(UrlListLoader::read(DroppedInput{}).sources.isEmpty());
}

void TestUrlListLoader::crossSourceDuplicates()
{
    const QString a = m_dir->filePath(u"a.txt"_s);
    const QString b = m_dir->filePath(u"b.csv"_s);
    QVERIFY(writeFile(a, "https://a.example/2\nhttps://a.example/3\nbad line\nhttps://a.example/3\n"));
    QVERIFY(writeFile(b, "url\n\"https://a.example/3#frag\"\nHTTPS://A.EXAMPLE:443/1\nhttps://a.example/4\n"));

    const LoadedUrlList loaded = UrlListLoader::read(DroppedInput{u"https://a.example/1\nhttps://a.example/2"_s, {a, b}});
    QCOMPARE(loaded.sources, (QStringList{u"Dropped text"_s, u"a.txt"_s, u"b.csv"_s}));
    QCOMPARE(urlsOf(loaded.parsed), (QStringList{u"https://a.example/1"_s, u"https://a.example/2"_s,
                                                 u"https://a.example/3"_s, u"https://a.example/4"_s}));
    QCOMPARE(rowsOf(loaded.parsed), u"a.txt:3: bad line (no http or https URL on this line)"_s);

    struct Expected {
        QString source;
        int line;
        QString firstSource;
        int firstLine;
    };
    const QList<Expected> expected = {
        {u"a.txt"_s, 1, u"Dropped text"_s, 2},
        {u"a.txt"_s, 4, u"a.txt"_s, 2},
        {u"b.csv"_s, 2, u"a.txt"_s, 2},
        {u"b.csv"_s, 3, u"Dropped text"_s, 1},
    };
    QCOMPARE(loaded.parsed.duplicates.size(), expected.size());
    QCOMPARE(loaded.parsed.duplicateCount, expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const DuplicateUrl &duplicate = loaded.parsed.duplicates.at(i);
        QCOMPARE(duplicate.source, expected.at(i).source);
        QCOMPARE(duplicate.line, expected.at(i).line);
        QCOMPARE(duplicate.firstSource, expected.at(i).firstSource);
        QCOMPARE(duplicate.firstLine, expected.at(i).firstLine);
    }
    QCOMPARE(loaded.parsed.entries.at(2).line, 2);
}

void TestUrlListLoader::sameFileNames()
{
    QVERIFY(QDir(m_dir->path()).mkpath(u"one"_s));
    QVERIFY(QDir(m_dir->path()).mkpath(u"two"_s));
    const QString first = m_dir->filePath(u"one/urls.txt"_s);
    const QString second = m_dir->filePath(u"two/urls.txt"_s);
    QVERIFY(writeFile(first, "https://a.example/1\n"));
    QVERIFY(writeFile(second, "https://a.example/1\n"));

    const LoadedUrlList loaded = UrlListLoader::read(DroppedInput{QString(), {first, second}});
    QCOMPARE(loaded.sources, (QStringList{first, second}));
    QCOMPARE(loaded.parsed.duplicates.size(), 1);
    QCOMPARE(loaded.parsed.duplicates.first().source, second);
    QCOMPARE(loaded.parsed.duplicates.first().firstSource, first);
}

void TestUrlListLoader::entryLimitOverAllSources()
{
    const QString file = m_dir->filePath(u"more.txt"_s);
    QVERIFY(writeFile(file, "https://a.example/1\nhttps://a.example/4\nhttps://a.example/5\nhttps://a.example/6\n"));
    const LoadedUrlList loaded = UrlListLoader::read(DroppedInput{u"https://a.example/1\nhttps://a.example/2\nhttps://a.example/3"_s, {file}}, 1 << 20, 4);
    QCOMPARE(urlsOf(loaded.parsed), (QStringList{u"https://a.example/1"_s, u"https://a.example/2"_s,
                                                 u"https://a.example/3"_s, u"https://a.example/4"_s}));
    QCOMPARE(loaded.parsed.duplicates.size(), 1);
    QCOMPARE(rowsOf(loaded.parsed), u"more.txt:3: https://a.example/5 (list too long (limit 4); 2 more URLs skipped)"_s);
}

void TestUrlListLoader::loadsAsynchronously()
{
    const QString file = m_dir->filePath(u"f.txt"_s);
    QVERIFY(writeFile(file, "https://a.example/f\n"));
    QThreadPool pool;
    UrlListLoader loader(&pool);
    QSignalSpy spy(&loader, &UrlListLoader::loaded);
    const quint64 first = loader.load({u"https://a.example/t"_s, {}});
    const quint64 second = loader.load({QString(), {file}});
    QVERIFY(first != second);
    QTRY_COMPARE(spy.size(), 2);

    QHash<quint64, QStringList> byTicket;
    for (const QList<QVariant> &signal : std::as_const(spy))
        byTicket.insert(signal.at(0).toULongLong(), urlsOf(signal.at(1).value<LoadedUrlList>().parsed));
    QCOMPARE(byTicket.value(first), QStringList{u"https://a.example/t"_s});
    QCOMPARE(byTicket.value(second), QStringList{u"https://a.example/f"_s});
}

void TestUrlListLoader::destroyedWhileLoading()
{
    QString text;
    for (int i = 0; i < 50'000; ++i)
        text += u"https://a.example/%1\n"_s.arg(i);
    QThreadPool pool;
    QObject receiver;
    int delivered = 0;
    for (int round = 0; round < 20; ++round) {
        auto *loader = new UrlListLoader(&pool);
        connect(loader, &UrlListLoader::loaded, &receiver, [&delivered] { ++delivered; });
        loader->load({text, {}});
        loader->load({QString(), {m_dir->filePath(u"missing.txt"_s)}});
        delete loader;
    }
    QVERIFY(pool.waitForDone(30'000));
    QCoreApplication::sendPostedEvents();
    QCOMPARE(delivered, 0);
}

void TestUrlListLoader::hundredThousandUrls()
{
    constexpr int kUrls = 100'000;
    QByteArray bytes;
    bytes.reserve(kUrls * 56);
    for (int i = 0; i < kUrls; ++i)
        bytes += "https://mirror.example/pub/archive/file-" + QByteArray::number(i).rightJustified(6, '0') + ".bin\n";
    QVERIFY(bytes.size() > 5'000'000);
    const QString path = m_dir->filePath(u"big.txt"_s);
    QVERIFY(writeFile(path, bytes));

    QThreadPool pool;
    UrlListLoader loader(&pool);
    QSignalSpy spy(&loader, &UrlListLoader::loaded);
    QElapsedTimer timer;
    timer.start();
    loader.load({QString(), {path}});
    QCOMPARE(spy.size(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 1, 20'000);
    qInfo("100,000 URLs from %lld bytes loaded in %lld ms", qint64(bytes.size()), timer.elapsed());
    const auto result = spy.first().at(1).value<LoadedUrlList>();
    QVERIFY(result.problems.isEmpty());
    QCOMPARE(result.parsed.entries.size(), kUrls);
    QVERIFY(result.parsed.rejected.isEmpty());
    QVERIFY(result.parsed.duplicates.isEmpty());
    QCOMPARE(result.parsed.entries.first().url, QUrl(u"https://mirror.example/pub/archive/file-000000.bin"_s));
    QCOMPARE(result.parsed.entries.last().url, QUrl(u"https://mirror.example/pub/archive/file-099999.bin"_s));
    QCOMPARE(result.parsed.entries.last().line, kUrls);
}

QTEST_GUILESS_MAIN(TestUrlListLoader)
#include "tst_urllistloader.moc"
