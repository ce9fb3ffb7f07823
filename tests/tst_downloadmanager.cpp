// The scheduler, measured from the server's side: global and per-host limits (including past
// Qt's six connections per QNAM), input order, batched change signals, removal and shutdown;
// and the list model under QAbstractItemModelTester.
#include "base/humanformat.h"
#include "disk/filewriter.h"
#include "enginefixture.h"
#include "faultserver.h"
#include "list/downloadcolumns.h"
#include "list/downloadlistmodel.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>

namespace {
UrlEntry entryFor(const QUrl &url)
{
    UrlEntry entry;
    entry.url = url;
    return entry;
}
} // namespace

class TestDownloadManager final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.listen()); }
    void init() { m_server.clearRecords(); }

    void limitsAreHonoured_data();
    void limitsAreHonoured();
    void queueFollowsInputOrder();
    void changesArriveBatched();
    void removeKeepsCompletedFile();
    void removeRunningKeepsPart();
    void totalSpeedCountsShortDownloads();
    void totalSpeedCountsBytesTheDiskHasNotWritten();
    void shutdownKeepsPartFiles();
    void modelFollowsTheManager();
    void rowsShowTheLastBatchBetweenBatches();

private:
    QList<DownloadId> addSlow(EngineFixture &engine, int count, int delayMs, const QString &prefix);
    FaultServer m_server;
};

QList<DownloadId> TestDownloadManager::addSlow(EngineFixture &engine, int count, int delayMs, const QString &prefix)
{
    FaultResponse slow = FaultResponse::generated(1000);
    slow.delayBeforeHeadersMs = delayMs;
    m_server.setResponse(prefix + u'*', slow);
    QList<UrlEntry> entries;
    for (int i = 0; i < count; ++i) {
        UrlEntry e;
        e.url = m_server.url(prefix + QStringLiteral("f%1.bin").arg(i));
        entries.append(e);
    }
    return engine.manager().add(entries);
}

void TestDownloadManager::limitsAreHonoured_data()
{
    QTest::addColumn<int>("maxConcurrent");
    QTest::addColumn<int>("maxPerHost");
    QTest::addColumn<int>("expected");
    QTest::newRow("global limit 2") << 2 << 8 << 2;
    QTest::newRow("per-host limit 3") << 10 << 3 << 3;
    QTest::newRow("per-host 6, one QNAM's worth") << 12 << 6 << 6;
    QTest::newRow("per-host 10, past Qt's six") << 12 << 10 << 10;
    QTest::newRow("per-host 16") << 16 << 16 << 16;
}

void TestDownloadManager::limitsAreHonoured()
{
    QFETCH(int, maxConcurrent);
    QFETCH(int, maxPerHost);
    QFETCH(int, expected);
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = maxConcurrent;
    settings.maxPerHost = maxPerHost;
    EngineFixture engine(settings);
    const QList<DownloadId> ids = addSlow(engine, expected * 2, 400, QStringLiteral("/limit/"));
    QVERIFY(QTest::qWaitFor([&] {
        for (DownloadId id : ids) {
            if (!DownloadStates::isFinal(engine.download(id).state()))
                return false;
        }
        return true;
    }, 20000));
    for (DownloadId id : ids)
        QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(m_server.maxConcurrentRequests(), expected);
}

void TestDownloadManager::queueFollowsInputOrder()
{
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = 1;
    EngineFixture engine(settings);
    const QList<DownloadId> ids = addSlow(engine, 6, 0, QStringLiteral("/order/"));
    QVERIFY(engine.waitFinal(ids.last()));
    const QList<RecordedRequest> requests = m_server.requests(QStringLiteral("/order/*"));
    QCOMPARE(requests.size(), 6);
    for (int i = 0; i < 6; ++i)
        QCOMPARE(requests[i].path, QStringLiteral("/order/f%1.bin").arg(i).toLatin1());
}

void TestDownloadManager::changesArriveBatched()
{
    FaultResponse steady = FaultResponse::generated(2 * 1024 * 1024);
    steady.bytesPerSecond = 2 * 1024 * 1024;  // about a second, in many small chunks
    steady.chunkSize = 16 * 1024;
    m_server.setResponse(QStringLiteral("/steady.bin"), steady);
    EngineFixture engine;
    QSignalSpy batches(&engine.manager(), &DownloadManager::downloadsChanged);
    QElapsedTimer clock;
    clock.start();
    const DownloadId id = engine.add(m_server.url(QStringLiteral("/steady.bin")));
    QVERIFY(engine.waitFinal(id));
    const qint64 elapsed = clock.elapsed();
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    // 128 chunks arrived, yet listeners heard at most one batch per interval (plus the edges).
    const qint64 allowed = elapsed / DownloadManager::kBatchIntervalMs + 3;
    QVERIFY2(batches.count() <= allowed, qPrintable(QStringLiteral("%1 batches in %2 ms").arg(batches.count()).arg(elapsed)));
    QVERIFY(batches.count() >= 2);
}

void TestDownloadManager::removeKeepsCompletedFile()
{
    m_server.setResponse(QStringLiteral("/keep.bin"), FaultResponse::generated(100));
    EngineFixture engine;
    const DownloadId id = engine.add(m_server.url(QStringLiteral("/keep.bin")));
    QVERIFY(engine.waitFinal(id));
    QSignalSpy removed(&engine.manager(), &DownloadManager::downloadsRemoved);
    engine.manager().remove(id);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(engine.manager().download(id), nullptr);
    QCOMPARE(engine.manager().count(), 0);
    QVERIFY(QFileInfo::exists(engine.path(QStringLiteral("keep.bin"))));
}

void TestDownloadManager::removeRunningKeepsPart()
{
    // Remove from List forgets the download, never its bytes: the .part stays, whole up to what
    // arrived, for a later resume or for the person to take.
    FaultResponse slow = FaultResponse::generated(4 * 1024 * 1024, 5);
    slow.bytesPerSecond = 1024 * 1024;
    m_server.setResponse(QStringLiteral("/kept.bin"), slow);
    EngineFixture engine;
    const DownloadId id = engine.add(m_server.url(QStringLiteral("/kept.bin")));
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).bytesReceived() > 256 * 1024, 10000);
    engine.manager().remove(id);
    QCOMPARE(engine.manager().activeCount(), 0);
    QCOMPARE(engine.manager().download(id), nullptr);
    const QString part = engine.path(QStringLiteral("kept.bin.part"));
    // The writer closes on the pool; then the file holds a prefix of the body, byte for byte.
    engine.diskPool().waitForDone();
    QVERIFY(QFileInfo::exists(part));
    QFile file(part);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray kept = file.readAll();
    QVERIFY(kept.size() >= 256 * 1024);
    QCOMPARE(EngineFixture::sha256(kept),
             EngineFixture::sha256(FaultServer::generatedBody(4 * 1024 * 1024, 5).left(kept.size())));
}

void TestDownloadManager::totalSpeedCountsShortDownloads()
{
    // Each file takes about 100 ms, less than one speed sample: the total speed still shows
    // the bytes going by, and falls to zero once nothing runs.
    FaultResponse quick = FaultResponse::generated(30 * 1024, 8);
    quick.bytesPerSecond = 300 * 1024;
    quick.chunkSize = 8 * 1024;
    m_server.setResponse(QStringLiteral("/quick/*"), quick);
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = 4;
    EngineFixture engine(settings);
    QList<UrlEntry> entries(60);
    for (int i = 0; i < entries.size(); ++i)
        entries[i].url = m_server.url(QStringLiteral("/quick/%1.bin").arg(i));
    const QList<DownloadId> ids = engine.manager().add(entries);
    qint64 best = 0;
    QVERIFY(QTest::qWaitFor([&] {
        best = std::max(best, engine.manager().totalBytesPerSecond());
        return engine.manager().countIn(DownloadState::Completed) == ids.size();
    }, 30000));
    QVERIFY2(best > 100 * 1024, qPrintable(QString::number(best)));
    QTRY_COMPARE(engine.manager().totalBytesPerSecond(), 0);
}

// The total speed is the network's: with the disk behind (every pool thread busy), bytes that
// arrived count at once, not when they are written, or a small file that leaves the active
// states before its writes land would never count at all.
void TestDownloadManager::totalSpeedCountsBytesTheDiskHasNotWritten()
{
    FaultResponse paced = FaultResponse::generated(256 * 1024, 10);
    paced.bytesPerSecond = 256 * 1024;
    m_server.setResponse(QStringLiteral("/behind/a.bin"), paced);
    EngineFixture engine;
    QSemaphore release;
    const int threads = engine.diskPool().maxThreadCount();
    for (int i = 0; i < threads; ++i)
        engine.diskPool().start([&release] { release.acquire(); });
    const DownloadId id = engine.add(m_server.url(QStringLiteral("/behind/a.bin")));
    qint64 best = 0;
    const bool counted = QTest::qWaitFor([&] {
        best = std::max(best, engine.manager().totalBytesPerSecond());
        return best > 64 * 1024;
    }, 10000);
    QCOMPARE(engine.download(id).bytesReceived(), 0);  // nothing written yet: the disk is held
    release.release(threads);
    QVERIFY2(counted, qPrintable(QString::number(best)));
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
}

void TestDownloadManager::shutdownKeepsPartFiles()
{
    FaultResponse slow = FaultResponse::generated(8 * 1024 * 1024, 6);
    slow.bytesPerSecond = 2 * 1024 * 1024;
    m_server.setResponse(QStringLiteral("/stop/*"), slow);
    EngineFixture engine;
    const QList<DownloadId> ids = engine.manager().add(
        {entryFor(m_server.url(QStringLiteral("/stop/a.bin"))), entryFor(m_server.url(QStringLiteral("/stop/b.bin")))});
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(ids[0]).bytesReceived() > 0 && engine.download(ids[1]).bytesReceived() > 0, 10000);
    QSignalSpy complete(&engine.manager(), &DownloadManager::shutdownComplete);
    engine.manager().shutdown();
    QTRY_COMPARE(complete.count(), 1);
    for (DownloadId id : ids) {
        const Download &d = engine.download(id);
        QCOMPARE(d.state(), DownloadState::Paused);
        // Shutdown fsyncs: every byte counted is reported durable.
        QCOMPARE(d.durableRanges(), (QList<ByteRange>{ByteRange{0, d.bytesReceived()}}));
        QVERIFY(d.filePath().endsWith(QStringLiteral(".part")));
        // Everything counted is on disk, and it is the start of the right file.
        QFile part(d.filePath());
        QVERIFY(part.open(QIODevice::ReadOnly));
        QVERIFY(part.size() >= d.bytesReceived());
        const QByteArray head = part.read(d.bytesReceived());
        QCOMPARE(head, FaultServer::generatedSlice(0, d.bytesReceived(), 6));
    }
}

void TestDownloadManager::modelFollowsTheManager()
{
    m_server.setResponse(QStringLiteral("/m/ok.bin"), FaultResponse::generated(300'000, 3));
    m_server.setResponse(QStringLiteral("/m/missing.bin"), FaultResponse::withStatus(404));
    FaultResponse slow = FaultResponse::generated(600'000);
    slow.bytesPerSecond = 1024 * 1024;
    m_server.setResponse(QStringLiteral("/m/slow.bin"), slow);
    EngineFixture engine;
    DownloadListModel model(&engine.manager());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    const QList<DownloadId> ids = engine.manager().add({entryFor(m_server.url(QStringLiteral("/m/ok.bin"))),
                                                        entryFor(m_server.url(QStringLiteral("/m/missing.bin"))),
                                                        entryFor(m_server.url(QStringLiteral("/m/slow.bin")))});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), int(DownloadColumns::Count));
    QCOMPARE(model.idAt(1), ids[1]);
    QTRY_COMPARE_WITH_TIMEOUT(model.index(0, DownloadColumns::Status).data().toString(), QStringLiteral("Completed"), 10000);
    QTRY_COMPARE(model.index(1, DownloadColumns::Status).data().toString(), QStringLiteral("Server said 404 Not Found"));
    QCOMPARE(model.index(0, DownloadColumns::Progress).data().toString(), QStringLiteral("100%"));
    QCOMPARE(model.index(0, DownloadColumns::Progress).data(DownloadListModel::ProgressRole).toDouble(), 1.0);
    QCOMPARE(model.index(0, DownloadColumns::Name).data().toString(), QStringLiteral("ok.bin"));
    QCOMPARE(model.index(0, DownloadColumns::Size).data().toString(), QStringLiteral("293.0 KiB"));
    QCOMPARE(model.index(0, 0).data(DownloadListModel::FilePathRole).toString(), engine.path(QStringLiteral("ok.bin")));
    QCOMPARE(model.index(1, 0).data(DownloadListModel::StateRole).toInt(), int(DownloadState::Failed));
    QTRY_VERIFY(model.index(2, 0).data(DownloadListModel::BytesReceivedRole).toLongLong() > 0);

    engine.manager().remove(ids[1]);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.idAt(1), ids[2]);
    QCOMPARE(model.rowOf(ids[2]), 1);
    QVERIFY(engine.waitFinal(ids[2]));
    QTRY_COMPARE(model.index(1, DownloadColumns::Status).data().toString(), QStringLiteral("Completed"));
}

// The bar once said 15% while the details said 14%: a repaint between two batches read fresher
// bytes than the details pane, which shows the batch's. Rows now show the batch's numbers too.
void TestDownloadManager::rowsShowTheLastBatchBetweenBatches()
{
    FaultResponse slow = FaultResponse::generated(4'000'000);
    slow.bytesPerSecond = 1024 * 1024;
    m_server.setResponse(QStringLiteral("/m/batch.bin"), slow);
    EngineFixture engine;
    DownloadListModel model(&engine.manager());
    const DownloadId id = engine.manager().add(entryFor(m_server.url(QStringLiteral("/m/batch.bin"))));
    const Download *d = engine.manager().download(id);
    qint64 announced = -1;
    connect(&engine.manager(), &DownloadManager::downloadsChanged, this, [&] { announced = d->bytesReceived(); });
    // Bytes that arrived after the last batch: the live count has moved past what was announced.
    QVERIFY(QTest::qWaitFor([&] { return announced > 0 && d->totalBytes() > 0 && d->bytesReceived() > announced; }, 10000));
    const QModelIndex progress = model.index(0, DownloadColumns::Progress);
    QCOMPARE(progress.data(DownloadListModel::BytesReceivedRole).toLongLong(), announced);
    QCOMPARE(model.receivedOf(id), announced);
    QCOMPARE(progress.data(DownloadListModel::ProgressRole).toDouble(), double(announced) / double(d->totalBytes()));
    QCOMPARE(progress.data().toString(), QStringLiteral("%1%").arg(announced * 100 / d->totalBytes()));
    // Time left counts from the same bytes as Progress, not from the live count.
    if (d->bytesPerSecond() > 0) {
        const qint64 left = (d->totalBytes() - announced) / d->bytesPerSecond();
        QCOMPARE(model.index(0, DownloadColumns::TimeLeft).data().toString(), HumanFormat::duration(left));
    }
    engine.manager().cancel(id);
}

QTEST_GUILESS_MAIN(TestDownloadManager)
#include "tst_downloadmanager.moc"
