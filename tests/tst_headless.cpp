// gather --headless as a user runs it, against the loopback fault server: the slow-answers
// demonstration (concurrency measured from the server's log), exit codes, the report's order,
// aria2 input options, stdin lists, and Ctrl-C leaving resumable .part files.
#include "enginefixture.h"
#include "faultserver.h"
#include "headlessrun.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace std::chrono_literals;

class TestHeadless final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.listen()); }
    void init() { m_server.clearRecords(); }

    void slowAnswersOverlap_data();
    void slowAnswersOverlap();
    void usageErrorsExitTwo_data();
    void usageErrorsExitTwo();
    void reportFollowsInputOrder();
    void aria2OptionsApply();
    void listFromStandardInput();
    void onExistingSkipReportsTheNote();
    void finishedLinesWhenNotATerminal();
    void interruptKeepsPartFiles();
    void rerunContinuesWhereInterrupted();
    void rerunDoesNotFetchCompletedAgain();
    void rerunOfAChangedFileStartsAfresh();
    void noResumeStartsFromZeroInThePart();
    void oneFolderOneRun();
    void badResumeStateNeverStopsARun();

private:
    QString writeList(const QTemporaryDir &dir, const QString &text);
    // Starts a run of URL into DIR, lets the .part grow past BYTES, interrupts it with Ctrl-C
    // and returns how many bytes it reported (0 on failure, with the reason logged).
    qint64 interruptPartWay(const QString &dir, const QString &url, qint64 bytes, const QStringList &extra = {});
    // A file served at bytesPerSecond with a strong ETag, so a later run can resume it.
    void serveSlowly(const QString &path, qint64 size, quint32 seed, qint64 bytesPerSecond = 4 * 1024 * 1024);
    // The first byte of the range the last request for PATH asked for; -1 without a Range.
    qint64 lastRangeStart(const QString &path) const;
    FaultServer m_server;
};

QString TestHeadless::writeList(const QTemporaryDir &dir, const QString &text)
{
    const QString path = dir.filePath(QStringLiteral("list.txt"));
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(text.toUtf8());
    return path;
}

void TestHeadless::slowAnswersOverlap_data()
{
    QTest::addColumn<int>("jobs");
    QTest::addColumn<int>("waves");
    QTest::addColumn<int>("urls");
    QTest::newRow("-j 20: one wave of 2 s") << 20 << 1 << 20;
    QTest::newRow("-j 5: four waves of 2 s") << 5 << 4 << 20;
    QTest::newRow("-j 50: 50 at once to one host") << 50 << 1 << 50;
}

void TestHeadless::slowAnswersOverlap()
{
    // The README's demonstration: 20 URLs whose server waits 2 s before answering.
    QFETCH(int, jobs);
    QFETCH(int, waves);
    QFETCH(int, urls);
    FaultResponse slow = FaultResponse::generated(10'000);
    slow.delayBeforeHeadersMs = 2000;
    m_server.setResponse(QStringLiteral("/slow/*"), slow);
    QTemporaryDir dir;
    QStringList list;
    for (int i = 0; i < urls; ++i)
        list.append(m_server.url(QStringLiteral("/slow/file%1.bin").arg(i)).toString());
    HeadlessRun run;
    QVERIFY2(run.run({QStringLiteral("-j"), QString::number(jobs), QStringLiteral("--max-per-host"), QString::number(jobs),
                      QStringLiteral("-q"), QStringLiteral("-d"), dir.path(), QStringLiteral("-i"), writeList(dir, list.join(u'\n'))},
                     60s),
             qPrintable(run.describe()));
    QCOMPARE(run.exitCode(), 0);
    QCOMPARE(run.report().size(), urls);

    const QList<RecordedRequest> requests = m_server.requests(QStringLiteral("/slow/*"));
    QCOMPARE(requests.size(), urls);
    QCOMPARE(m_server.maxConcurrentRequests(), jobs);
    qint64 first = std::numeric_limits<qint64>::max(), last = 0;
    for (const RecordedRequest &r : requests) {
        first = std::min(first, r.startedMs);
        last = std::max(last, r.finishedMs);
    }
    const qint64 span = last - first;
    qInfo("-j %d: %d requests served in %lld ms, at most %d at once", jobs, urls, span, m_server.maxConcurrentRequests());
    // Each wave takes the server's 2 s; waves cannot overlap, and a wave's spread stays small.
    QVERIFY2(span >= waves * 2000 - 50, qPrintable(QString::number(span)));
    QVERIFY2(span < waves * 2000 + 1500, qPrintable(QString::number(span)));
}

void TestHeadless::usageErrorsExitTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("no URLs") << QStringList{} << QStringLiteral("No URLs given");
    QTest::newRow("unknown flag") << QStringList{QStringLiteral("--frobnicate")} << QStringLiteral("Unknown option");
    QTest::newRow("-j zero") << QStringList{QStringLiteral("-j"), QStringLiteral("0"), QStringLiteral("http://127.0.0.1:1/x")}
                             << QStringLiteral("--max-concurrent takes a whole number");
    QTest::newRow("per-host over 64") << QStringList{QStringLiteral("--max-per-host"), QStringLiteral("65"), QStringLiteral("http://127.0.0.1:1/x")}
                                      << QStringLiteral("--max-per-host takes a whole number from 1 to 64");
    QTest::newRow("split over 32") << QStringList{QStringLiteral("--split"), QStringLiteral("33"), QStringLiteral("http://127.0.0.1:1/x")}
                                   << QStringLiteral("--split takes a whole number from 1 to 32");
    QTest::newRow("split not a number") << QStringList{QStringLiteral("-s"), QStringLiteral("many"), QStringLiteral("http://127.0.0.1:1/x")}
                                        << QStringLiteral("--split takes a whole number from 1 to 32");
    QTest::newRow("min split size below 1M") << QStringList{QStringLiteral("--min-split-size"), QStringLiteral("512K"), QStringLiteral("http://127.0.0.1:1/x")}
                                             << QStringLiteral("--min-split-size must be at least 1M");
    QTest::newRow("min split size garbage") << QStringList{QStringLiteral("--min-split-size"), QStringLiteral("big"), QStringLiteral("http://127.0.0.1:1/x")}
                                            << QStringLiteral("--min-split-size takes a size like");
    QTest::newRow("missing list file") << QStringList{QStringLiteral("-i"), QStringLiteral("/nonexistent/list.txt")}
                                       << QStringLiteral("Cannot read the list");
    QTest::newRow("bad header") << QStringList{QStringLiteral("--header"), QStringLiteral("no colon"), QStringLiteral("http://127.0.0.1:1/x")}
                                << QStringLiteral("--header must look like");
    QTest::newRow("bad checksum") << QStringList{QStringLiteral("--checksum"), QStringLiteral("sha-256=xyz"), QStringLiteral("http://127.0.0.1:1/x")}
                                  << QStringLiteral("--checksum: sha-256 checksum needs 64 hex digits");
    QTest::newRow("checksum with two URLs") << QStringList{QStringLiteral("--checksum"), QStringLiteral("md5=00000000000000000000000000000000"),
                                                           QStringLiteral("http://127.0.0.1:1/x"), QStringLiteral("http://127.0.0.1:1/y")}
                                            << QStringLiteral("--checksum applies to exactly one URL");
}

void TestHeadless::usageErrorsExitTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    HeadlessRun run;
    QVERIFY2(run.run(arguments, 20s), qPrintable(run.describe()));
    QCOMPARE(run.exitCode(), 2);
    QVERIFY2(QString::fromUtf8(run.standardError()).contains(message), qPrintable(run.describe()));
    QVERIFY(run.standardOutput().isEmpty());
}

void TestHeadless::reportFollowsInputOrder()
{
    m_server.setResponse(QStringLiteral("/a.bin"), FaultResponse::generated(100, 1));
    FaultResponse slowB = FaultResponse::generated(200, 2);
    slowB.delayBeforeHeadersMs = 300;  // finishes last, yet is reported second
    m_server.setResponse(QStringLiteral("/b.bin"), slowB);
    m_server.setResponse(QStringLiteral("/c.bin"), FaultResponse::withStatus(410));
    QTemporaryDir dir;
    const QString list = m_server.url(QStringLiteral("/a.bin")).toString() + u'\n'
        + m_server.url(QStringLiteral("/b.bin")).toString() + QStringLiteral("\nmailto:someone@example.org\n")
        + m_server.url(QStringLiteral("/c.bin")).toString() + u'\n' + m_server.url(QStringLiteral("/a.bin")).toString() + u'\n';
    HeadlessRun run;
    QVERIFY2(run.run({QStringLiteral("-q"), QStringLiteral("-d"), dir.path(), QStringLiteral("-i"), writeList(dir, list)}, 30s),
             qPrintable(run.describe()));
    QCOMPARE(run.exitCode(), 1);
    const QList<ReportLine> report = run.report();
    QCOMPARE(report.size(), 4);  // the duplicate of a.bin is not downloaded twice
    QCOMPARE(report[0].status, QStringLiteral("ok"));
    QCOMPARE(report[0].path, dir.filePath(QStringLiteral("a.bin")));
    QCOMPARE(report[0].bytes, 100);
    QCOMPARE(report[1].status, QStringLiteral("ok"));
    QCOMPARE(report[1].url, m_server.url(QStringLiteral("/b.bin")).toString());
    QCOMPARE(report[2].status, QStringLiteral("rejected"));
    QVERIFY(report[2].error.contains(QStringLiteral("line 3")));
    QCOMPARE(report[3].status, QStringLiteral("failed"));
    QCOMPARE(report[3].error, QStringLiteral("Server said 410 Gone"));
    QCOMPARE(m_server.requestCount(QStringLiteral("/a.bin")), 1);
}

void TestHeadless::aria2OptionsApply()
{
    const QByteArray content = FaultServer::generatedBody(5000, 9);
    m_server.setResponse(QStringLiteral("/payload"), FaultResponse::generated(5000, 9));
    QTemporaryDir dir;
    const QString sha = QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
    const QString list = m_server.url(QStringLiteral("/payload")).toString()
        + QStringLiteral("\n  out=renamed.dat\n  dir=sub/folder\n  checksum=sha-256=") + sha
        + QStringLiteral("\n  header=X-Token: abc123\n");
    HeadlessRun run;
    QVERIFY2(run.run({QStringLiteral("-q"), QStringLiteral("-d"), dir.path(), QStringLiteral("-i"), writeList(dir, list),
                      QStringLiteral("--header"), QStringLiteral("X-Global: yes")}, 30s),
             qPrintable(run.describe()));
    QCOMPARE(run.exitCode(), 0);
    const QString expected = dir.filePath(QStringLiteral("sub/folder/renamed.dat"));
    QCOMPARE(run.report().first().path, expected);
    QVERIFY(QFileInfo::exists(expected));
    const RecordedRequest request = m_server.requests(QStringLiteral("/payload")).first();
    QCOMPARE(request.header("x-token"), QByteArrayLiteral("abc123"));
    QCOMPARE(request.header("x-global"), QByteArrayLiteral("yes"));
}

void TestHeadless::listFromStandardInput()
{
    m_server.setResponse(QStringLiteral("/in.bin"), FaultResponse::generated(321));
    QTemporaryDir dir;
    HeadlessRun run;
    run.setStandardInput(QByteArrayLiteral("Grab this please: ") + m_server.url(QStringLiteral("/in.bin")).toEncoded() + ", thanks!\n");
    QVERIFY2(run.run({QStringLiteral("-q"), QStringLiteral("-d"), dir.path(), QStringLiteral("-i"), QStringLiteral("-")}, 30s),
             qPrintable(run.describe()));
    QCOMPARE(run.exitCode(), 0);
    QCOMPARE(run.report().size(), 1);
    QCOMPARE(QFileInfo(dir.filePath(QStringLiteral("in.bin"))).size(), 321);
}

void TestHeadless::onExistingSkipReportsTheNote()
{
    m_server.setResponse(QStringLiteral("/have.bin"), FaultResponse::generated(4096));
    QTemporaryDir dir;
    QFile old(dir.filePath(QStringLiteral("have.bin")));
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("mine");
    old.close();
    HeadlessRun run;
    QVERIFY2(run.run({QStringLiteral("-q"), QStringLiteral("-d"), dir.path(), QStringLiteral("--on-existing"), QStringLiteral("skip"),
                      m_server.url(QStringLiteral("/have.bin")).toString()}, 30s),
             qPrintable(run.describe()));
    QCOMPARE(run.exitCode(), 0);
    QCOMPARE(run.report().size(), 1);
    const ReportLine line = run.report().first();
    QCOMPARE(line.status, QStringLiteral("ok"));
    QCOMPARE(line.path, dir.filePath(QStringLiteral("have.bin")));
    QVERIFY2(line.error.startsWith(QStringLiteral("Skipped: have.bin already exists")), qPrintable(line.error));
    QVERIFY(old.open(QIODevice::ReadOnly));
    QCOMPARE(old.readAll(), QByteArrayLiteral("mine"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);
}

void TestHeadless::finishedLinesWhenNotATerminal()
{
    m_server.setResponse(QStringLiteral("/one.bin"), FaultResponse::generated(10));
    m_server.setResponse(QStringLiteral("/two.bin"), FaultResponse::withStatus(404));
    QTemporaryDir dir;
    HeadlessRun run;
    QVERIFY2(run.run({QStringLiteral("-d"), dir.path(), m_server.url(QStringLiteral("/one.bin")).toString(),
                      m_server.url(QStringLiteral("/two.bin")).toString()}, 30s),
             qPrintable(run.describe()));
    QCOMPARE(run.exitCode(), 1);
    const QStringList lines = QString::fromUtf8(run.standardError()).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QVERIFY(lines.filter(QStringLiteral("done    one.bin")).size() == 1);
    QVERIFY(lines.filter(QStringLiteral("Server said 404 Not Found")).size() == 1);
    QVERIFY(!run.standardError().contains('\x1b'));  // no terminal control codes into a pipe
}

void TestHeadless::interruptKeepsPartFiles()
{
    constexpr qint64 size = 32 * 1024 * 1024;
    FaultResponse slow = FaultResponse::generated(size, 4);
    slow.bytesPerSecond = 4 * 1024 * 1024;
    m_server.setResponse(QStringLiteral("/big.bin"), slow);
    QTemporaryDir dir;
    HeadlessRun run;
    run.start({QStringLiteral("-q"), QStringLiteral("-d"), dir.path(), m_server.url(QStringLiteral("/big.bin")).toString()});
    const QString part = dir.filePath(QStringLiteral("big.bin.part"));
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(part).size() > 512 * 1024, 15000);
    run.sendSignal(SIGINT);
    QVERIFY2(run.waitForFinished(20s), qPrintable(run.describe()));
    QCOMPARE(run.exitCode(), 130);
    const QList<ReportLine> report = run.report();
    QCOMPARE(report.size(), 1);
    QCOMPARE(report[0].status, QStringLiteral("interrupted"));
    QCOMPARE(report[0].path, part);
    QVERIFY(report[0].bytes > 0 && report[0].bytes < size);
    // What was reported is on disk and is exactly the start of the file.
    QFile file(part);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.size() >= report[0].bytes);
    QCOMPARE(file.read(report[0].bytes), FaultServer::generatedSlice(0, report[0].bytes, 4));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("big.bin"))));
}

void TestHeadless::serveSlowly(const QString &path, qint64 size, quint32 seed, qint64 bytesPerSecond)
{
    FaultResponse slow = FaultResponse::generated(size, seed);
    slow.bytesPerSecond = bytesPerSecond;
    slow.etag = '"' + path.toLatin1() + "-v1\"";
    m_server.setResponse(path, slow);
}

qint64 TestHeadless::lastRangeStart(const QString &path) const
{
    const QList<RecordedRequest> requests = m_server.requests(path);
    return requests.isEmpty() ? -2 : requests.last().rangeStart();
}

qint64 TestHeadless::interruptPartWay(const QString &dir, const QString &url, qint64 bytes, const QStringList &extra)
{
    HeadlessRun run;
    run.start(QStringList{QStringLiteral("-q"), QStringLiteral("-d"), dir} + extra + QStringList{url});
    const QString part = QDir(dir).filePath(QUrl(url).fileName() + QStringLiteral(".part"));
    if (!QTest::qWaitFor([&] { return QFileInfo(part).size() > bytes; }, 15000)) {
        qWarning("the .part did not grow: %s", qPrintable(run.describe()));
        return 0;
    }
    run.sendSignal(SIGINT);
    if (!run.waitForFinished(20s) || run.exitCode() != 130 || run.report().size() != 1) {
        qWarning("the interrupted run did not end as expected: %s", qPrintable(run.describe()));
        return 0;
    }
    return run.report().constFirst().bytes;
}

void TestHeadless::rerunContinuesWhereInterrupted()
{
    constexpr qint64 size = 8 * 1024 * 1024;
    serveSlowly(QStringLiteral("/resume.bin"), size, 21);
    QTemporaryDir dir;
    const QString url = m_server.url(QStringLiteral("/resume.bin")).toString();
    const qint64 reported = interruptPartWay(dir.path(), url, 1024 * 1024, {QStringLiteral("-s"), QStringLiteral("1")});
    QVERIFY(reported > 0);
    QVERIFY(QFileInfo(dir.filePath(QStringLiteral(".gather/downloads.db"))).isFile());

    m_server.clearRecords();
    HeadlessRun again;
    QVERIFY2(again.run({QStringLiteral("-q"), QStringLiteral("-d"), dir.path(), QStringLiteral("-s"), QStringLiteral("1"), url}, 30s),
             qPrintable(again.describe()));
    QCOMPARE(again.exitCode(), 0);
    // Exactly from the bytes the interrupted run reported, validated against the same file.
    QCOMPARE(lastRangeStart(QStringLiteral("/resume.bin")), reported);
    QCOMPARE(m_server.requests(QStringLiteral("/resume.bin")).constLast().header("if-range"), QByteArray("\"/resume.bin-v1\""));
    QCOMPARE(EngineFixture::fileSha256(dir.filePath(QStringLiteral("resume.bin"))), EngineFixture::sha256(FaultServer::generatedBody(size, 21)));
    // Nothing is left to continue: the folder holds the file and nothing else.
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList{QStringLiteral("resume.bin")});
}

void TestHeadless::rerunDoesNotFetchCompletedAgain()
{
    constexpr qint64 size = 8 * 1024 * 1024;
    m_server.setResponse(QStringLiteral("/small.bin"), FaultResponse::generated(1000, 22));
    serveSlowly(QStringLiteral("/big.bin"), size, 23);
    QTemporaryDir dir;
    const QString list = m_server.url(QStringLiteral("/small.bin")).toString() + u'\n'
        + m_server.url(QStringLiteral("/big.bin")).toString() + u'\n';
    const QString listPath = writeList(dir, list);
    const QString out = dir.filePath(QStringLiteral("out"));
    HeadlessRun run;
    run.start({QStringLiteral("-q"), QStringLiteral("-d"), out, QStringLiteral("-i"), listPath});
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(out + QStringLiteral("/big.bin.part")).size() > 1024 * 1024
                                 && QFileInfo::exists(out + QStringLiteral("/small.bin")), 15000);
    run.sendSignal(SIGINT);
    QVERIFY2(run.waitForFinished(20s), qPrintable(run.describe()));
    QCOMPARE(run.exitCode(), 130);

    HeadlessRun again;
    QVERIFY2(again.run({QStringLiteral("-q"), QStringLiteral("-d"), out, QStringLiteral("-i"), listPath}, 30s), qPrintable(again.describe()));
    QCOMPARE(again.exitCode(), 0);
    const QList<ReportLine> report = again.report();
    QCOMPARE(report.size(), 2);
    QCOMPARE(report[0].status, QStringLiteral("ok"));
    QCOMPARE(report[0].error, QStringLiteral("Already downloaded"));
    QCOMPARE(report[0].path, out + QStringLiteral("/small.bin"));
    QCOMPARE(m_server.requestCount(QStringLiteral("/small.bin")), 1);
    QVERIFY(lastRangeStart(QStringLiteral("/big.bin")) > 0);
    QCOMPARE(EngineFixture::fileSha256(out + QStringLiteral("/big.bin")), EngineFixture::sha256(FaultServer::generatedBody(size, 23)));
    QCOMPARE(EngineFixture::fileSha256(out + QStringLiteral("/small.bin")), EngineFixture::sha256(FaultServer::generatedBody(1000, 22)));
    QVERIFY(!QFileInfo::exists(out + QStringLiteral("/small (1).bin")));
    QVERIFY(!QFileInfo::exists(out + QStringLiteral("/.gather")));
}

void TestHeadless::rerunOfAChangedFileStartsAfresh()
{
    constexpr qint64 size = 8 * 1024 * 1024;
    serveSlowly(QStringLiteral("/changing.bin"), size, 24);
    QTemporaryDir dir;
    const QString url = m_server.url(QStringLiteral("/changing.bin")).toString();
    QVERIFY(interruptPartWay(dir.path(), url, 1024 * 1024) > 0);

    FaultResponse changed = FaultResponse::generated(size + 5, 25);
    changed.etag = "\"changing-v2\"";
    m_server.setResponse(QStringLiteral("/changing.bin"), changed);
    HeadlessRun again;
    QVERIFY2(again.run({QStringLiteral("-q"), QStringLiteral("-d"), dir.path(), url}, 30s), qPrintable(again.describe()));
    QCOMPARE(again.exitCode(), 0);
    const QList<ReportLine> report = again.report();
    QCOMPARE(report.size(), 1);
    QCOMPARE(report[0].error, QStringLiteral("Restarted from zero: the file changed on the server"));
    // Never two versions spliced together: the new file, whole.
    QCOMPARE(EngineFixture::fileSha256(dir.filePath(QStringLiteral("changing.bin"))), EngineFixture::sha256(FaultServer::generatedBody(size + 5, 25)));
}

void TestHeadless::noResumeStartsFromZeroInThePart()
{
    constexpr qint64 size = 8 * 1024 * 1024;
    serveSlowly(QStringLiteral("/fresh.bin"), size, 26);
    QTemporaryDir dir;
    const QString url = m_server.url(QStringLiteral("/fresh.bin")).toString();
    QVERIFY(interruptPartWay(dir.path(), url, 1024 * 1024, {QStringLiteral("-s"), QStringLiteral("1")}) > 0);

    m_server.clearRecords();
    HeadlessRun again;
    QVERIFY2(again.run({QStringLiteral("-q"), QStringLiteral("--no-resume"), QStringLiteral("-s"), QStringLiteral("1"),
                        QStringLiteral("-d"), dir.path(), url}, 30s),
             qPrintable(again.describe()));
    QCOMPARE(again.exitCode(), 0);
    const QList<RecordedRequest> requests = m_server.requests(QStringLiteral("/fresh.bin"));
    QVERIFY(!requests.isEmpty());
    QVERIFY(!requests.first().hasHeader("range"));
    QCOMPARE(again.report().value(0).path, dir.filePath(QStringLiteral("fresh.bin")));
    QCOMPARE(EngineFixture::fileSha256(dir.filePath(QStringLiteral("fresh.bin"))), EngineFixture::sha256(FaultServer::generatedBody(size, 26)));
    // The old .part was reused, not left behind next to a "fresh (1).bin".
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList{QStringLiteral("fresh.bin")});
}

void TestHeadless::oneFolderOneRun()
{
    constexpr qint64 size = 4 * 1024 * 1024;
    serveSlowly(QStringLiteral("/locked.bin"), size, 27, 1024 * 1024);
    m_server.setResponse(QStringLiteral("/other.bin"), FaultResponse::generated(1000, 28));
    QTemporaryDir dir;
    QTemporaryDir otherDir;
    HeadlessRun first;
    first.start({QStringLiteral("-q"), QStringLiteral("-d"), dir.path(), m_server.url(QStringLiteral("/locked.bin")).toString()});
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(dir.filePath(QStringLiteral("locked.bin.part"))).size() > 0, 15000);

    HeadlessRun second;
    QVERIFY2(second.run({QStringLiteral("-q"), QStringLiteral("-d"), dir.path(), m_server.url(QStringLiteral("/other.bin")).toString()}, 30s),
             qPrintable(second.describe()));
    QCOMPARE(second.exitCode(), 2);
    QVERIFY2(second.standardError().contains(QByteArray("Another Gather (process " + QByteArray::number(first.processId()) + ") is downloading into")),
             second.standardError().constData());
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("other.bin"))));

    // Another folder at the same time is fine.
    HeadlessRun elsewhere;
    QVERIFY2(elsewhere.run({QStringLiteral("-q"), QStringLiteral("-d"), otherDir.path(), m_server.url(QStringLiteral("/other.bin")).toString()}, 30s),
             qPrintable(elsewhere.describe()));
    QCOMPARE(elsewhere.exitCode(), 0);
    QVERIFY(first.isRunning());
    QVERIFY2(first.waitForFinished(30s), qPrintable(first.describe()));
    QCOMPARE(first.exitCode(), 0);
    QCOMPARE(EngineFixture::fileSha256(dir.filePath(QStringLiteral("locked.bin"))), EngineFixture::sha256(FaultServer::generatedBody(size, 27)));
}

void TestHeadless::badResumeStateNeverStopsARun()
{
    // Not a database: the run goes on with an empty list, moves the file aside, says so on stderr
    // even with -q, and deletes no .part it cannot match to a record.
    m_server.setResponse(QStringLiteral("/after-bad.bin"), FaultResponse::generated(3000, 29));
    QTemporaryDir dir;
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral(".gather"))));
    QFile bad(dir.filePath(QStringLiteral(".gather/downloads.db")));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write(QByteArray(8192, 'x'));
    bad.close();
    QFile stranger(dir.filePath(QStringLiteral("unknown.bin.part")));
    QVERIFY(stranger.open(QIODevice::WriteOnly));
    stranger.write("someone's partial file");
    stranger.close();

    HeadlessRun run;
    QVERIFY2(run.run({QStringLiteral("-q"), QStringLiteral("-d"), dir.path(), m_server.url(QStringLiteral("/after-bad.bin")).toString()}, 30s),
             qPrintable(run.describe()));
    QCOMPARE(run.exitCode(), 0);
    QVERIFY2(run.standardError().contains("so it was moved aside to"), run.standardError().constData());
    QCOMPARE(EngineFixture::fileSha256(dir.filePath(QStringLiteral("after-bad.bin"))), EngineFixture::sha256(FaultServer::generatedBody(3000, 29)));
    QCOMPARE(QFileInfo(dir.filePath(QStringLiteral("unknown.bin.part"))).size(), qint64(22));
    // The bad file is kept for whoever wants to look at it, so .gather/ stays with it alone.
    const QStringList kept = QDir(dir.filePath(QStringLiteral(".gather"))).entryList(QDir::Files | QDir::Hidden);
    QCOMPARE(kept.size(), 1);
    QVERIFY2(kept.first().startsWith(QStringLiteral("downloads.db.bad-")), qPrintable(kept.first()));
}

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
