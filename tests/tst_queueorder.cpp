// The queue order a person steers: moves of single downloads and blocks (DownloadQueue), the
// order the scheduler starts them in as the server sees it, the list's unsorted rows following
// a move, places surviving a restart through snapshots, and Pause All / Resume All.
#include "enginefixture.h"
#include "faultserver.h"
#include "list/downloadlistmodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

UrlEntry entryFor(const QUrl &url)
{
    UrlEntry entry;
    entry.url = url;
    return entry;
}

// The ids in the queue order the queue gives them.
QList<DownloadId> inOrder(const DownloadQueue &queue, QList<DownloadId> ids)
{
    std::sort(ids.begin(), ids.end(), [&](DownloadId a, DownloadId b) { return queue.placeOf(a) < queue.placeOf(b); });
    return ids;
}

QList<DownloadId> inOrder(const DownloadManager &manager, QList<DownloadId> ids)
{
    std::sort(ids.begin(), ids.end(),
              [&](DownloadId a, DownloadId b) { return manager.placeInQueue(a) < manager.placeInQueue(b); });
    return ids;
}

} // namespace

class TestQueueOrder final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.listen()); }
    void init() { m_server.clearRecords(); }

    void moves_data();
    void moves();
    void movedQueuedOneIsScheduledAtItsNewPlace();
    void schedulerStartsInTheMovedOrder();
    void listFollowsTheQueueOrder();
    void placesSurviveARestart();
    void pauseAllAndResumeAll();
    void timeWindows_data();
    void timeWindows();
    void startWindowHoldsTheQueue();
    void slowWindowSwitchesTheOverallLimit();

private:
    FaultServer m_server;
};

void TestQueueOrder::moves_data()
{
    QTest::addColumn<QList<DownloadId>>("moved");
    QTest::addColumn<int>("how");
    QTest::addColumn<QList<DownloadId>>("expected");
    using L = QList<DownloadId>;
    QTest::newRow("up one") << L{3} << int(QueueMove::Up) << L{1, 3, 2, 4, 5};
    QTest::newRow("up, first stays") << L{1} << int(QueueMove::Up) << L{1, 2, 3, 4, 5};
    QTest::newRow("up, block at the top stays") << L{1, 2, 4} << int(QueueMove::Up) << L{1, 2, 4, 3, 5};
    QTest::newRow("up, scattered") << L{2, 4} << int(QueueMove::Up) << L{2, 1, 4, 3, 5};
    QTest::newRow("down one") << L{3} << int(QueueMove::Down) << L{1, 2, 4, 3, 5};
    QTest::newRow("down, block at the bottom stays") << L{2, 4, 5} << int(QueueMove::Down) << L{1, 3, 2, 4, 5};
    QTest::newRow("top keeps their order") << L{4, 2} << int(QueueMove::Top) << L{2, 4, 1, 3, 5};
    QTest::newRow("bottom keeps their order") << L{4, 1} << int(QueueMove::Bottom) << L{2, 3, 5, 1, 4};
    QTest::newRow("top, already there") << L{1, 2} << int(QueueMove::Top) << L{1, 2, 3, 4, 5};
    QTest::newRow("unknown and repeated ids") << L{9, 3, 3} << int(QueueMove::Top) << L{3, 1, 2, 4, 5};
}

void TestQueueOrder::moves()
{
    QFETCH(QList<DownloadId>, moved);
    QFETCH(int, how);
    QFETCH(QList<DownloadId>, expected);
    DownloadQueue queue;
    const QList<DownloadId> all{1, 2, 3, 4, 5};
    for (DownloadId id : all)
        queue.add(id, QStringLiteral("o"));
    const QList<DownloadId> changed = queue.move(moved, QueueMove(how), [](DownloadId) { return QStringLiteral("o"); });
    QCOMPARE(inOrder(queue, all), expected);
    // Each moved one that changed its place is reported (with Up and Down, the ones it passed
    // too); the list re-sorts just those.
    for (DownloadId id : all) {
        if (moved.contains(id) && expected.indexOf(id) != all.indexOf(id))
            QVERIFY2(changed.contains(id), qPrintable(QString::number(id)));
    }
    QList<DownloadId> taken;
    for (DownloadId next = queue.next([](const QString &) { return true; }); next != 0;
         next = queue.next([](const QString &) { return true; })) {
        taken.append(next);
        queue.pop(next, QStringLiteral("o"));
    }
    QCOMPARE(taken, expected);
}

void TestQueueOrder::movedQueuedOneIsScheduledAtItsNewPlace()
{
    // Two origins, one of them with a download that is not queued (paused): a move re-files only
    // queued ones, and next() follows the new places across origins.
    DownloadQueue queue;
    queue.add(1, QStringLiteral("a"));
    queue.add(2, QStringLiteral("b"));
    queue.add(3, QStringLiteral("a"), false);
    queue.add(4, QStringLiteral("b"));
    const auto originOf = [](DownloadId id) { return id % 2 ? QStringLiteral("a") : QStringLiteral("b"); };
    queue.move({4}, QueueMove::Top, originOf);
    queue.move({3}, QueueMove::Top, originOf);
    const auto any = [](const QString &) { return true; };
    QCOMPARE(queue.next(any), DownloadId(4));  // 3 is first in the order but not queued
    queue.pop(4, QStringLiteral("b"));
    QCOMPARE(queue.next(any), DownloadId(1));
    queue.push(3, QStringLiteral("a"));  // resumed: back at its (new, first) place
    QCOMPARE(queue.next(any), DownloadId(3));
    QCOMPARE(queue.next([](const QString &origin) { return origin == QStringLiteral("b"); }), DownloadId(2));
}

void TestQueueOrder::schedulerStartsInTheMovedOrder()
{
    // One download at a time; the first one is held by the server so the others wait queued.
    FaultResponse held = FaultResponse::generated(2000);
    held.delayBeforeHeadersMs = 1500;
    m_server.setResponse(QStringLiteral("/h/held.bin"), held);
    m_server.setResponse(QStringLiteral("/q/*"), FaultResponse::generated(1000));
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = 1;
    EngineFixture engine(settings);
    const DownloadId first = engine.add(m_server.url(QStringLiteral("/h/held.bin")));
    QList<DownloadId> waiting;
    for (const char *name : {"a.bin", "b.bin", "c.bin", "d.bin"})
        waiting.append(engine.add(m_server.url(u"/q/"_s + QLatin1StringView(name))));
    QTRY_COMPARE(m_server.requests(QStringLiteral("/h/held.bin")).size(), 1);
    QCOMPARE(engine.download(waiting[0]).state(), DownloadState::Queued);
    engine.manager().moveInQueue({waiting[3]}, QueueMove::Top);   // d first
    engine.manager().moveInQueue({waiting[0]}, QueueMove::Bottom); // a last
    engine.manager().moveInQueue({waiting[2]}, QueueMove::Up);     // c before b
    for (DownloadId id : waiting)
        QVERIFY(engine.waitFinal(id));
    QStringList served;
    for (const RecordedRequest &request : m_server.requests(QStringLiteral("/q/*")))
        served.append(QString::fromLatin1(request.path));
    QCOMPARE(served, (QStringList{u"/q/d.bin"_s, u"/q/c.bin"_s, u"/q/b.bin"_s, u"/q/a.bin"_s}));
    QVERIFY(engine.waitFinal(first));
}

void TestQueueOrder::listFollowsTheQueueOrder()
{
    EngineFixture engine;
    QList<UrlEntry> entries;
    for (int i = 0; i < 4; ++i)
        entries.append(entryFor(m_server.url(QStringLiteral("/list/%1.bin").arg(i))));
    const QList<DownloadId> ids = engine.manager().add(entries);
    engine.manager().pauseAll();
    DownloadListModel model(&engine.manager());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto rows = [&] {
        QList<DownloadId> shown;
        for (int row = 0; row < model.rowCount(); ++row)
            shown.append(model.idAt(row));
        return shown;
    };
    QCOMPARE(rows(), ids);
    engine.manager().moveInQueue({ids[2], ids[3]}, QueueMove::Top);
    QTRY_COMPARE(rows(), (QList<DownloadId>{ids[2], ids[3], ids[0], ids[1]}));
    engine.manager().moveInQueue({ids[2]}, QueueMove::Down);
    QTRY_COMPARE(rows(), (QList<DownloadId>{ids[3], ids[2], ids[0], ids[1]}));
    // Sorted by a column, ties (same status, no size) still follow the queue order.
    model.sort(DownloadColumns::Status, Qt::DescendingOrder);
    engine.manager().moveInQueue({ids[1]}, QueueMove::Top);
    QTRY_COMPARE(rows(), (QList<DownloadId>{ids[1], ids[3], ids[2], ids[0]}));
}

void TestQueueOrder::placesSurviveARestart()
{
    EngineFixture engine;
    QList<UrlEntry> entries;
    for (int i = 0; i < 4; ++i)
        entries.append(entryFor(m_server.url(QStringLiteral("/keep/%1.bin").arg(i))));
    const QList<DownloadId> ids = engine.manager().add(entries);
    engine.manager().pauseAll();
    engine.manager().moveInQueue({ids[3]}, QueueMove::Top);
    engine.manager().moveInQueue({ids[0]}, QueueMove::Down);
    const QList<DownloadId> before = inOrder(engine.manager(), ids);
    QCOMPARE(before, (QList<DownloadId>{ids[3], ids[1], ids[0], ids[2]}));
    // What the store keeps, and what a new engine makes of it (in id order, as the store reads).
    const QList<DownloadSnapshot> snapshots = engine.manager().snapshots(ids);
    QVERIFY(engine.restart());
    const QList<DownloadId> restored = engine.manager().restore(snapshots, false);
    QCOMPARE(restored, ids);
    QCOMPARE(inOrder(engine.manager(), ids), before);
    // A download added after the restore goes last, and moving still works on the old places.
    const DownloadId added = engine.add(m_server.url(QStringLiteral("/keep/new.bin")));
    QCOMPARE(inOrder(engine.manager(), ids + QList<DownloadId>{added}).last(), added);
    // Headless restores (keepPlaces false) queue in the order given, whatever the places said.
    QVERIFY(engine.restart());
    engine.manager().restore(snapshots, false, false);
    QCOMPARE(inOrder(engine.manager(), ids), ids);
}

void TestQueueOrder::pauseAllAndResumeAll()
{
    FaultResponse slow = FaultResponse::generated(400'000);
    slow.bytesPerSecond = 400'000;
    m_server.setResponse(QStringLiteral("/all/*"), slow);
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = 2;
    EngineFixture engine(settings);
    QList<UrlEntry> entries;
    for (int i = 0; i < 4; ++i)
        entries.append(entryFor(m_server.url(QStringLiteral("/all/%1.bin").arg(i))));
    const QList<DownloadId> ids = engine.manager().add(entries);
    QVERIFY(engine.waitState(ids[0], DownloadState::Downloading, 5000));
    engine.manager().pauseAll();
    // Running and queued ones alike: nothing starts by itself any more.
    for (DownloadId id : ids)
        QTRY_COMPARE(engine.download(id).state(), DownloadState::Paused);
    QCOMPARE(engine.manager().pendingCount(), 0);
    const int served = int(m_server.requests(QStringLiteral("/all/*")).size());
    engine.manager().resumeAll();
    for (DownloadId id : ids)
        QVERIFY(engine.waitFinal(id));
    for (int i = 0; i < ids.size(); ++i) {
        QCOMPARE(engine.download(ids[i]).state(), DownloadState::Completed);
        QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("%1.bin").arg(i))),
                 EngineFixture::sha256(FaultServer::generatedBody(400'000)));
    }
    QVERIFY(m_server.requests(QStringLiteral("/all/*")).size() > served);
}

void TestQueueOrder::timeWindows_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("at");
    QTest::addColumn<bool>("inside");
    QTest::addColumn<int>("minutesToEdge");
    QTest::newRow("day, inside") << u"09:00-18:00"_s << u"12:00"_s << true << 360;
    QTest::newRow("day, at the start") << u"09:00-18:00"_s << u"09:00"_s << true << 540;
    QTest::newRow("day, at the end") << u"09:00-18:00"_s << u"18:00"_s << false << 900;
    QTest::newRow("day, before") << u"9:00 - 18:00"_s << u"08:30"_s << false << 30;
    QTest::newRow("night, late") << u"22:00-06:00"_s << u"23:00"_s << true << 420;
    QTest::newRow("night, early") << u"22:00-06:00"_s << u"05:59"_s << true << 1;
    QTest::newRow("night, day") << u"22:00-06:00"_s << u"12:00"_s << false << 600;
    QTest::newRow("whole day") << u"07:00-07:00"_s << u"03:00"_s << true << 1440;
    QTest::newRow("unset") << QString() << u"03:00"_s << true << 1440;
}

void TestQueueOrder::timeWindows()
{
    QFETCH(QString, text);
    QFETCH(QString, at);
    QFETCH(bool, inside);
    QFETCH(int, minutesToEdge);
    const std::optional<TimeWindow> window = TimeWindow::parse(text);
    QVERIFY(window);
    const QTime now = QTime::fromString(at, u"HH:mm");
    QCOMPARE(window->contains(now), inside);
    QCOMPARE(window->msecsToNextEdge(now), qint64(minutesToEdge) * 60'000);
    QCOMPARE(TimeWindow::parse(window->toString()), window);
    for (const QString &bad : {u"9-18"_s, u"25:00-06:00"_s, u"22:00"_s, u"ab:cd-06:00"_s})
        QVERIFY2(!TimeWindow::parse(bad), qPrintable(bad));
}

void TestQueueOrder::startWindowHoldsTheQueue()
{
    m_server.setResponse(QStringLiteral("/window/*"), FaultResponse::generated(50'000, 4));
    QTime now(12, 0);
    DownloadSettings settings = EngineFixture::testSettings();
    settings.startWindow = *TimeWindow::parse(u"22:00-06:00");
    EngineFixture engine(settings);
    engine.manager().queueSchedule().setClock([&] { return now; });
    engine.manager().queueSchedule().recheck();
    QVERIFY(!engine.manager().queueSchedule().startsAllowed());
    const DownloadId held = engine.add(m_server.url(QStringLiteral("/window/held.bin")));
    // The scheduling pass a new download asks for runs from the event queue.
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    QCOMPARE(engine.download(held).state(), DownloadState::Queued);
    QVERIFY(m_server.requests(QStringLiteral("/window/*")).isEmpty());
    // Start Now is the person overriding the window.
    const DownloadId forced = engine.add(m_server.url(QStringLiteral("/window/forced.bin")));
    engine.manager().startNow(forced);
    QVERIFY(engine.waitFinal(forced));
    QCOMPARE(engine.download(held).state(), DownloadState::Queued);
    // The window opens: the queue goes on by itself.
    now = QTime(22, 0, 1);
    engine.manager().queueSchedule().recheck();
    QVERIFY(engine.waitFinal(held));
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("held.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(50'000, 4)));
}

void TestQueueOrder::slowWindowSwitchesTheOverallLimit()
{
    QTime now(10, 0);
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxOverallBytesPerSecond = 8 * 1024 * 1024;
    settings.slowWindow = *TimeWindow::parse(u"09:00-18:00");
    settings.slowOverallBytesPerSecond = 512 * 1024;
    EngineFixture engine(settings);
    QueueSchedule &schedule = engine.manager().queueSchedule();
    schedule.setClock([&] { return now; });
    schedule.recheck();
    QCOMPARE(engine.manager().overallLimitInForce(), 512 * 1024);
    now = QTime(18, 0, 1);
    schedule.recheck();
    QCOMPARE(engine.manager().overallLimitInForce(), 8 * 1024 * 1024);
    // Unlimited inside the window is a choice too (0), and settings apply at once.
    settings.slowOverallBytesPerSecond = 0;
    settings.slowWindow = *TimeWindow::parse(u"18:00-09:00");
    engine.manager().setSettings(settings);
    QCOMPARE(engine.manager().overallLimitInForce(), 0);
}

QTEST_GUILESS_MAIN(TestQueueOrder)
#include "tst_queueorder.moc"
