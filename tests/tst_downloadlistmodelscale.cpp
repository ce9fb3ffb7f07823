// The list model at 100,000 rows: adding them in one batch, sorting by each kind of column,
// filtering, batches of changes and removals (one by one and in one call, up to every row),
// with a selection model attached. Prints the time of each step (wall and CPU) and asserts only
// the outcomes: machines are too noisy for limits.
#include "enginefixture.h"
#include "faultserver.h"
#include "list/downloadlistmodel.h"
#include "listmodelreference.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QItemSelectionModel>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QTest>

#include <ctime>

using Filter = DownloadListModel::StateFilter;

namespace {

// idAt and rowOf agree on every row (removals renumber lazily).
bool rowsConsistent(const DownloadListModel &model)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.rowOf(model.idAt(row)) != row)
            return false;
    }
    return true;
}

UrlEntry entryFor(const QUrl &url)
{
    UrlEntry entry;
    entry.url = url;
    return entry;
}

// This thread's CPU time: on a shared machine the wall clock also counts other processes.
double cpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

// Wall and CPU milliseconds of the code between start() and the reading.
struct Stopwatch {
    QElapsedTimer wall;
    double cpuStart = 0;
    void start()
    {
        wall.start();
        cpuStart = cpuMs();
    }
    QString reading() const
    {
        return QStringLiteral("%1 ms (%2 ms CPU)").arg(wall.elapsed()).arg(cpuMs() - cpuStart, 0, 'f', 1);
    }
};

} // namespace

class TestDownloadListModelScale final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.listen()); }
    void hundredThousandRows();
    void removesInOneBatch_data();
    void removesInOneBatch();

private:
    FaultServer m_server;
};

void TestDownloadListModelScale::hundredThousandRows()
{
    constexpr int kCount = 100'000;
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = 1;
    settings.connectTimeoutMs = 600'000;
    FaultResponse silent;
    silent.neverRespond = true;
    m_server.setResponse(QStringLiteral("/big/*"), silent);
    EngineFixture engine(settings);
    DownloadManager &manager = engine.manager();
    QList<UrlEntry> entries;
    entries.reserve(kCount);
    for (int i = 0; i < kCount; ++i)  // a permutation, so that no column is sorted already
        entries.append(entryFor(m_server.url(QStringLiteral("/big/file%1.bin").arg(qint64(i) * 7919 % kCount))));

    // The model's share of a signal: a clock started before it and read after it.
    QObject context;
    Stopwatch clock;
    QString modelTime;
    connect(&manager, &DownloadManager::downloadsAdded, &context, [&] { clock.start(); });
    connect(&manager, &DownloadManager::downloadsChanged, &context, [&] { clock.start(); });
    DownloadListModel model(&manager);
    connect(&manager, &DownloadManager::downloadsAdded, &context, [&] { modelTime = clock.reading(); });
    connect(&manager, &DownloadManager::downloadsChanged, &context, [&] { modelTime = clock.reading(); });
    Stopwatch total;
    total.start();
    manager.add(entries);
    qInfo("add %d in one batch: %s in the manager and the model, %s of it in the model", kCount,
          qPrintable(total.reading()), qPrintable(modelTime));
    QCOMPARE(model.rowCount(), kCount);
    // The first one starts and hangs; the batch saying so is the last change until the test acts.
    modelTime.clear();
    QVERIFY(QTest::qWaitFor([&] { return manager.countIn(DownloadState::Connecting) == 1 && !modelTime.isEmpty(); }, 10000));

    const auto timed = [&](const char *what, const auto &step) {
        Stopwatch timer;
        timer.start();
        step();
        qInfo("%s: %s", what, qPrintable(timer.reading()));
    };
    const auto nameAt = [&](int row) { return model.index(row, DownloadColumns::Name).data().toString(); };
    timed("sort by name", [&] { model.sort(DownloadColumns::Name); });
    QCOMPARE(nameAt(0), QStringLiteral("file0.bin"));
    QCOMPARE(nameAt(kCount - 1), QStringLiteral("file99999.bin"));
    for (int row = 1; row < kCount; row += 97)
        QVERIFY(ListModelReference::naturalCompare(nameAt(row - 1), nameAt(row)) < 0);
    timed("sort by name, descending", [&] { model.sort(DownloadColumns::Name, Qt::DescendingOrder); });
    QCOMPARE(nameAt(0), QStringLiteral("file99999.bin"));
    timed("sort by URL", [&] { model.sort(DownloadColumns::Url); });
    QCOMPARE(nameAt(1), QStringLiteral("file1.bin"));
    QCOMPARE(nameAt(2), QStringLiteral("file10.bin"));
    timed("sort by size", [&] { model.sort(DownloadColumns::Size); });
    timed("sort by added", [&] { model.sort(DownloadColumns::Added, Qt::DescendingOrder); });
    QCOMPARE(manager.download(model.idAt(0))->addedAt(), manager.download(manager.ids().last())->addedAt());
    timed("sort by status", [&] { model.sort(DownloadColumns::Status, Qt::DescendingOrder); });
    QCOMPARE(model.index(0, 0).data(DownloadListModel::StateRole).toInt(), int(DownloadState::Connecting));
    timed("back to input order", [&] { model.sort(-1); });
    QCOMPARE(model.idAt(kCount - 1), manager.ids().last());

    model.sort(DownloadColumns::Name);
    timed("text filter \"file7\"", [&] { model.setTextFilter(QStringLiteral("file7")); });
    QCOMPARE(model.rowCount(), 11'111);
    QCOMPARE(nameAt(0), QStringLiteral("file7.bin"));
    timed("text filter narrowed to \"file77\"", [&] { model.setTextFilter(QStringLiteral("file77")); });
    QCOMPARE(model.rowCount(), 1'111);
    timed("text filter cleared", [&] { model.setTextFilter({}); });
    QCOMPARE(model.rowCount(), kCount);
    timed("state filter Active", [&] { model.setStateFilter(Filter::Active); });
    QCOMPARE(model.rowCount(), 1);
    timed("state filter All", [&] { model.setStateFilter(Filter::All); });

    // A batch of 500 changed rows that all move: paused rows go to the top by status.
    model.sort(DownloadColumns::Status, Qt::DescendingOrder);
    const QList<DownloadId> ids = manager.ids();
    for (int i = 0; i < 500; ++i)
        manager.pause(ids[i * 199 + 7]);
    modelTime.clear();
    QVERIFY(QTest::qWaitFor([&] { return !modelTime.isEmpty(); }, 5000));
    qInfo("batch of 500 changed rows that move, sorted by status: %s in the model", qPrintable(modelTime));
    QCOMPARE(model.index(499, 0).data(DownloadListModel::StateRole).toInt(), int(DownloadState::Paused));
    QCOMPARE(model.index(500, 0).data(DownloadListModel::StateRole).toInt(), int(DownloadState::Connecting));
    // The same rows again while sorted by speed, where none of them moves.
    model.sort(DownloadColumns::Speed, Qt::DescendingOrder);
    for (int i = 0; i < 500; ++i)
        manager.resume(ids[i * 199 + 7]);
    modelTime.clear();
    QVERIFY(QTest::qWaitFor([&] { return !modelTime.isEmpty(); }, 5000));
    qInfo("batch of 500 changed rows in place, sorted by speed: %s in the model", qPrintable(modelTime));

    // What a view's selection costs: a selection model turns whole selected rows into
    // persistent indexes around every layout change.
    QItemSelectionModel selection(&model);
    selection.select(QItemSelection(model.index(0, 0), model.index(kCount - 1, 0)),
                     QItemSelectionModel::Select | QItemSelectionModel::Rows);
    timed("sort by name with every row selected", [&] { model.sort(DownloadColumns::Name); });
    QCOMPARE(selection.selectedRows().size(), kCount);
    {
        QItemSelection scattered;
        for (int row = 0; row < kCount; row += 10)
            scattered.select(model.index(row, 0), model.index(row, DownloadColumns::Count - 1));
        selection.select(scattered, QItemSelectionModel::ClearAndSelect);
    }
    const DownloadId selectedId = model.idAt(10);
    timed("sort by URL with 10,000 scattered rows selected", [&] { model.sort(DownloadColumns::Url); });
    QCOMPARE(selection.selectedRows().size(), kCount / 10);
    QVERIFY(selection.isRowSelected(model.rowOf(selectedId)));
    selection.clear();
    selection.setModel(nullptr);  // the model's own cost, without a selection model listening
    timed("remove 1,000 rows one by one, no selection model", [&] {
        for (int i = 0; i < 1000; ++i)
            manager.remove(ids[i * 97 + 3]);
    });
    selection.setModel(&model);
    QCOMPARE(model.rowCount(), kCount - 1000);
    QVERIFY(rowsConsistent(model));
    // What "remove the selected rows" costs while the manager removes one id at a time: every
    // removal updates each persistent index the selection holds.
    QList<DownloadId> doomed;
    for (int row = 0; row < 1000; ++row) {
        selection.select(model.index(row * 97 + 5, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        doomed.append(model.idAt(row * 97 + 5));
    }
    timed("remove 1,000 selected scattered rows one by one", [&] {
        for (DownloadId id : doomed)
            manager.remove(id);
    });
    QVERIFY(selection.selectedRows().isEmpty());
    QCOMPARE(model.rowCount(), kCount - 2000);
    QVERIFY(rowsConsistent(model));
    for (DownloadId id : doomed)
        QCOMPARE(model.rowOf(id), -1);
    // The same again in one call, as the window's Remove does.
    doomed.clear();
    for (int row = 0; row < 1000; ++row) {
        selection.select(model.index(row * 97 + 5, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        doomed.append(model.idAt(row * 97 + 5));
    }
    timed("remove 1,000 selected scattered rows in one call", [&] { manager.remove(doomed); });
    QVERIFY(selection.selectedRows().isEmpty());
    QCOMPARE(model.rowCount(), kCount - 3000);
    QVERIFY(rowsConsistent(model));
}

void TestDownloadListModelScale::removesInOneBatch_data()
{
    QTest::addColumn<int>("step");    // every step-th row in the shown order is selected
    QTest::addColumn<int>("column");  // sorted by this column first, -1 for input order
    QTest::newRow("all 100,000, input order") << 1 << -1;
    QTest::newRow("all 100,000, by name") << 1 << int(DownloadColumns::Name);
    QTest::newRow("50,000 scattered, by name") << 2 << int(DownloadColumns::Name);
    QTest::newRow("10,000 scattered, input order") << 10 << -1;
}

void TestDownloadListModelScale::removesInOneBatch()
{
    QFETCH(int, step);
    QFETCH(int, column);
    constexpr int kCount = 100'000;
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = 1;
    settings.connectTimeoutMs = 600'000;
    FaultResponse silent;
    silent.neverRespond = true;
    m_server.setResponse(QStringLiteral("/batch/*"), silent);
    EngineFixture engine(settings);
    DownloadManager &manager = engine.manager();
    QList<UrlEntry> entries;
    entries.reserve(kCount);
    for (int i = 0; i < kCount; ++i)
        entries.append(entryFor(m_server.url(QStringLiteral("/batch/file%1.bin").arg(qint64(i) * 7919 % kCount))));
    QObject context;
    Stopwatch clock;
    QString modelTime;
    connect(&manager, &DownloadManager::downloadsAboutToBeRemoved, &context, [&] { clock.start(); });
    DownloadListModel model(&manager);
    connect(&manager, &DownloadManager::downloadsAboutToBeRemoved, &context, [&] { modelTime = clock.reading(); });
    manager.add(entries);
    QVERIFY(QTest::qWaitFor([&] { return manager.countIn(DownloadState::Connecting) == 1; }, 10000));
    model.sort(column);

    // Selected as a view selects: whole rows, one range per run of rows.
    QItemSelectionModel selection(&model);
    QItemSelection picked;
    for (int row = 0; row < kCount; row += step)
        picked.select(model.index(row, 0), model.index(row, DownloadColumns::Count - 1));
    selection.select(picked, QItemSelectionModel::ClearAndSelect);
    // A surviving row's persistent index follows it; a removed row's becomes invalid.
    const QPersistentModelIndex survivor = step > 1 ? model.index(kCount - 1, 1) : QModelIndex();
    const DownloadId survivorId = model.idAt(kCount - 1);
    const QPersistentModelIndex doomedIndex = model.index(kCount - step, 2);

    Stopwatch timer;
    timer.start();
    QList<DownloadId> ids;
    for (const QItemSelectionRange &range : selection.selection()) {
        for (int row = range.top(); row <= range.bottom(); ++row)
            ids.append(model.idAt(row));
    }
    const QString collected = timer.reading();
    const QPointer<const Download> firstGone = manager.download(ids.first());
    const QPointer<const Download> lastGone = manager.download(ids.last());
    timer.start();
    manager.remove(ids);
    const QString removed = timer.reading();
    // The removed downloads are deleted later, a slice per turn of the event loop.
    Stopwatch deletion;
    deletion.start();
    int turns = 0;
    qint64 longestTurnMs = 0;
    // In input order: the last one removed is in the last slice.
    while (!firstGone.isNull() || !lastGone.isNull()) {
        QVERIFY(turns < 1000);
        QElapsedTimer turn;
        turn.start();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        longestTurnMs = std::max(longestTurnMs, turn.elapsed());
        ++turns;
    }
    QVERIFY2(turns > 1, "the downloads were deleted in one turn, not a slice per turn");
    qInfo("remove %d of %d rows in one call: %s, of it %s in the model (the ids from the selection "
          "took %s); deleting the downloads later: %s in %d turns, the longest %lld ms",
          int(ids.size()), kCount, qPrintable(removed), qPrintable(modelTime), qPrintable(collected),
          qPrintable(deletion.reading()), turns, longestTurnMs);

    const int left = kCount - int(ids.size());
    QCOMPARE(model.rowCount(), left);
    QCOMPARE(model.totalCount(), left);
    QCOMPARE(manager.count(), left);
    QCOMPARE(manager.countIn(DownloadState::Queued) + manager.countIn(DownloadState::Connecting), left);
    QVERIFY(selection.selectedRows().isEmpty());
    QVERIFY(rowsConsistent(model));
    for (int i = 0; i < ids.size(); i += 97)
        QCOMPARE(model.rowOf(ids[i]), -1);
    QVERIFY(!doomedIndex.isValid());
    if (step > 1) {
        QVERIFY(survivor.isValid());
        QCOMPARE(model.idAt(survivor.row()), survivorId);
        QCOMPARE(survivor.column(), 1);
    }
    const QString why = ListModelReference::mismatch(manager, model);
    QVERIFY2(why.isEmpty(), qPrintable(why));
}

QTEST_GUILESS_MAIN(TestDownloadListModelScale)
#include "tst_downloadlistmodelscale.moc"
