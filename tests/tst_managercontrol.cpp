// The manager's controls, measured from the server's side and on disk: start-now past the
// limit, settings applied at once, per-state counts, URL lookup, the folder fixed at add, and
// remove-and-delete for every kind of file a download can leave, and removals in one batch.
#include "enginefixture.h"
#include "faultserver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

namespace {

UrlEntry entryFor(const QUrl &url, const QString &dir = {})
{
    UrlEntry entry;
    entry.url = url;
    entry.dir = dir;
    return entry;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestManagerControl final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.listen()); }
    void init() { m_server.clearRecords(); }

    void startNowRunsPastTheLimit_data();
    void startNowRunsPastTheLimit();
    void raisingTheLimitStartsMore();
    void loweringTheLimitLetsRunningFinish();
    void countsFollowStates();
    void findByUrl();
    void folderFixedAtAdd();
    void removeAndDeleteCompleted();
    void removeAndDeleteKeptPart_data();
    void removeAndDeleteKeptPart();
    void removeAndDeleteRunning();
    void removeAndDeleteNeverStarted();
    void removeAndDeleteRefusesSymlink();
    void removeBatchOfMixedStates();
    void removeEverythingThenAddAgain();
    void removeAndDeleteBatchDeletesEveryFile();

private:
    QList<DownloadId> addDelayed(EngineFixture &engine, int count, int delayMs, const QString &prefix);
    bool allCompleted(const EngineFixture &engine, const QList<DownloadId> &ids, int timeoutMs = 20000);
    FaultServer m_server;
};

QList<DownloadId> TestManagerControl::addDelayed(EngineFixture &engine, int count, int delayMs, const QString &prefix)
{
    FaultResponse slow = FaultResponse::generated(1000);
    slow.delayBeforeHeadersMs = delayMs;
    m_server.setResponse(prefix + u'*', slow);
    QList<UrlEntry> entries;
    for (int i = 0; i < count; ++i)
        entries.append(entryFor(m_server.url(prefix + QStringLiteral("f%1.bin").arg(i))));
    return engine.manager().add(entries);
}

bool TestManagerControl::allCompleted(const EngineFixture &engine, const QList<DownloadId> &ids, int timeoutMs)
{
    const bool final = QTest::qWaitFor([&] {
        return std::all_of(ids.cbegin(), ids.cend(), [&](DownloadId id) { return DownloadStates::isFinal(engine.download(id).state()); });
    }, timeoutMs);
    return final && std::all_of(ids.cbegin(), ids.cend(), [&](DownloadId id) {
        return engine.download(id).state() == DownloadState::Completed;
    });
}

void TestManagerControl::startNowRunsPastTheLimit_data()
{
    QTest::addColumn<bool>("paused");
    QTest::newRow("queued") << false;
    QTest::newRow("paused") << true;
}

void TestManagerControl::startNowRunsPastTheLimit()
{
    QFETCH(bool, paused);
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = 1;
    EngineFixture engine(settings);
    const QList<DownloadId> ids = addDelayed(engine, 3, 600, QStringLiteral("/now/"));
    if (paused)
        engine.manager().pause(ids[2]);
    QTRY_COMPARE(engine.manager().activeCount(), 1);
    QCOMPARE(engine.download(ids[2]).state(), paused ? DownloadState::Paused : DownloadState::Queued);

    engine.manager().startNow(ids[2]);
    QCOMPARE(engine.download(ids[2]).state(), DownloadState::Connecting);
    QCOMPARE(engine.manager().activeCount(), 2);
    QCOMPARE(engine.download(ids[1]).state(), DownloadState::Queued);
    QVERIFY(allCompleted(engine, ids));

    QCOMPARE(m_server.maxConcurrentRequests(), 2);
    const QList<RecordedRequest> requests = m_server.requests(QStringLiteral("/now/*"));
    QCOMPARE(requests.size(), 3);
    QCOMPARE(requests[0].path, QByteArray("/now/f0.bin"));
    QCOMPARE(requests[1].path, QByteArray("/now/f2.bin"));
    QCOMPARE(requests[2].path, QByteArray("/now/f1.bin"));
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("f2.bin"))), EngineFixture::sha256(FaultServer::generatedBody(1000)));
}

void TestManagerControl::raisingTheLimitStartsMore()
{
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = 1;
    EngineFixture engine(settings);
    const QList<DownloadId> ids = addDelayed(engine, 6, 500, QStringLiteral("/raise/"));
    QTRY_COMPARE(engine.manager().activeCount(), 1);

    DownloadSettings raised = engine.manager().settings();
    raised.maxConcurrent = 4;
    engine.manager().setSettings(raised);
    QTRY_COMPARE(engine.manager().activeCount(), 4);
    QTRY_COMPARE(m_server.maxConcurrentRequests(), 4);
    QVERIFY(allCompleted(engine, ids));
    QCOMPARE(m_server.maxConcurrentRequests(), 4);
}

void TestManagerControl::loweringTheLimitLetsRunningFinish()
{
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = 4;
    EngineFixture engine(settings);
    const QList<DownloadId> ids = addDelayed(engine, 8, 300, QStringLiteral("/lower/"));
    QTRY_COMPARE(engine.manager().activeCount(), 4);

    // The active count each later start sees, itself included: 1 means nothing else was running.
    bool lowered = false;
    QList<int> activeAtStart;
    for (DownloadId id : ids) {
        connect(engine.manager().download(id), &Download::stateChanged, this, [&](DownloadId, DownloadState, DownloadState to) {
            if (lowered && to == DownloadState::Connecting)
                activeAtStart.append(engine.manager().activeCount());
        });
    }
    DownloadSettings narrowed = engine.manager().settings();
    narrowed.maxConcurrent = 1;
    engine.manager().setSettings(narrowed);
    lowered = true;
    QCOMPARE(engine.manager().activeCount(), 4);  // running ones are not stopped
    QVERIFY(allCompleted(engine, ids));
    QCOMPARE(activeAtStart, (QList<int>{1, 1, 1, 1}));

    QList<RecordedRequest> requests = m_server.requests(QStringLiteral("/lower/*"));
    QCOMPARE(requests.size(), 8);
    std::sort(requests.begin(), requests.end(), [](const RecordedRequest &a, const RecordedRequest &b) { return a.startedMs < b.startedMs; });
    qint64 firstWaveEnd = 0;
    for (int i = 0; i < 4; ++i)
        firstWaveEnd = std::max(firstWaveEnd, requests[i].finishedMs);
    QVERIFY(requests[4].startedMs >= firstWaveEnd);
    for (int i = 5; i < 8; ++i)
        QVERIFY2(requests[i].startedMs >= requests[i - 1].finishedMs, qPrintable(QString::number(i)));
}

void TestManagerControl::countsFollowStates()
{
    m_server.setResponse(QStringLiteral("/count/ok.bin"), FaultResponse::generated(1000));
    m_server.setResponse(QStringLiteral("/count/missing.bin"), FaultResponse::withStatus(404));
    FaultResponse slow = FaultResponse::generated(4 * 1024 * 1024);
    slow.bytesPerSecond = 512 * 1024;
    m_server.setResponse(QStringLiteral("/count/slow.bin"), slow);
    EngineFixture engine;
    DownloadManager &manager = engine.manager();
    // Every state's count matches (unlisted ones are 0) and together they are the whole list.
    const auto countsAre = [&](const QHash<DownloadState, int> &expected) {
        int sum = 0;
        for (int s = 0; s <= int(DownloadState::Cancelled); ++s) {
            if (manager.countIn(DownloadState(s)) != expected.value(DownloadState(s)))
                return false;
            sum += manager.countIn(DownloadState(s));
        }
        return sum == manager.count();
    };

    const QList<DownloadId> ids = manager.add({entryFor(m_server.url(QStringLiteral("/count/ok.bin"))),
                                               entryFor(m_server.url(QStringLiteral("/count/missing.bin"))),
                                               entryFor(m_server.url(QStringLiteral("/count/slow.bin")))});
    QVERIFY(countsAre({{DownloadState::Queued, 3}}));
    QTRY_VERIFY_WITH_TIMEOUT(countsAre({{DownloadState::Completed, 1}, {DownloadState::Failed, 1}, {DownloadState::Downloading, 1}}), 10000);
    QCOMPARE(engine.download(ids[1]).state(), DownloadState::Failed);

    manager.pause(ids[2]);
    QVERIFY(countsAre({{DownloadState::Completed, 1}, {DownloadState::Failed, 1}, {DownloadState::Paused, 1}}));
    manager.remove(ids[1]);
    QVERIFY(countsAre({{DownloadState::Completed, 1}, {DownloadState::Paused, 1}}));
    manager.resume(ids[2]);
    QVERIFY(countsAre({{DownloadState::Completed, 1}, {DownloadState::Queued, 1}}));
    manager.cancel(ids[2]);
    QVERIFY(countsAre({{DownloadState::Completed, 1}, {DownloadState::Cancelled, 1}}));
    manager.remove(ids[0]);
    manager.remove(ids[2]);
    QVERIFY(countsAre({}));
    QCOMPARE(manager.count(), 0);
}

void TestManagerControl::findByUrl()
{
    m_server.setResponse(QStringLiteral("/find/*"), FaultResponse::generated(100));
    EngineFixture engine;
    DownloadManager &manager = engine.manager();
    const QUrl url = m_server.url(QStringLiteral("/find/a~b.bin"));
    const DownloadId first = engine.add(url);
    const DownloadId other = engine.add(m_server.url(QStringLiteral("/find/other.bin")));
    const QUrl respelled(QStringLiteral("HTTP://127.0.0.1:%1/find/a%7Eb.bin#section").arg(m_server.port()));

    QCOMPARE(manager.findByUrl(url), first);
    QCOMPARE(manager.findByUrl(respelled), first);
    QCOMPARE(manager.findByUrl(m_server.url(QStringLiteral("/find/other.bin"))), other);
    QCOMPARE(manager.findByUrl(m_server.url(QStringLiteral("/find/a~b.bin?x=1"))), DownloadId(0));
    QCOMPARE(manager.findByUrl(m_server.url(QStringLiteral("/find/missing.bin"))), DownloadId(0));

    // The same resource added again: the first stays the answer until it is removed.
    const DownloadId again = engine.add(respelled);
    QCOMPARE(manager.findByUrl(url), first);
    QVERIFY(engine.waitFinal(first) && engine.waitFinal(again));
    QCOMPARE(manager.findByUrl(url), first);  // finished downloads are still in the list
    manager.remove(first);
    QCOMPARE(manager.findByUrl(url), again);
    manager.remove(again);
    QCOMPARE(manager.findByUrl(url), DownloadId(0));
    QCOMPARE(manager.findByUrl(m_server.url(QStringLiteral("/find/other.bin"))), other);
}

void TestManagerControl::folderFixedAtAdd()
{
    FaultResponse delayed = FaultResponse::generated(500, 1);
    delayed.delayBeforeHeadersMs = 300;
    m_server.setResponse(QStringLiteral("/folder/*"), delayed);
    EngineFixture engine;
    QTemporaryDir later;
    QVERIFY(later.isValid());
    const DownloadId before = engine.add(m_server.url(QStringLiteral("/folder/before.bin")));
    const DownloadId relative = engine.add(entryFor(m_server.url(QStringLiteral("/folder/sub.bin")), QStringLiteral("sub")));

    DownloadSettings changed = engine.manager().settings();
    changed.folder = later.path();
    engine.manager().setSettings(changed);
    const DownloadId after = engine.add(m_server.url(QStringLiteral("/folder/after.bin")));
    QVERIFY(allCompleted(engine, {before, relative, after}));

    const QByteArray expected = EngineFixture::sha256(FaultServer::generatedBody(500, 1));
    QCOMPARE(engine.download(before).filePath(), engine.path(QStringLiteral("before.bin")));
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("before.bin"))), expected);
    QCOMPARE(engine.download(relative).filePath(), engine.path(QStringLiteral("sub/sub.bin")));
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("sub/sub.bin"))), expected);
    QCOMPARE(engine.download(after).filePath(), QDir(later.path()).filePath(QStringLiteral("after.bin")));
    QCOMPARE(EngineFixture::fileSha256(QDir(later.path()).filePath(QStringLiteral("after.bin"))), expected);
    QCOMPARE(QDir(later.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList{QStringLiteral("after.bin")});
}

void TestManagerControl::removeAndDeleteCompleted()
{
    m_server.setResponse(QStringLiteral("/rd/done.bin"), FaultResponse::generated(2000));
    EngineFixture engine;
    const DownloadId id = engine.add(m_server.url(QStringLiteral("/rd/done.bin")));
    QVERIFY(allCompleted(engine, {id}));
    const QString path = engine.path(QStringLiteral("done.bin"));
    QVERIFY(QFileInfo::exists(path));

    QSignalSpy aboutToRemove(&engine.manager(), &DownloadManager::downloadsAboutToBeRemoved);
    QSignalSpy removed(&engine.manager(), &DownloadManager::downloadsRemoved);
    QSignalSpy deleted(&engine.manager(), &DownloadManager::fileDeleted);
    engine.manager().removeAndDelete(id);
    QCOMPARE(aboutToRemove.count(), 1);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(engine.manager().download(id), nullptr);
    QCOMPARE(engine.manager().count(), 0);
    QTRY_COMPARE(deleted.count(), 1);
    QCOMPARE(deleted[0][0].toString(), path);
    QVERIFY2(deleted[0][1].value<Result<void>>().ok(), qPrintable(deleted[0][1].value<Result<void>>().problem()));
    QCOMPARE(engine.files(), QStringList());
}

void TestManagerControl::removeAndDeleteKeptPart_data()
{
    QTest::addColumn<bool>("failed");
    QTest::newRow("failed, .part kept") << true;
    QTest::newRow("paused, .part kept") << false;
}

void TestManagerControl::removeAndDeleteKeptPart()
{
    QFETCH(bool, failed);
    FaultResponse broken = FaultResponse::generated(1024 * 1024);
    if (failed) {
        broken.truncateAfter = 300 * 1024;  // no validator, no retries: it fails, keeping the .part
        broken.chunkDelayMs = 50;            // the .part is open before the connection drops
    } else {
        broken.bytesPerSecond = 512 * 1024;
    }
    m_server.setResponse(QStringLiteral("/rd/kept.bin"), broken);
    DownloadSettings settings = EngineFixture::testSettings();
    settings.retries = 0;
    EngineFixture engine(settings);
    const DownloadId id = engine.add(m_server.url(QStringLiteral("/rd/kept.bin")));
    if (failed) {
        QVERIFY(engine.waitFinal(id));
        QCOMPARE(engine.download(id).state(), DownloadState::Failed);
    } else {
        QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).bytesReceived() > 0, 10000);
        engine.manager().pause(id);
        QCOMPARE(engine.download(id).state(), DownloadState::Paused);
    }
    const QString part = engine.path(QStringLiteral("kept.bin.part"));
    QTRY_COMPARE(engine.download(id).filePath(), part);
    QTRY_VERIFY(QFileInfo(part).size() > 0);

    QSignalSpy deleted(&engine.manager(), &DownloadManager::fileDeleted);
    engine.manager().removeAndDelete(id);
    QCOMPARE(engine.manager().download(id), nullptr);
    QTRY_COMPARE(deleted.count(), 1);
    QCOMPARE(deleted[0][0].toString(), part);
    QVERIFY2(deleted[0][1].value<Result<void>>().ok(), qPrintable(deleted[0][1].value<Result<void>>().problem()));
    QCOMPARE(engine.files(), QStringList());
}

void TestManagerControl::removeAndDeleteRunning()
{
    FaultResponse slow = FaultResponse::generated(8 * 1024 * 1024);
    slow.bytesPerSecond = 2 * 1024 * 1024;
    m_server.setResponse(QStringLiteral("/rd/running.bin"), slow);
    EngineFixture engine;
    const DownloadId id = engine.add(m_server.url(QStringLiteral("/rd/running.bin")));
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).bytesReceived() > 0, 10000);
    QCOMPARE(engine.download(id).state(), DownloadState::Downloading);

    QSignalSpy removed(&engine.manager(), &DownloadManager::downloadsRemoved);
    QSignalSpy deleted(&engine.manager(), &DownloadManager::fileDeleted);
    engine.manager().removeAndDelete(id);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(engine.manager().activeCount(), 0);
    QCOMPARE(engine.manager().countIn(DownloadState::Downloading), 0);
    // The deletion is the writer's last job: once it is reported, nothing writes there again.
    QTRY_COMPARE(deleted.count(), 1);
    QCOMPARE(deleted[0][0].toString(), engine.path(QStringLiteral("running.bin.part")));
    QVERIFY2(deleted[0][1].value<Result<void>>().ok(), qPrintable(deleted[0][1].value<Result<void>>().problem()));
    QTRY_VERIFY(m_server.requests(QStringLiteral("/rd/running.bin")).value(0).finishedMs >= 0);
    QCOMPARE(engine.files(), QStringList());
}

void TestManagerControl::removeAndDeleteNeverStarted()
{
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = 1;
    EngineFixture engine(settings);
    FaultResponse delayed = FaultResponse::generated(1000, 2);
    delayed.delayBeforeHeadersMs = 300;
    m_server.setResponse(QStringLiteral("/rd/first.bin"), delayed);
    m_server.setResponse(QStringLiteral("/rd/queued.bin"), FaultResponse::generated(1000, 3));
    // Someone's file of the same name: a download that never ran owns nothing, so it stays.
    QVERIFY(writeFile(engine.path(QStringLiteral("queued.bin")), "not the download's"));
    const QList<DownloadId> ids = engine.manager().add({entryFor(m_server.url(QStringLiteral("/rd/first.bin"))),
                                                        entryFor(m_server.url(QStringLiteral("/rd/queued.bin")))});
    QTRY_COMPARE(engine.manager().activeCount(), 1);
    QCOMPARE(engine.download(ids[1]).state(), DownloadState::Queued);

    QSignalSpy removed(&engine.manager(), &DownloadManager::downloadsRemoved);
    QSignalSpy deleted(&engine.manager(), &DownloadManager::fileDeleted);
    engine.manager().removeAndDelete(ids[1]);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(engine.manager().download(ids[1]), nullptr);
    QCOMPARE(engine.manager().countIn(DownloadState::Queued), 0);

    // The first download's own deletion is a later disk answer: by then any for the queued one
    // would have come too.
    QVERIFY(allCompleted(engine, {ids[0]}));
    engine.manager().removeAndDelete(ids[0]);
    QTRY_COMPARE(deleted.count(), 1);
    QCOMPARE(deleted[0][0].toString(), engine.path(QStringLiteral("first.bin")));
    QCOMPARE(engine.files(), QStringList{QStringLiteral("queued.bin")});
    QCOMPARE(readFile(engine.path(QStringLiteral("queued.bin"))), QByteArray("not the download's"));
    QCOMPARE(m_server.requestCount(QStringLiteral("/rd/queued.bin")), 0);
}

void TestManagerControl::removeAndDeleteRefusesSymlink()
{
    m_server.setResponse(QStringLiteral("/rd/linked.bin"), FaultResponse::generated(1000));
    EngineFixture engine;
    QTemporaryDir elsewhere;
    QVERIFY(elsewhere.isValid());
    const QString target = QDir(elsewhere.path()).filePath(QStringLiteral("precious.txt"));
    QVERIFY(writeFile(target, "precious"));
    const DownloadId id = engine.add(m_server.url(QStringLiteral("/rd/linked.bin")));
    QVERIFY(allCompleted(engine, {id}));
    const QString path = engine.path(QStringLiteral("linked.bin"));
    QVERIFY(QFile::remove(path));
    QVERIFY(QFile::link(target, path));

    QSignalSpy deleted(&engine.manager(), &DownloadManager::fileDeleted);
    engine.manager().removeAndDelete(id);
    QCOMPARE(engine.manager().download(id), nullptr);
    QTRY_COMPARE(deleted.count(), 1);
    QCOMPARE(deleted[0][0].toString(), path);
    const Result<void> refused = deleted[0][1].value<Result<void>>();
    QVERIFY(!refused);
    QVERIFY2(refused.problem().contains(QStringLiteral("symbolic link")), qPrintable(refused.problem()));
    QVERIFY(QFileInfo(path).isSymLink());
    QCOMPARE(readFile(target), QByteArray("precious"));
}

void TestManagerControl::removeBatchOfMixedStates()
{
    m_server.setResponse(QStringLiteral("/batch/done*"), FaultResponse::generated(3000, 7));
    m_server.setResponse(QStringLiteral("/batch/missing.bin"), FaultResponse::withStatus(404));
    FaultResponse slow = FaultResponse::generated(8 * 1024 * 1024);
    slow.bytesPerSecond = 512 * 1024;
    m_server.setResponse(QStringLiteral("/batch/running.bin"), slow);
    m_server.setResponse(QStringLiteral("/batch/queued*"), FaultResponse::generated(1000, 9));
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = 1;
    settings.retries = 0;
    EngineFixture engine(settings);
    DownloadManager &manager = engine.manager();
    const auto url = [&](const char *name) { return m_server.url(u"/batch/" % QLatin1StringView(name)); };
    QList<UrlEntry> entries;
    for (const char *name : {"done1.bin", "done2.bin", "missing.bin", "running.bin", "queued1.bin", "queued2.bin", "queued3.bin"})
        entries.append(entryFor(url(name)));
    const QList<DownloadId> ids = manager.add(entries);
    QVERIFY(allCompleted(engine, {ids[0], ids[1]}));
    QVERIFY(engine.waitFinal(ids[2]));
    QCOMPARE(engine.download(ids[2]).state(), DownloadState::Failed);
    QVERIFY(engine.waitState(ids[3], DownloadState::Downloading));
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(engine.path(QStringLiteral("running.bin.part"))), 10000);
    for (int i = 4; i < 7; ++i)
        QCOMPARE(engine.download(ids[i]).state(), DownloadState::Queued);

    QSignalSpy aboutToRemove(&manager, &DownloadManager::downloadsAboutToBeRemoved);
    QSignalSpy removed(&manager, &DownloadManager::downloadsRemoved);
    QSignalSpy finished(&manager, &DownloadManager::downloadFinished);
    QObject context;
    bool presentDuring = false;
    connect(&manager, &DownloadManager::downloadsAboutToBeRemoved, &context, [&](const QList<DownloadId> &going) {
        presentDuring = std::all_of(going.cbegin(), going.cend(), [&](DownloadId id) { return manager.download(id) != nullptr; });
    });
    QList<DownloadId> changedLater;
    connect(&manager, &DownloadManager::downloadsChanged, &context, [&](const QList<DownloadId> &changed) { changedLater += changed; });
    // Out of order, one twice, one unknown: each known one goes once, in list order.
    manager.remove({ids[5], ids[3], ids[0], ids[2], ids[4], ids[3], DownloadId(9999)});
    const QList<DownloadId> gone{ids[0], ids[2], ids[3], ids[4], ids[5]};
    QCOMPARE(aboutToRemove.count(), 1);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(aboutToRemove[0][0].value<QList<DownloadId>>(), gone);
    QCOMPARE(removed[0][0].value<QList<DownloadId>>(), gone);
    QVERIFY(presentDuring);
    QCOMPARE(finished.count(), 0);  // stopped by the removal, silently

    QCOMPARE(manager.ids(), (QList<DownloadId>{ids[1], ids[6]}));
    QCOMPARE(manager.count(), 2);
    for (DownloadId id : gone)
        QCOMPARE(manager.download(id), nullptr);
    for (int s = 0; s <= int(DownloadState::Cancelled); ++s) {
        const auto state = DownloadState(s);
        const int expected = state == DownloadState::Completed || state == DownloadState::Queued ? 1 : 0;
        QVERIFY2(manager.countIn(state) == expected, qPrintable(DownloadStates::name(state)));
    }
    QCOMPARE(manager.activeCount(), 0);
    QCOMPARE(manager.findByUrl(url("done1.bin")), DownloadId(0));
    QCOMPARE(manager.findByUrl(url("running.bin")), DownloadId(0));
    QCOMPARE(manager.findByUrl(url("queued1.bin")), DownloadId(0));
    QCOMPARE(manager.findByUrl(url("done2.bin")), ids[1]);
    QCOMPARE(manager.findByUrl(url("queued3.bin")), ids[6]);

    // The freed slot goes to the one left in the queue; the removed queued ones never ran.
    QVERIFY(allCompleted(engine, {ids[6]}));
    QCOMPARE(manager.countIn(DownloadState::Completed), 2);
    QCOMPARE(m_server.requestCount(QStringLiteral("/batch/queued1.bin")), 0);
    QCOMPARE(m_server.requestCount(QStringLiteral("/batch/queued2.bin")), 0);
    QTRY_VERIFY(m_server.requests(QStringLiteral("/batch/running.bin")).value(0).finishedMs >= 0);
    // As remove(id) does: completed files stay, and so does the running one's .part.
    QTRY_COMPARE(engine.files(), (QStringList{QStringLiteral("done1.bin"), QStringLiteral("done2.bin"),
                                              QStringLiteral("queued3.bin"), QStringLiteral("running.bin.part")}));
    const QByteArray done = EngineFixture::sha256(FaultServer::generatedBody(3000, 7));
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("done1.bin"))), done);
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("done2.bin"))), done);
    for (DownloadId id : std::as_const(changedLater))
        QVERIFY2(!gone.contains(id), "a removed download was reported changed");
}

void TestManagerControl::removeEverythingThenAddAgain()
{
    m_server.setResponse(QStringLiteral("/all/ok*"), FaultResponse::generated(2000, 4));
    FaultResponse silent;
    silent.neverRespond = true;
    m_server.setResponse(QStringLiteral("/all/hang*"), silent);
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = 2;
    EngineFixture engine(settings);
    DownloadManager &manager = engine.manager();
    const QUrl ok = m_server.url(QStringLiteral("/all/ok.bin"));
    const DownloadId first = engine.add(ok);
    QVERIFY(allCompleted(engine, {first}));
    QList<UrlEntry> entries;
    for (int i = 0; i < 300; ++i)
        entries.append(entryFor(m_server.url(QStringLiteral("/all/hang%1.bin").arg(i))));
    manager.add(entries);
    QTRY_COMPARE(manager.activeCount(), 2);
    QTRY_COMPARE(m_server.requests(QStringLiteral("/all/hang*")).size(), 2);
    QCOMPARE(manager.countIn(DownloadState::Queued), 298);

    QSignalSpy aboutToRemove(&manager, &DownloadManager::downloadsAboutToBeRemoved);
    QSignalSpy allFinished(&manager, &DownloadManager::allFinished);
    const QList<DownloadId> all = manager.ids();
    manager.remove(all);
    QCOMPARE(aboutToRemove.count(), 1);
    QCOMPARE(aboutToRemove[0][0].value<QList<DownloadId>>(), all);
    QCOMPARE(allFinished.count(), 1);  // nothing pending is left
    QCOMPARE(manager.count(), 0);
    QVERIFY(manager.ids().isEmpty());
    QCOMPARE(manager.activeCount(), 0);
    for (int s = 0; s <= int(DownloadState::Cancelled); ++s)
        QCOMPARE(manager.countIn(DownloadState(s)), 0);
    QCOMPARE(manager.findByUrl(ok), DownloadId(0));
    QCOMPARE(manager.findByUrl(m_server.url(QStringLiteral("/all/hang7.bin"))), DownloadId(0));

    // The emptied indexes work as new: the same URL again is found, queued, run and completed.
    const DownloadId again = engine.add(ok);
    QCOMPARE(manager.findByUrl(ok), again);
    QCOMPARE(manager.countIn(DownloadState::Queued), 1);
    QVERIFY(allCompleted(engine, {again}));
    QCOMPARE(manager.ids(), QList<DownloadId>{again});
    QCOMPARE(engine.files(), (QStringList{QStringLiteral("ok (1).bin"), QStringLiteral("ok.bin")}));
    QCOMPARE(m_server.requests(QStringLiteral("/all/hang*")).size(), 2);  // none of the queued ones ran
}

void TestManagerControl::removeAndDeleteBatchDeletesEveryFile()
{
    for (int i = 1; i <= 3; ++i)
        m_server.setResponse(QStringLiteral("/rdb/c%1.bin").arg(i), FaultResponse::generated(5000, quint32(i)));
    FaultResponse broken = FaultResponse::generated(1024 * 1024);
    broken.truncateAfter = 300 * 1024;
    broken.chunkDelayMs = 50;
    m_server.setResponse(QStringLiteral("/rdb/failed.bin"), broken);
    FaultResponse slow = FaultResponse::generated(8 * 1024 * 1024);
    slow.bytesPerSecond = 512 * 1024;
    m_server.setResponse(QStringLiteral("/rdb/paused.bin"), slow);
    m_server.setResponse(QStringLiteral("/rdb/running.bin"), slow);
    m_server.setResponse(QStringLiteral("/rdb/queued.bin"), FaultResponse::generated(1000));
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = 1;
    settings.retries = 0;
    EngineFixture engine(settings);
    DownloadManager &manager = engine.manager();
    // Someone's file of the queued download's name: a download that never ran owns nothing.
    QVERIFY(writeFile(engine.path(QStringLiteral("queued.bin")), "not the download's"));
    QList<UrlEntry> entries;
    for (const char *name : {"c1.bin", "c2.bin", "c3.bin", "failed.bin", "paused.bin", "running.bin", "queued.bin"})
        entries.append(entryFor(m_server.url(u"/rdb/" % QLatin1StringView(name))));
    const QList<DownloadId> ids = manager.add(entries);
    QVERIFY(allCompleted(engine, {ids[0], ids[1], ids[2]}));
    for (int i = 0; i < 3; ++i) {
        const QString name = QStringLiteral("c%1.bin").arg(i + 1);
        QCOMPARE(EngineFixture::fileSha256(engine.path(name)), EngineFixture::sha256(FaultServer::generatedBody(5000, quint32(i + 1))));
    }
    QVERIFY(engine.waitFinal(ids[3]));
    QCOMPARE(engine.download(ids[3]).state(), DownloadState::Failed);
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(ids[4]).bytesReceived() > 0, 10000);
    manager.pause(ids[4]);
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(ids[5]).bytesReceived() > 0, 10000);
    QCOMPARE(engine.download(ids[6]).state(), DownloadState::Queued);
    const QStringList parts{QStringLiteral("failed.bin.part"), QStringLiteral("paused.bin.part"), QStringLiteral("running.bin.part")};
    for (const QString &part : parts)
        QTRY_VERIFY(QFileInfo(engine.path(part)).size() > 0);

    QSignalSpy aboutToRemove(&manager, &DownloadManager::downloadsAboutToBeRemoved);
    QSignalSpy removed(&manager, &DownloadManager::downloadsRemoved);
    QSignalSpy deleted(&manager, &DownloadManager::fileDeleted);
    // Everything but c3.
    const QList<DownloadId> doomed{ids[0], ids[1], ids[3], ids[4], ids[5], ids[6]};
    manager.removeAndDelete(doomed);
    QCOMPARE(aboutToRemove.count(), 1);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed[0][0].value<QList<DownloadId>>(), doomed);
    QCOMPARE(manager.ids(), QList<DownloadId>{ids[2]});
    QCOMPARE(manager.activeCount(), 0);
    QTRY_COMPARE(deleted.count(), 5);
    QStringList deletedPaths;
    for (const QList<QVariant> &args : std::as_const(deleted)) {
        QVERIFY2(args.at(1).value<Result<void>>().ok(), qPrintable(args.at(1).value<Result<void>>().problem()));
        deletedPaths.append(args.at(0).toString());
    }
    deletedPaths.sort();
    QStringList expectedPaths{engine.path(QStringLiteral("c1.bin")), engine.path(QStringLiteral("c2.bin"))};
    for (const QString &part : parts)
        expectedPaths.append(engine.path(part));
    expectedPaths.sort();
    QCOMPARE(deletedPaths, expectedPaths);
    for (const QString &path : std::as_const(expectedPaths))
        QVERIFY2(!QFileInfo::exists(path), qPrintable(path));
    QCOMPARE(engine.files(), (QStringList{QStringLiteral("c3.bin"), QStringLiteral("queued.bin")}));
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("c3.bin"))), EngineFixture::sha256(FaultServer::generatedBody(5000, 3)));
    QCOMPARE(readFile(engine.path(QStringLiteral("queued.bin"))), QByteArray("not the download's"));
    QCOMPARE(m_server.requestCount(QStringLiteral("/rdb/queued.bin")), 0);
}

QTEST_GUILESS_MAIN(TestManagerControl)
#include "tst_managercontrol.moc"
