// Giving an unfinished download a new link, from the server's side and on disk: the same file at
// the new link (size and ETag) goes on from the bytes kept (a Range request at the kept offset,
// the right SHA-256); a different size is reported in words and nothing changes until the
// caller chooses, and "start over" fetches from zero; a changed ETag with the same size is
// reported and can still be kept; a probe that fails changes nothing and a running download goes
// on; a completed download and a link that is not http(s) are refused; the new link survives a
// restart through the store. LinkCheck's comparison rules row by row.
#include "enginefixture.h"
#include "engine/linkchanges.h"
#include "faultserver.h"
#include "store/downloadstore.h"
#include "testfiles.h"

#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr qint64 kSize = 8 * 1024 * 1024;
constexpr qint64 kSomeBytes = 1024 * 1024;
constexpr QByteArrayView kEtag = "\"relink-v1\"";

FaultResponse served(qint64 size, quint32 seed, QByteArrayView etag, qint64 bytesPerSecond = 0)
{
    FaultResponse response = FaultResponse::generated(size, seed);
    response.etag = etag.toByteArray();
    response.bytesPerSecond = bytesPerSecond;
    return response;
}

// One connection per download, so "the Range starts at the kept offset" is one request's header.
DownloadSettings oneConnection()
{
    DownloadSettings settings = EngineFixture::testSettings();
    settings.split = 1;
    return settings;
}

// The requests that fetched the body, not the one-byte probe.
QList<RecordedRequest> fetches(const QList<RecordedRequest> &requests)
{
    QList<RecordedRequest> result;
    for (const RecordedRequest &request : requests) {
        if (request.header("range") != "bytes=0-0")
            result.append(request);
    }
    return result;
}

} // namespace

class TestLinkChange final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.listen()); }
    void init() { m_server.clearRecords(); }

    void sameFileKeepsTheData();
    void otherSizeIsReportedAndStartOverFetchesFromZero();
    void changedEtagIsReportedAndCanBeKept();
    void failedProbeChangesNothing();
    void refusals();
    void failedBeforeAnyByteTakesTheNewLink();
    void newLinkSurvivesARestart();
    void compare_data();
    void compare();

private:
    // A download of /<name> at A, paused after some bytes with every byte it read on disk; then
    // A expires. Returns the id; kept is what the .part holds.
    DownloadId pausedAfterSomeBytes(EngineFixture &engine, const QString &name, qint64 &kept);
    LinkCheck checkAndWait(EngineFixture &engine, DownloadId id, const QUrl &url);

    FaultServer m_server;
};

DownloadId TestLinkChange::pausedAfterSomeBytes(EngineFixture &engine, const QString &name, qint64 &kept)
{
    const QString a = QStringLiteral("/a/") + name;
    m_server.setResponse(a, served(kSize, 7, kEtag, 4 * 1024 * 1024));
    const DownloadId id = engine.add(m_server.url(a));
    [&] { QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).bytesReceived() > kSomeBytes, 10000); }();
    engine.manager().pause(id);
    [&] { QTRY_COMPARE_WITH_TIMEOUT(engine.download(id).bytesReceived(), engine.download(id).bytesArrived(), 10000); }();
    kept = engine.download(id).bytesReceived();
    m_server.setResponse(a, FaultResponse::withStatus(404));
    return id;
}

LinkCheck TestLinkChange::checkAndWait(EngineFixture &engine, DownloadId id, const QUrl &url)
{
    QSignalSpy checked(&engine.manager().linkChanges(), &LinkChanges::checked);
    const Result<void> started = engine.manager().linkChanges().check(id, url);
    if (!started) {
        qWarning("refused: %s", qPrintable(started.problem()));
        return {};
    }
    if (!checked.wait(10000))
        return {};
    return checked.first().at(1).value<LinkCheck>();
}

void TestLinkChange::sameFileKeepsTheData()
{
    EngineFixture engine(oneConnection());
    qint64 kept = 0;
    const DownloadId id = pausedAfterSomeBytes(engine, QStringLiteral("same.bin"), kept);
    QVERIFY(kept > kSomeBytes && kept < kSize);
    const QUrl b = m_server.url(QStringLiteral("/b/same.bin"));
    m_server.setResponse(QStringLiteral("/b/same.bin"), served(kSize, 7, kEtag));

    const LinkCheck check = checkAndWait(engine, id, b);
    QCOMPARE(check.verdict, LinkCheck::Verdict::Same);
    QVERIFY(!check.nothingKept);
    QCOMPARE(check.there.total, kSize);
    QCOMPARE(engine.download(id).url(), b);
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(engine.download(id).finalUrl(), b);
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("same.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(kSize, 7)));
    // The probe asked for one byte; the body came from the kept offset, with the validator.
    const QList<RecordedRequest> atB = m_server.requests(QStringLiteral("/b/same.bin"));
    QCOMPARE(atB.first().header("range"), QByteArray("bytes=0-0"));
    const QList<RecordedRequest> bodies = fetches(atB);
    QCOMPARE(bodies.size(), 1);
    QCOMPARE(bodies.first().rangeStart(), kept);
    QCOMPARE(bodies.first().header("if-range"), kEtag.toByteArray());
    QCOMPARE(engine.files(), QStringList{QStringLiteral("same.bin")});
}

void TestLinkChange::otherSizeIsReportedAndStartOverFetchesFromZero()
{
    EngineFixture engine(oneConnection());
    qint64 kept = 0;
    const DownloadId id = pausedAfterSomeBytes(engine, QStringLiteral("other.bin"), kept);
    const QUrl a = engine.download(id).url();
    const QUrl b = m_server.url(QStringLiteral("/b/other.bin"));
    constexpr qint64 kOtherSize = kSize - 512 * 1024;
    m_server.setResponse(QStringLiteral("/b/other.bin"), served(kOtherSize, 8, "\"relink-v2\""));

    const LinkCheck check = checkAndWait(engine, id, b);
    QCOMPARE(check.verdict, LinkCheck::Verdict::Differs);
    QVERIFY2(check.differences.contains(QStringLiteral("size 8.0 MiB here, 7.5 MiB at the new link")),
             qPrintable(check.differences.join(u'|')));
    QVERIFY(check.differences.contains(QStringLiteral("ETag changed")));
    QVERIFY(!check.keepAllowed);
    // Nothing changed while the caller reads that.
    QCOMPARE(engine.download(id).url(), a);
    QCOMPARE(engine.download(id).state(), DownloadState::Paused);
    QCOMPARE(QFileInfo(engine.path(QStringLiteral("other.bin.part"))).size(), kept);
    QVERIFY(engine.manager().linkChanges().awaiting(id).has_value());
    const Result<void> keep = engine.manager().linkChanges().decide(id, LinkChanges::Choice::KeepData);
    QVERIFY(!keep);
    QVERIFY2(keep.problem().contains(QStringLiteral("sizes differ")), qPrintable(keep.problem()));
    QCOMPARE(engine.download(id).url(), a);
    QCOMPARE(fetches(m_server.requests(QStringLiteral("/b/other.bin"))).size(), 0);

    QVERIFY(engine.manager().linkChanges().decide(id, LinkChanges::Choice::StartOver));
    QCOMPARE(engine.download(id).url(), b);
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("other.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(kOtherSize, 8)));
    const QList<RecordedRequest> bodies = fetches(m_server.requests(QStringLiteral("/b/other.bin")));
    QCOMPARE(bodies.size(), 1);
    QCOMPARE(bodies.first().rangeStart(), -1);  // the whole file, from zero
}

void TestLinkChange::changedEtagIsReportedAndCanBeKept()
{
    EngineFixture engine(oneConnection());
    qint64 kept = 0;
    const DownloadId id = pausedAfterSomeBytes(engine, QStringLiteral("etag.bin"), kept);
    const QUrl a = engine.download(id).url();
    const QUrl b = m_server.url(QStringLiteral("/b/etag.bin"));
    m_server.setResponse(QStringLiteral("/b/etag.bin"), served(kSize, 7, "\"relink-v2\""));

    LinkCheck check = checkAndWait(engine, id, b);
    QCOMPARE(check.verdict, LinkCheck::Verdict::Differs);
    QCOMPARE(check.differences, QStringList{QStringLiteral("ETag changed")});
    QVERIFY(check.keepAllowed);
    QVERIFY(engine.manager().linkChanges().decide(id, LinkChanges::Choice::Cancel));
    QCOMPARE(engine.download(id).url(), a);
    QCOMPARE(engine.download(id).state(), DownloadState::Paused);  // paused by the person: stays so
    QVERIFY(!engine.manager().linkChanges().awaiting(id).has_value());

    check = checkAndWait(engine, id, b);
    QCOMPARE(check.verdict, LinkCheck::Verdict::Differs);
    QVERIFY(engine.manager().linkChanges().decide(id, LinkChanges::Choice::KeepData));
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("etag.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(kSize, 7)));
    const QList<RecordedRequest> bodies = fetches(m_server.requests(QStringLiteral("/b/etag.bin")));
    QCOMPARE(bodies.size(), 1);
    QCOMPARE(bodies.first().rangeStart(), kept);
    QCOMPARE(bodies.first().header("if-range"), QByteArray("\"relink-v2\""));  // the new link's validator
}

void TestLinkChange::failedProbeChangesNothing()
{
    EngineFixture engine;
    m_server.setResponse(QStringLiteral("/a/running.bin"), served(kSize, 9, kEtag, 2 * 1024 * 1024));
    m_server.setResponse(QStringLiteral("/b/gone.bin"), FaultResponse::withStatus(404));
    const QUrl a = m_server.url(QStringLiteral("/a/running.bin"));
    const DownloadId id = engine.add(a);
    QVERIFY(engine.waitState(id, DownloadState::Downloading));

    QSignalSpy checked(&engine.manager().linkChanges(), &LinkChanges::checked);
    QVERIFY(engine.manager().linkChanges().check(id, m_server.url(QStringLiteral("/b/gone.bin"))));
    QCOMPARE(engine.download(id).state(), DownloadState::Paused);  // nothing fetched from A meanwhile
    QVERIFY(engine.manager().linkChanges().isChecking(id));
    QVERIFY(checked.wait(10000));
    const LinkCheck check = checked.first().at(1).value<LinkCheck>();
    QCOMPARE(check.verdict, LinkCheck::Verdict::Failed);
    QVERIFY2(check.error.message.contains(QStringLiteral("404")), qPrintable(check.error.message));
    QCOMPARE(engine.download(id).url(), a);
    QVERIFY(!engine.manager().linkChanges().awaiting(id).has_value());
    // It was on its way: it goes on, from A.
    QVERIFY(engine.download(id).state() != DownloadState::Paused);
    QVERIFY(engine.waitState(id, DownloadState::Downloading));
    engine.manager().cancel(id);
}

void TestLinkChange::refusals()
{
    EngineFixture engine;
    m_server.setResponse(QStringLiteral("/a/done.bin"), served(64 * 1024, 3, kEtag));
    const DownloadId done = engine.add(m_server.url(QStringLiteral("/a/done.bin")));
    QVERIFY(engine.waitFinal(done));
    QCOMPARE(engine.download(done).state(), DownloadState::Completed);
    const Result<void> completed = engine.manager().linkChanges().check(done, m_server.url(QStringLiteral("/b/done.bin")));
    QVERIFY(!completed);
    QCOMPARE(completed.problem(), QStringLiteral("done.bin is complete: there is nothing left to fetch, so its link stays"));
    QCOMPARE(engine.download(done).url(), m_server.url(QStringLiteral("/a/done.bin")));

    qint64 kept = 0;
    const DownloadId paused = pausedAfterSomeBytes(engine, QStringLiteral("scheme.bin"), kept);
    const Result<void> ftp = engine.manager().linkChanges().check(paused, QUrl(QStringLiteral("ftp://127.0.0.1/scheme.bin")));
    QVERIFY(!ftp);
    QCOMPARE(ftp.problem(), QStringLiteral("Only http and https links can be downloaded, not ftp:"));
    const Result<void> file = engine.manager().linkChanges().check(paused, QUrl(QStringLiteral("file:///etc/passwd")));
    QVERIFY(!file);
    const Result<void> same = engine.manager().linkChanges().check(paused, engine.download(paused).url());
    QVERIFY(!same);
    QVERIFY(!engine.manager().linkChanges().isChecking(paused));
    QCOMPARE(engine.download(paused).state(), DownloadState::Paused);
    QCOMPARE(m_server.requestCount(QStringLiteral("/b/done.bin")), 0);
}

void TestLinkChange::failedBeforeAnyByteTakesTheNewLink()
{
    DownloadSettings settings = EngineFixture::testSettings();
    settings.retries = 0;
    EngineFixture engine(settings);
    m_server.setResponse(QStringLiteral("/a/expired.bin"), FaultResponse::withStatus(404));
    m_server.setResponse(QStringLiteral("/b/expired.bin"), served(256 * 1024, 4, {}));  // no validator at all
    const DownloadId id = engine.add(m_server.url(QStringLiteral("/a/expired.bin")));
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Failed);

    const LinkCheck check = checkAndWait(engine, id, m_server.url(QStringLiteral("/b/expired.bin")));
    QCOMPARE(check.verdict, LinkCheck::Verdict::Same);  // nothing kept: nothing to compare
    QVERIFY(check.nothingKept);
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("expired.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(256 * 1024, 4)));
}

void TestLinkChange::newLinkSurvivesARestart()
{
    QTemporaryDir storeDir;
    const QString database = storeDir.filePath(QStringLiteral("downloads.sqlite"));
    EngineFixture engine(oneConnection());
    qint64 kept = 0;
    const DownloadId id = pausedAfterSomeBytes(engine, QStringLiteral("restart.bin"), kept);
    const QUrl b = m_server.url(QStringLiteral("/b/restart.bin"));
    // Slow at B, so it is still on its way when Gather stops.
    m_server.setResponse(QStringLiteral("/b/restart.bin"), served(kSize, 7, kEtag, 1024 * 1024));
    QCOMPARE(checkAndWait(engine, id, b).verdict, LinkCheck::Verdict::Same);
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).bytesReceived() > kept + 256 * 1024, 10000);
    QVERIFY(engine.shutdown());
    const DownloadSnapshot saved = engine.manager().snapshots({id}).value(0);
    QCOMPARE(saved.entry.url, b);
    {
        DownloadStore store(database);
        QSignalSpy flushed(&store, &DownloadStore::flushed);
        store.save({saved});
        store.flush();
        QVERIFY(flushed.wait(10000));
    }
    QList<DownloadSnapshot> loaded;
    {
        DownloadStore store(database);
        QSignalSpy spy(&store, &DownloadStore::loaded);
        store.open();
        QVERIFY(spy.wait(10000));
        loaded = spy.last().at(0).value<QList<DownloadSnapshot>>();
    }
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(loaded.first().entry.url, b);
    QCOMPARE(loaded.first().finalUrl, b);

    QVERIFY(engine.restart());
    m_server.setResponse(QStringLiteral("/b/restart.bin"), served(kSize, 7, kEtag));
    m_server.clearRecords();
    engine.manager().restore(loaded, true);
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("restart.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(kSize, 7)));
    QCOMPARE(m_server.requestCount(QStringLiteral("/a/restart.bin")), 0);
    const QList<RecordedRequest> atB = m_server.requests(QStringLiteral("/b/restart.bin"));
    QCOMPARE(atB.size(), 1);
    QVERIFY(atB.first().rangeStart() > kept);  // what B sent before the stop was kept too
}

void TestLinkChange::compare_data()
{
    QTest::addColumn<LinkFacts>("here");
    QTest::addColumn<LinkFacts>("there");
    QTest::addColumn<int>("verdict");
    QTest::addColumn<QStringList>("differences");
    QTest::addColumn<bool>("keepAllowed");

    const QByteArray date = "Tue, 01 Dec 2026 10:00:00 GMT";
    const QByteArray later = "Wed, 02 Dec 2026 10:00:00 GMT";
    const int same = int(LinkCheck::Verdict::Same);
    const int differs = int(LinkCheck::Verdict::Differs);
    QTest::newRow("same size and ETag") << LinkFacts{100, "\"a\"", {}} << LinkFacts{100, "\"a\"", {}} << same << QStringList() << true;
    QTest::newRow("same size and date") << LinkFacts{100, {}, date} << LinkFacts{100, {}, date} << same << QStringList() << true;
    QTest::newRow("ETag only here, same date") << LinkFacts{100, "\"a\"", date} << LinkFacts{100, {}, date} << same << QStringList() << true;
    QTest::newRow("date changed")
        << LinkFacts{100, {}, date} << LinkFacts{100, {}, later} << differs
        << QStringList{QStringLiteral("Last-Modified changed (%1 here, %2 at the new link)").arg(QString::fromLatin1(date), QString::fromLatin1(later))}
        << true;
    QTest::newRow("3.0 GiB here, 2.9 GiB there")
        << LinkFacts{qint64(3) << 30, "\"a\"", {}} << LinkFacts{(qint64(29) << 30) / 10, "\"a\"", {}} << differs
        << QStringList{QStringLiteral("size 3.0 GiB here, 2.9 GiB at the new link")} << false;
    QTest::newRow("weak ETag") << LinkFacts{100, "W/\"a\"", {}} << LinkFacts{100, "W/\"a\"", {}} << differs
                               << QStringList{QStringLiteral("the ETag is weak (W/), which does not prove the same bytes")} << false;
    QTest::newRow("no validators") << LinkFacts{100, {}, {}} << LinkFacts{100, {}, {}} << differs
                                   << QStringList{QStringLiteral("no ETag or Last-Modified on both sides proves it is the same file")}
                                   << false;
    QTest::newRow("size unknown there") << LinkFacts{100, "\"a\"", {}} << LinkFacts{-1, "\"a\"", {}} << differs
                                        << QStringList{QStringLiteral("the new link does not say its size")} << true;
}

void TestLinkChange::compare()
{
    QFETCH(LinkFacts, here);
    QFETCH(LinkFacts, there);
    QFETCH(int, verdict);
    QFETCH(QStringList, differences);
    QFETCH(bool, keepAllowed);
    const LinkCheck check = LinkCheck::compare(QUrl(QStringLiteral("https://example.org/f")), here, there);
    QCOMPARE(int(check.verdict), verdict);
    QCOMPARE(check.differences, differences);
    QCOMPARE(check.keepAllowed, keepAllowed);
    QCOMPARE(check.keepRefusal.isEmpty(), keepAllowed);
}

QTEST_GUILESS_MAIN(TestLinkChange)
#include "tst_linkchange.moc"
