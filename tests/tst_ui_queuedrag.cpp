// Dragging rows to reorder the queue: DownloadQueue::moveNextTo's moves, a drop between rows of
// the unsorted list (the line where they go, the queue order, the order the server sees the
// downloads start), a sorted list that refuses and says why, foreign data refused, and links
// dropped on the list still added.
#include "appsettings.h"
#include "downloadtableview.h"
#include "droptarget.h"
#include "enginefixture.h"
#include "faultserver.h"
#include "intake/urllistloader.h"
#include "list/downloadlistmodel.h"
#include "mainwindow.h"
#include "urlintake.h"

#include <QApplication>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QImage>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWindow>
#include <QThreadPool>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

QList<DownloadId> inQueueOrder(const DownloadManager &manager, QList<DownloadId> ids)
{
    std::sort(ids.begin(), ids.end(),
              [&](DownloadId a, DownloadId b) { return manager.placeInQueue(a) < manager.placeInQueue(b); });
    return ids;
}

QList<DownloadId> rowsOf(const DownloadListModel &model)
{
    QList<DownloadId> shown;
    for (int row = 0; row < model.rowCount(); ++row)
        shown.append(model.idAt(row));
    return shown;
}

} // namespace

class TestUiQueueDrag final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.listen()); }
    void init() { m_server.clearRecords(); }
    void moveNextTo_data();
    void moveNextTo();
    void dropBetweenRowsReordersTheQueue();
    void sortedListRefusesAndSaysWhy();
    void foreignRowsAreRefused();
    void droppedLinksStillAdd();

private:
    // Sends a drag of mime to pos in the table's viewport; returns whether the move was accepted.
    static bool dragTo(DownloadTableView *table, const QMimeData &mime, QPoint pos);
    static bool dropAt(DownloadTableView *table, const QMimeData &mime, QPoint pos);

    FaultServer m_server;
};

void TestUiQueueDrag::moveNextTo_data()
{
    QTest::addColumn<QList<DownloadId>>("moved");
    QTest::addColumn<int>("target");
    QTest::addColumn<bool>("after");
    QTest::addColumn<QList<DownloadId>>("expected");
    using L = QList<DownloadId>;
    QTest::newRow("one down, before") << L{1} << 4 << false << L{2, 3, 1, 4, 5};
    QTest::newRow("one up, before") << L{4} << 2 << false << L{1, 4, 2, 3, 5};
    QTest::newRow("after the last") << L{2} << 5 << true << L{1, 3, 4, 5, 2};
    QTest::newRow("scattered block keeps its order") << L{5, 2} << 4 << false << L{1, 3, 2, 5, 4};
    QTest::newRow("onto one of its own") << L{2, 4} << 2 << false << L{1, 2, 4, 3, 5};
    QTest::newRow("where it is") << L{3} << 3 << false << L{1, 2, 3, 4, 5};
    QTest::newRow("unknown ids ignored") << L{9, 1} << 3 << true << L{2, 3, 1, 4, 5};
}

void TestUiQueueDrag::moveNextTo()
{
    QFETCH(QList<DownloadId>, moved);
    QFETCH(int, target);
    QFETCH(bool, after);
    QFETCH(QList<DownloadId>, expected);
    DownloadQueue queue;
    const QList<DownloadId> all{1, 2, 3, 4, 5};
    for (DownloadId id : all)
        queue.add(id, id % 2 ? u"a"_s : u"b"_s);
    const auto originOf = [](DownloadId id) { return id % 2 ? u"a"_s : u"b"_s; };
    const QList<DownloadId> changed = queue.moveNextTo(moved, DownloadId(target), after, originOf);
    QList<DownloadId> order = all;
    std::sort(order.begin(), order.end(), [&](DownloadId a, DownloadId b) { return queue.placeOf(a) < queue.placeOf(b); });
    QCOMPARE(order, expected);
    for (DownloadId id : all)
        QCOMPARE(changed.contains(id), expected.indexOf(id) != all.indexOf(id));
    // The scheduler's per-origin queues follow: next() takes them in the new order.
    QList<DownloadId> taken;
    for (DownloadId next = queue.next([](const QString &) { return true; }); next != 0;
         next = queue.next([](const QString &) { return true; })) {
        taken.append(next);
        queue.pop(next, originOf(next));
    }
    QCOMPARE(taken, expected);
}

bool TestUiQueueDrag::dragTo(DownloadTableView *table, const QMimeData &mime, QPoint pos)
{
    // As while a drag of the table's own rows runs: startDrag() opens the viewport to drops.
    table->viewport()->setAcceptDrops(true);
    QDragEnterEvent enter(pos, Qt::MoveAction, &mime, Qt::LeftButton, Qt::NoModifier);
    enter.ignore();
    QApplication::sendEvent(table->viewport(), &enter);
    QDragMoveEvent move(pos, Qt::MoveAction, &mime, Qt::LeftButton, Qt::NoModifier);
    move.ignore();
    QApplication::sendEvent(table->viewport(), &move);
    return move.isAccepted() && move.dropAction() == Qt::MoveAction;
}

bool TestUiQueueDrag::dropAt(DownloadTableView *table, const QMimeData &mime, QPoint pos)
{
    QDropEvent drop(QPointF(pos), Qt::MoveAction, &mime, Qt::LeftButton, Qt::NoModifier);
    drop.ignore();
    QApplication::sendEvent(table->viewport(), &drop);
    table->viewport()->setAcceptDrops(false);
    return drop.isAccepted();
}

void TestUiQueueDrag::dropBetweenRowsReordersTheQueue()
{
    // One download at a time; the first is held by the server so the others wait queued.
    FaultResponse held = FaultResponse::generated(2000);
    held.delayBeforeHeadersMs = 3000;
    m_server.setResponse(u"/drag/held.bin"_s, held);
    m_server.setResponse(u"/dq/*"_s, FaultResponse::generated(1000));
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = 1;
    EngineFixture engine(settings);
    DownloadListModel model(&engine.manager());
    MainWindow window(&engine.manager(), &model, nullptr, nullptr);
    window.resize(900, 500);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const DownloadId first = engine.add(m_server.url(u"/drag/held.bin"_s));
    QList<DownloadId> waiting;
    for (const char *name : {"a.bin", "b.bin", "c.bin", "d.bin"})
        waiting.append(engine.add(m_server.url(u"/dq/"_s + QLatin1StringView(name))));
    QTRY_COMPARE(m_server.requests(u"/drag/held.bin"_s).size(), 1);
    QTRY_COMPARE(model.rowCount(), 5);
    DownloadTableView *table = window.table();

    // c and d dragged to just above a (the upper half of a's row).
    const std::unique_ptr<QMimeData> mime(model.mimeData({model.index(model.rowOf(waiting[2]), 0),
                                                          model.index(model.rowOf(waiting[3]), 0)}));
    const int rowA = model.rowOf(waiting[0]);
    const QPoint abovea(40, table->rowViewportPosition(rowA) + 3);
    QVERIFY(dragTo(table, *mime, abovea));
    QCOMPARE(table->dropRow(), rowA);
    // The drop line runs across the row boundary in the accent colour.
    const int lineY = table->dropLineY();
    QCOMPARE(lineY, table->rowViewportPosition(rowA));
    const QImage shot = table->viewport()->grab().toImage();
    const QRgb accent = table->palette().color(QPalette::Active, QPalette::Highlight).rgb();
    for (int x : {40, table->viewport()->width() / 2, table->viewport()->width() - 10}) {
        const bool onLine = shot.pixel(x, lineY) == accent || shot.pixel(x, lineY - 1) == accent;
        QVERIFY2(onLine, qPrintable(QString::number(x)));
    }
    QVERIFY(dropAt(table, *mime, abovea));
    QCOMPARE(table->dropRow(), -1);
    QCOMPARE(inQueueOrder(engine.manager(), waiting), (QList<DownloadId>{waiting[2], waiting[3], waiting[0], waiting[1]}));
    QTRY_COMPARE(rowsOf(model), (QList<DownloadId>{first, waiting[2], waiting[3], waiting[0], waiting[1]}));

    // Then a after everything: below the lower half of the last row.
    const std::unique_ptr<QMimeData> single(model.mimeData({model.index(model.rowOf(waiting[0]), 0)}));
    const int last = model.rowCount() - 1;
    const QPoint belowLast(40, table->rowViewportPosition(last) + table->rowHeight(last) - 2);
    QVERIFY(dragTo(table, *single, belowLast));
    QCOMPARE(table->dropRow(), model.rowCount());
    QVERIFY(dropAt(table, *single, belowLast));

    for (DownloadId id : waiting)
        QVERIFY(engine.waitFinal(id));
    QStringList served;
    for (const RecordedRequest &request : m_server.requests(u"/dq/*"_s))
        served.append(QString::fromLatin1(request.path));
    QCOMPARE(served, (QStringList{u"/dq/c.bin"_s, u"/dq/d.bin"_s, u"/dq/b.bin"_s, u"/dq/a.bin"_s}));
    QVERIFY(engine.waitFinal(first));
}

void TestUiQueueDrag::sortedListRefusesAndSaysWhy()
{
    EngineFixture engine;
    QList<UrlEntry> entries;
    for (int i = 0; i < 3; ++i) {
        UrlEntry entry;
        entry.url = m_server.url(u"/sorted/%1.bin"_s.arg(i));
        entries.append(entry);
    }
    const QList<DownloadId> ids = engine.manager().add(entries);
    engine.manager().pauseAll();
    DownloadListModel model(&engine.manager());
    MainWindow window(&engine.manager(), &model, nullptr, nullptr);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    DownloadTableView *table = window.table();
    QTRY_COMPARE(model.rowCount(), 3);
    QVERIFY(model.flags(model.index(0, 0)).testFlag(Qt::ItemIsDragEnabled));

    table->sortByColumn(DownloadColumns::Name, Qt::DescendingOrder);
    QVERIFY(!model.showsQueueOrder());
    QVERIFY(!model.flags(model.index(0, 0)).testFlag(Qt::ItemIsDragEnabled));
    const std::unique_ptr<QMimeData> mime(model.mimeData({model.index(0, 0)}));
    QVERIFY(!dragTo(table, *mime, QPoint(40, table->rowViewportPosition(1) + 2)));
    QCOMPARE(table->dropRow(), -1);
    QVERIFY(!dropAt(table, *mime, QPoint(40, table->rowViewportPosition(1) + 2)));
    const QList<qint64> places{engine.manager().placeInQueue(ids[0]), engine.manager().placeInQueue(ids[1]),
                               engine.manager().placeInQueue(ids[2])};
    QVERIFY(places[0] < places[1] && places[1] < places[2]);

    // Pressing on a row and moving as if to drag: the status bar says why nothing moves.
    QSignalSpy hints(table, &DownloadTableView::hint);
    const QPoint start(40, table->rowViewportPosition(0) + 4);
    QTest::mousePress(table->viewport(), Qt::LeftButton, {}, start);
    QTest::mouseMove(table->viewport(), start + QPoint(0, 30));
    QTest::mouseRelease(table->viewport(), Qt::LeftButton, {}, start + QPoint(0, 30));
    QCOMPARE(hints.size(), 1);
    QVERIFY(hints.first().first().toString().contains(u"sorted"_s));
    QVERIFY(window.statusBar()->currentMessage().contains(u"sorted"_s));
}

void TestUiQueueDrag::foreignRowsAreRefused()
{
    EngineFixture engine;
    engine.add(m_server.url(u"/foreign/a.bin"_s));
    engine.add(m_server.url(u"/foreign/b.bin"_s));
    engine.manager().pauseAll();
    DownloadListModel model(&engine.manager());
    DownloadListModel other(&engine.manager());
    // Rows of another list (another window, another Gather) carry another token.
    const std::unique_ptr<QMimeData> theirs(other.mimeData({other.index(1, 0)}));
    QVERIFY(!model.canDropMimeData(theirs.get(), Qt::MoveAction, 0, 0, {}));
    QVERIFY(!model.dropMimeData(theirs.get(), Qt::MoveAction, 0, 0, {}));
    QMimeData forged;
    forged.setData(DownloadListModel::queueRowsMimeType(), "12:34 1 2");
    QVERIFY(!model.canDropMimeData(&forged, Qt::MoveAction, 0, 0, {}));
    const std::unique_ptr<QMimeData> ours(model.mimeData({model.index(1, 0)}));
    QVERIFY(!model.canDropMimeData(ours.get(), Qt::CopyAction, 0, 0, {}));
    QVERIFY(model.dropMimeData(ours.get(), Qt::MoveAction, 0, 0, {}));
    QTRY_COMPARE(model.idAt(0), model.draggedIds(ours.get()).value(0));
}

void TestUiQueueDrag::droppedLinksStillAdd()
{
    QTemporaryDir dir;
    m_server.setResponse(u"/dropped/*"_s, FaultResponse::ok(QByteArrayLiteral("payload")));
    EngineFixture engine;
    QThreadPool pool;
    QSettings store(dir.filePath(u"gather.ini"_s), QSettings::IniFormat);
    AppSettings settings(&store);
    AppSettings::Values values = settings.values();
    values.addDialogOnDrop = false;
    settings.setValues(values);
    UrlListLoader loader(&pool);
    DownloadListModel model(&engine.manager());
    MainWindow window(&engine.manager(), &model, nullptr, nullptr);
    UrlIntake intake(&engine.manager(), &settings, &loader, nullptr, &window);
    DropTarget target(&window, &intake);
    target.watchDescendants();  // as the application does once the window is built
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QMimeData links;
    links.setUrls({m_server.url(u"/dropped/one.bin"_s)});
    // Delivered as the platform does: to the top-level QWindow, at a point over the table.
    QWidget *viewport = window.table()->viewport();
    const QPoint at = viewport->mapTo(&window, viewport->rect().center());
    QDragEnterEvent enter(at, Qt::CopyAction | Qt::MoveAction, &links, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window.windowHandle(), &enter);
    QVERIFY(enter.isAccepted());
    QCOMPARE(enter.dropAction(), Qt::CopyAction);
    QDropEvent drop(QPointF(at), Qt::CopyAction | Qt::MoveAction, &links, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window.windowHandle(), &drop);
    QVERIFY(drop.isAccepted());
    QTRY_COMPARE(engine.manager().count(), 1);
    QCOMPARE(engine.download(engine.manager().ids().first()).url(), m_server.url(u"/dropped/one.bin"_s));
    QCOMPARE(window.table()->dropRow(), -1);
    pool.waitForDone();
}

QTEST_MAIN(TestUiQueueDrag)
#include "tst_ui_queuedrag.moc"
