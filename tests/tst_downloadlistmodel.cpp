// The list model sorting and filtering in place: every column in both orders against an order
// written independently from the downloads' raw values (ListModelReference), rows entering,
// leaving and moving as real downloads change, selections following their downloads, batch
// removals, and a stalled download's speed falling on screen.
#include "enginefixture.h"
#include "faultserver.h"
#include "list/downloadlistmodel.h"
#include "listmodelreference.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using Filter = DownloadListModel::StateFilter;
Q_DECLARE_METATYPE(Filter)

// Fails the test with what differs when the model does not show the rows the reference expects.
#define VERIFY_ROWS(manager, model) \
    do { \
        const QString why = ListModelReference::mismatch(manager, model); \
        QVERIFY2(why.isEmpty(), qPrintable(why)); \
    } while (false)

namespace {

UrlEntry entryFor(const QUrl &url, const QString &dir = {})
{
    UrlEntry entry;
    entry.url = url;
    entry.dir = dir;
    return entry;
}

QList<DownloadId> selectedIds(const QItemSelectionModel &selection)
{
    QList<DownloadId> ids;
    for (const QModelIndex &index : selection.selectedRows())
        ids.append(index.data(DownloadListModel::IdRole).value<DownloadId>());
    std::sort(ids.begin(), ids.end());
    return ids;
}

} // namespace

class TestDownloadListModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase() { m_mixed.reset(); }

    void sortsEveryColumn_data();
    void sortsEveryColumn();
    void namesSortNaturallyAndTiesKeepInputOrder();
    void filtersByState_data();
    void filtersByState();
    void filtersByText();
    void selectionFollowsSortAndFilter();
    void rowsMoveAsDownloadsChange_data();
    void rowsMoveAsDownloadsChange();
    void addsAndRemovesWhileSortedAndFiltered();
    void removesInOneBatch_data();
    void removesInOneBatch();
    void stalledSpeedFalls();

private:
    FaultServer m_server;
    std::unique_ptr<EngineFixture> m_mixed;  // downloads settled in every kind of state
    QHash<QString, DownloadId> m_mixedIds;   // by URL path
};

void TestDownloadListModel::initTestCase()
{
    QVERIFY(m_server.listen());
    m_server.setResponse(QStringLiteral("/mix/file10.bin"), FaultResponse::generated(5000));
    m_server.setResponse(QStringLiteral("/mix/File1.bin"), FaultResponse::generated(300));
    m_server.setResponse(QStringLiteral("/mix/file2.bin"), FaultResponse::generated(300));
    m_server.setResponse(QStringLiteral("/mix/b.bin"), FaultResponse::generated(100'000));
    FaultResponse named = FaultResponse::generated(10);
    named.headers = {{QByteArrayLiteral("Content-Disposition"), QByteArrayLiteral("attachment; filename=\"zeta.txt\"")}};
    m_server.setResponse(QStringLiteral("/mix/dl"), named);
    m_server.setResponse(QStringLiteral("/mix/missing.bin"), FaultResponse::withStatus(404));
    m_server.setResponse(QStringLiteral("/mix/forbidden.bin"), FaultResponse::withStatus(403));
    FaultResponse silent;
    silent.neverRespond = true;
    m_server.setResponse(QStringLiteral("/mix/cancel.bin"), silent);
    m_server.setResponse(QStringLiteral("/mix/hang.bin"), silent);
    FaultResponse slow = FaultResponse::generated(4 * 1024 * 1024);
    slow.bytesPerSecond = 256 * 1024;
    m_server.setResponse(QStringLiteral("/mix/pause.bin"), slow);

    DownloadSettings settings = EngineFixture::testSettings();
    settings.connectTimeoutMs = 600'000;
    settings.idleTimeoutMs = 600'000;
    settings.maxConcurrent = 16;
    settings.maxPerHost = 16;
    m_mixed = std::make_unique<EngineFixture>(settings);
    DownloadManager &manager = m_mixed->manager();
    const QStringList paths{QStringLiteral("/mix/file10.bin"), QStringLiteral("/mix/File1.bin"),
                            QStringLiteral("/mix/file2.bin"), QStringLiteral("/mix/b.bin"),
                            QStringLiteral("/mix/dl"), QStringLiteral("/mix/missing.bin"),
                            QStringLiteral("/mix/forbidden.bin"), QStringLiteral("/mix/cancel.bin"),
                            QStringLiteral("/mix/pause.bin"), QStringLiteral("/mix/hang.bin")};
    for (const QString &path : paths)
        m_mixedIds.insert(path, manager.add(entryFor(m_server.url(path))));
    for (int i = 0; i < 7; ++i)
        QVERIFY(m_mixed->waitFinal(m_mixedIds.value(paths[i])));
    QVERIFY(m_mixed->waitState(m_mixedIds.value(QStringLiteral("/mix/cancel.bin")), DownloadState::Connecting));
    manager.cancel(m_mixedIds.value(QStringLiteral("/mix/cancel.bin")));
    const DownloadId paused = m_mixedIds.value(QStringLiteral("/mix/pause.bin"));
    QTRY_VERIFY_WITH_TIMEOUT(m_mixed->download(paused).bytesReceived() > 0, 10000);
    manager.pause(paused);
    QCOMPARE(m_mixed->download(paused).state(), DownloadState::Paused);
    // Only the hanging download holds a slot now; with one slot the next two stay queued.
    settings.maxConcurrent = 1;
    settings.folder = m_mixed->folder();
    manager.setSettings(settings);
    m_mixedIds.insert(QStringLiteral("/mix/q10.bin"), manager.add(entryFor(m_server.url(QStringLiteral("/mix/q10.bin")), QStringLiteral("sub10"))));
    m_mixedIds.insert(QStringLiteral("/mix/Q2.bin"), manager.add(entryFor(m_server.url(QStringLiteral("/mix/Q2.bin")), QStringLiteral("Sub2"))));
    QCOMPARE(manager.countIn(DownloadState::Completed), 5);
    QCOMPARE(manager.countIn(DownloadState::Failed), 2);
    QCOMPARE(manager.countIn(DownloadState::Cancelled), 1);
    QCOMPARE(manager.countIn(DownloadState::Paused), 1);
    QTRY_COMPARE(manager.countIn(DownloadState::Connecting), 1);
    QCOMPARE(manager.countIn(DownloadState::Queued), 2);
}

void TestDownloadListModel::sortsEveryColumn_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    DownloadListModel names(&m_mixed->manager());
    for (int column = 0; column < DownloadColumns::Count; ++column) {
        const QString name = names.headerData(column, Qt::Horizontal).toString();
        QTest::addRow("%s ascending", qPrintable(name)) << column << Qt::AscendingOrder;
        QTest::addRow("%s descending", qPrintable(name)) << column << Qt::DescendingOrder;
    }
}

void TestDownloadListModel::sortsEveryColumn()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    DownloadListModel model(&m_mixed->manager());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.sortColumn(), -1);
    QCOMPARE(model.idAt(0), m_mixedIds.value(QStringLiteral("/mix/file10.bin")));
    model.sort(column, order);
    QCOMPARE(model.sortColumn(), column);
    QCOMPARE(model.sortOrder(), order);
    VERIFY_ROWS(m_mixed->manager(), model);
    // The other order, then back to the input order.
    model.sort(column, order == Qt::AscendingOrder ? Qt::DescendingOrder : Qt::AscendingOrder);
    VERIFY_ROWS(m_mixed->manager(), model);
    model.sort(-1);
    QCOMPARE(model.sortColumn(), -1);
    VERIFY_ROWS(m_mixed->manager(), model);
    QCOMPARE(model.idAt(0), m_mixedIds.value(QStringLiteral("/mix/file10.bin")));
}

void TestDownloadListModel::namesSortNaturallyAndTiesKeepInputOrder()
{
    DownloadListModel model(&m_mixed->manager());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto column = [&](int c) {
        QStringList texts;
        for (int row = 0; row < model.rowCount(); ++row)
            texts.append(model.index(row, c).data().toString());
        return texts;
    };
    model.sort(DownloadColumns::Name);
    QCOMPARE(column(DownloadColumns::Name),
             (QStringList{QStringLiteral("b.bin"), QStringLiteral("cancel.bin"), QStringLiteral("File1.bin"),
                          QStringLiteral("file2.bin"), QStringLiteral("file10.bin"), QStringLiteral("forbidden.bin"),
                          QStringLiteral("hang.bin"), QStringLiteral("missing.bin"), QStringLiteral("pause.bin"),
                          QStringLiteral("Q2.bin"), QStringLiteral("q10.bin"), QStringLiteral("zeta.txt")}));
    // File1 and file2 are both 300 bytes: in input order whichever way the column sorts; the
    // sizes nobody knows yet stay last both ways.
    for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
        model.sort(DownloadColumns::Size, order);
        const QStringList names = column(DownloadColumns::Name);
        QCOMPARE(names.indexOf(QStringLiteral("File1.bin")) + 1, names.indexOf(QStringLiteral("file2.bin")));
        QCOMPARE(model.index(model.rowCount() - 1, DownloadColumns::Name).data().toString(), QStringLiteral("Q2.bin"));
        QCOMPARE(model.index(model.rowCount() - 2, DownloadColumns::Name).data().toString(), QStringLiteral("q10.bin"));
    }
    model.sort(DownloadColumns::Folder);
    QVERIFY(column(DownloadColumns::Folder).at(model.rowCount() - 2).endsWith(QStringLiteral("/Sub2")));
    QVERIFY(column(DownloadColumns::Folder).at(model.rowCount() - 1).endsWith(QStringLiteral("/sub10")));
}

void TestDownloadListModel::filtersByState_data()
{
    QTest::addColumn<Filter>("filter");
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("expected");
    const QList<std::pair<const char *, Filter>> filters{{"all", Filter::All}, {"active", Filter::Active},
                                                         {"queued", Filter::Queued}, {"completed", Filter::Completed},
                                                         {"failed", Filter::Failed}};
    const QList<int> counts{12, 1, 3, 5, 3};
    for (qsizetype i = 0; i < filters.size(); ++i) {
        QTest::addRow("%s, input order", filters[i].first) << filters[i].second << -1 << counts[i];
        QTest::addRow("%s, by name", filters[i].first) << filters[i].second << int(DownloadColumns::Name) << counts[i];
    }
}

void TestDownloadListModel::filtersByState()
{
    QFETCH(Filter, filter);
    QFETCH(int, column);
    QFETCH(int, expected);
    DownloadListModel model(&m_mixed->manager());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.sort(column, Qt::DescendingOrder);
    model.setStateFilter(filter);
    QCOMPARE(model.stateFilter(), filter);
    QCOMPARE(model.rowCount(), expected);
    QCOMPARE(model.totalCount(), 12);
    VERIFY_ROWS(m_mixed->manager(), model);
    // Every other filter from this one, and back.
    for (Filter other : {Filter::Failed, Filter::Active, Filter::All, Filter::Queued, Filter::Completed, filter}) {
        model.setStateFilter(other);
        VERIFY_ROWS(m_mixed->manager(), model);
    }
    QCOMPARE(model.rowCount(), expected);
    // The groups cover every state exactly once.
    for (int state = 0; state <= int(DownloadState::Cancelled); ++state) {
        int groups = 0;
        for (Filter f : {Filter::Active, Filter::Queued, Filter::Completed, Filter::Failed})
            groups += DownloadListModel::matches(f, DownloadState(state)) ? 1 : 0;
        QCOMPARE(groups, 1);
        QVERIFY(DownloadListModel::matches(Filter::All, DownloadState(state)));
    }
}

void TestDownloadListModel::filtersByText()
{
    DownloadListModel model(&m_mixed->manager());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.sort(DownloadColumns::Size, Qt::DescendingOrder);
    const QList<std::pair<QString, int>> steps{
        {QStringLiteral("FILE"), 3},       // names, whatever the case
        {QStringLiteral("file1"), 2},      // narrower: File1.bin, file10.bin
        {QStringLiteral("file10.bin"), 1},
        {QStringLiteral("ZETA"), 1},       // only the name from the server has it, not the URL
        {QStringLiteral("/mix/dl"), 1},    // only the URL has it
        {QStringLiteral("127.0.0.1"), 12}, // every URL
        {QStringLiteral("nothing"), 0},
        {QString(), 12},
    };
    for (const auto &[text, count] : steps) {
        model.setTextFilter(text);
        QCOMPARE(model.textFilter(), text);
        QCOMPARE(model.rowCount(), count);
        VERIFY_ROWS(m_mixed->manager(), model);
    }
    // Both filters at once: missing.bin and pause.bin have an "s", only missing.bin failed.
    model.setTextFilter(QStringLiteral("s"));
    QCOMPARE(model.rowCount(), 2);
    model.setStateFilter(Filter::Failed);
    QCOMPARE(model.rowCount(), 1);
    VERIFY_ROWS(m_mixed->manager(), model);
}

void TestDownloadListModel::selectionFollowsSortAndFilter()
{
    DownloadListModel model(&m_mixed->manager());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QItemSelectionModel selection(&model);
    const DownloadId current = m_mixedIds.value(QStringLiteral("/mix/b.bin"));
    QList<DownloadId> picked{m_mixedIds.value(QStringLiteral("/mix/file2.bin")), current,
                             m_mixedIds.value(QStringLiteral("/mix/missing.bin")), m_mixedIds.value(QStringLiteral("/mix/Q2.bin"))};
    std::sort(picked.begin(), picked.end());
    for (DownloadId id : picked)
        selection.select(model.index(model.rowOf(id), 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    selection.setCurrentIndex(model.index(model.rowOf(current), DownloadColumns::Size), QItemSelectionModel::NoUpdate);
    const QPersistentModelIndex held = model.index(model.rowOf(picked.first()), DownloadColumns::Url);

    for (int column = 0; column < DownloadColumns::Count; ++column) {
        model.sort(column, column % 2 ? Qt::AscendingOrder : Qt::DescendingOrder);
        QCOMPARE(selectedIds(selection), picked);
        QCOMPARE(selection.currentIndex().data(DownloadListModel::IdRole).value<DownloadId>(), current);
        QCOMPARE(selection.currentIndex().column(), int(DownloadColumns::Size));
        QCOMPARE(held.row(), model.rowOf(picked.first()));
        QCOMPARE(held.column(), int(DownloadColumns::Url));
    }
    // Filtered out, a row leaves the selection; the rest stay selected.
    model.setStateFilter(Filter::Completed);
    QCOMPARE(selectedIds(selection), (QList<DownloadId>{m_mixedIds.value(QStringLiteral("/mix/file2.bin")), current}));
    QCOMPARE(selection.currentIndex().data(DownloadListModel::IdRole).value<DownloadId>(), current);
    model.setTextFilter(QStringLiteral("file"));
    QVERIFY(!selection.currentIndex().isValid());
    QVERIFY(held.isValid());
    QCOMPARE(model.idAt(held.row()), picked.first());
}

void TestDownloadListModel::rowsMoveAsDownloadsChange_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<Filter>("filter");
    QTest::newRow("by status, descending") << int(DownloadColumns::Status) << Qt::DescendingOrder << Filter::All;
    QTest::newRow("by progress, descending") << int(DownloadColumns::Progress) << Qt::DescendingOrder << Filter::All;
    QTest::newRow("by name, descending") << int(DownloadColumns::Name) << Qt::DescendingOrder << Filter::All;
    QTest::newRow("active only") << -1 << Qt::AscendingOrder << Filter::Active;
    QTest::newRow("completed only, by size") << int(DownloadColumns::Size) << Qt::DescendingOrder << Filter::Completed;
    QTest::newRow("failed only, by status") << int(DownloadColumns::Status) << Qt::AscendingOrder << Filter::Failed;
}

void TestDownloadListModel::rowsMoveAsDownloadsChange()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    QFETCH(Filter, filter);
    // One slot, so rows start, grow, finish and fail in turns; each batch is checked as it lands.
    FaultResponse slow = FaultResponse::generated(500'000);
    slow.bytesPerSecond = 1024 * 1024;
    slow.chunkSize = 32 * 1024;
    m_server.setResponse(QStringLiteral("/dyn/slow*"), slow);
    m_server.setResponse(QStringLiteral("/dyn/small*"), FaultResponse::generated(2000));
    m_server.setResponse(QStringLiteral("/dyn/gone*"), FaultResponse::withStatus(410));
    FaultResponse named = FaultResponse::generated(50'000);
    named.headers = {{QByteArrayLiteral("Content-Disposition"), QByteArrayLiteral("attachment; filename=\"aaa.bin\"")}};
    m_server.setResponse(QStringLiteral("/dyn/get"), named);
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = 1;
    EngineFixture engine(settings);
    DownloadManager &manager = engine.manager();
    DownloadListModel model(&manager);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.sort(column, order);
    model.setStateFilter(filter);
    QString failure;
    int checks = 0;
    QPersistentModelIndex followed;
    DownloadId followedId = 0;
    QObject context;
    connect(&manager, &DownloadManager::downloadsChanged, &context, [&] {
        ++checks;
        if (failure.isEmpty())
            failure = ListModelReference::mismatch(manager, model);
        if (failure.isEmpty() && followed.isValid() && model.idAt(followed.row()) != followedId)
            failure = QStringLiteral("a persistent index lost its download");
        if (!followed.isValid() && model.rowCount() > 0) {
            followed = model.index(model.rowCount() - 1, 0);
            followedId = model.idAt(followed.row());
        }
    });
    QList<UrlEntry> entries;
    for (const char *name : {"slow1.bin", "small1.bin", "gone1.bin", "get", "slow2.bin", "small2.bin", "gone2.bin", "small3.bin"})
        entries.append(entryFor(m_server.url(u"/dyn/" % QLatin1StringView(name))));
    const QList<DownloadId> ids = manager.add(entries);
    VERIFY_ROWS(manager, model);
    for (DownloadId id : ids)
        QVERIFY(engine.waitFinal(id));
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QVERIFY2(checks >= 3, qPrintable(QString::number(checks)));
    VERIFY_ROWS(manager, model);
    QCOMPARE(manager.countIn(DownloadState::Completed), 6);
    if (column == DownloadColumns::Name)
        QCOMPARE(model.index(model.rowCount() - 1, DownloadColumns::Name).data().toString(), QStringLiteral("aaa.bin"));
}

void TestDownloadListModel::addsAndRemovesWhileSortedAndFiltered()
{
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = 1;
    settings.connectTimeoutMs = 600'000;
    FaultResponse silent;
    silent.neverRespond = true;
    m_server.setResponse(QStringLiteral("/add/*"), silent);
    EngineFixture engine(settings);
    DownloadManager &manager = engine.manager();
    DownloadListModel model(&manager);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto check = [&] { return ListModelReference::mismatch(manager, model); };
    const auto add = [&](const QStringList &names) {
        QList<UrlEntry> entries;
        for (const QString &name : names)
            entries.append(entryFor(m_server.url(u"/add/" % name)));
        return manager.add(entries);
    };
    model.sort(DownloadColumns::Name, Qt::AscendingOrder);
    QList<DownloadId> ids = add({QStringLiteral("m.bin"), QStringLiteral("c.bin"), QStringLiteral("x.bin")});
    VERIFY_ROWS(manager, model);
    // The first one takes the only slot and hangs there; from then on nothing changes by itself.
    // The model filters on the states of the last batch: wait for the one that says so.
    model.setStateFilter(Filter::Active);
    QTRY_COMPARE(model.rowCount(), 1);
    model.setStateFilter(Filter::All);
    ids += add({QStringLiteral("z.bin")});  // after the last row: appended
    ids += add({QStringLiteral("a.bin")});  // before the first
    ids += add({QStringLiteral("d.bin"), QStringLiteral("b.bin"), QStringLiteral("y.bin")});
    VERIFY_ROWS(manager, model);
    QCOMPARE(model.index(0, DownloadColumns::Name).data().toString(), QStringLiteral("a.bin"));

    // Filtered: new queued rows come in; pausing the running one takes it out of "Active" and
    // brings the next one in as it starts.
    model.setStateFilter(Filter::Queued);
    ids += add({QStringLiteral("e.bin"), QStringLiteral("zz.bin")});
    VERIFY_ROWS(manager, model);
    QCOMPARE(model.rowCount(), 9);
    model.setStateFilter(Filter::Active);
    QCOMPARE(model.rowCount(), 1);
    const DownloadId running = model.idAt(0);
    manager.pause(running);
    QTRY_VERIFY(model.rowCount() == 1 && model.idAt(0) != running);
    QTRY_VERIFY(check().isEmpty());

    // Removals: a shown row, a filtered-out one, the last one.
    model.setStateFilter(Filter::Queued);
    model.sort(DownloadColumns::Name, Qt::DescendingOrder);
    manager.remove(model.idAt(2));
    VERIFY_ROWS(manager, model);
    model.setTextFilter(QStringLiteral("z"));
    QCOMPARE(model.rowCount(), 2);
    manager.remove(running);
    QCOMPARE(model.rowCount(), 2);
    manager.remove(model.idAt(model.rowCount() - 1));
    QCOMPARE(model.rowCount(), 1);
    VERIFY_ROWS(manager, model);
    model.setTextFilter({});
    model.setStateFilter(Filter::All);
    QCOMPARE(model.rowCount(), manager.count());
    QCOMPARE(model.totalCount(), int(ids.size()) - 3);
    VERIFY_ROWS(manager, model);
}

void TestDownloadListModel::removesInOneBatch_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<Filter>("filter");
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<bool>("layoutChange");  // scattered rows leave in one layout change
    QTest::newRow("every third, by name descending")
        << int(DownloadColumns::Name) << Qt::DescendingOrder << Filter::All << QStringLiteral("third") << true;
    QTest::newRow("every third, queued only, by size")
        << int(DownloadColumns::Size) << Qt::AscendingOrder << Filter::Queued << QStringLiteral("third") << true;
    QTest::newRow("a block, by name")
        << int(DownloadColumns::Name) << Qt::AscendingOrder << Filter::All << QStringLiteral("block") << false;
    QTest::newRow("two blocks and hidden rows, queued only")
        << -1 << Qt::AscendingOrder << Filter::Queued << QStringLiteral("blocks") << false;
    QTest::newRow("every shown row, queued only, by name")
        << int(DownloadColumns::Name) << Qt::AscendingOrder << Filter::Queued << QStringLiteral("shown") << false;
    QTest::newRow("everything, by URL") << int(DownloadColumns::Url) << Qt::DescendingOrder << Filter::All
                                        << QStringLiteral("all") << false;
}

void TestDownloadListModel::removesInOneBatch()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    QFETCH(Filter, filter);
    QFETCH(QString, pattern);
    QFETCH(bool, layoutChange);
    FaultResponse silent;
    silent.neverRespond = true;
    m_server.setResponse(QStringLiteral("/brm/*"), silent);
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = 2;
    settings.connectTimeoutMs = 600'000;
    EngineFixture engine(settings);
    DownloadManager &manager = engine.manager();
    DownloadListModel model(&manager);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<UrlEntry> entries;
    for (int i = 0; i < 60; ++i)
        entries.append(entryFor(m_server.url(QStringLiteral("/brm/n%1.bin").arg(i * 37 % 60))));
    const QList<DownloadId> ids = manager.add(entries);
    // Two connecting, some cancelled, some paused, the rest queued: the "queued" filter hides
    // the first two kinds.
    for (int i = 5; i < 60; i += 7)
        manager.cancel(ids[i]);
    for (int i = 9; i < 60; i += 11)
        manager.pause(ids[i]);
    QTRY_COMPARE(manager.activeCount(), 2);
    model.sort(column, order);
    model.setStateFilter(filter);
    QTRY_VERIFY(ListModelReference::mismatch(manager, model).isEmpty());

    QList<DownloadId> doomed;
    const int shown = model.rowCount();
    for (int row = 0; row < shown; ++row) {
        const bool chosen = pattern == u"third" ? row % 3 == 1
                          : pattern == u"block" ? row >= 5 && row < 20
                          : pattern == u"blocks" ? (row >= 2 && row < 6) || (row >= 10 && row < 14)
                                                 : true;
        if (chosen)
            doomed.append(model.idAt(row));
    }
    if (pattern == u"blocks") {
        for (DownloadId id : ids) {
            if (model.rowOf(id) < 0 && doomed.size() < 11)
                doomed.append(id);
        }
        QCOMPARE(doomed.size(), 11);
    }
    if (pattern == u"all")
        doomed = manager.ids();
    QItemSelectionModel selection(&model);
    QList<DownloadId> selected;
    for (int row = 0; row < shown; row += 4) {
        selection.select(model.index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        selected.append(model.idAt(row));
    }
    int survivorRow = 0;
    while (survivorRow < shown && doomed.contains(model.idAt(survivorRow)))
        ++survivorRow;
    const DownloadId survivorId = model.idAt(survivorRow);
    const QPersistentModelIndex survivor = model.index(survivorRow, DownloadColumns::Status);
    const QPersistentModelIndex removed = model.index(model.rowOf(doomed.first()), DownloadColumns::Url);
    QVERIFY(removed.isValid());

    QSignalSpy layouts(&model, &QAbstractItemModel::layoutChanged);
    QSignalSpy removals(&model, &QAbstractItemModel::rowsRemoved);
    manager.remove(doomed);
    VERIFY_ROWS(manager, model);
    QCOMPARE(model.totalCount(), int(ids.size() - doomed.size()));
    QCOMPARE(layouts.count(), layoutChange ? 1 : 0);
    QVERIFY(layoutChange ? removals.isEmpty() : removals.count() <= 2);
    for (DownloadId id : std::as_const(doomed))
        QCOMPARE(model.rowOf(id), -1);
    QVERIFY(!removed.isValid());
    if (survivorId != 0) {
        QVERIFY(survivor.isValid());
        QCOMPARE(model.idAt(survivor.row()), survivorId);
        QCOMPARE(survivor.column(), int(DownloadColumns::Status));
    } else {
        QVERIFY(!survivor.isValid());  // nothing shown survived
    }
    selected.removeIf([&](DownloadId id) { return doomed.contains(id); });
    std::sort(selected.begin(), selected.end());
    QCOMPARE(selectedIds(selection), selected);

    // The freed entries are reused as the model goes on.
    model.setStateFilter(Filter::All);
    model.sort(DownloadColumns::Name, Qt::AscendingOrder);
    VERIFY_ROWS(manager, model);
    manager.add({entryFor(m_server.url(QStringLiteral("/brm/later-a.bin"))), entryFor(m_server.url(QStringLiteral("/brm/b.bin")))});
    VERIFY_ROWS(manager, model);
    QCOMPARE(model.rowCount(), manager.count());
}

void TestDownloadListModel::stalledSpeedFalls()
{
    // A burst, then silence: the bytes stop, the transfer stays open.
    FaultResponse stalling = FaultResponse::generated(8 * 1024 * 1024);
    stalling.chunkSize = 1024 * 1024;
    stalling.chunkDelayMs = 60'000;
    m_server.setResponse(QStringLiteral("/stall/burst.bin"), stalling);
    FaultResponse steady = FaultResponse::generated(8 * 1024 * 1024);
    steady.bytesPerSecond = 64 * 1024;
    steady.chunkSize = 16 * 1024;
    m_server.setResponse(QStringLiteral("/stall/steady.bin"), steady);
    DownloadSettings settings = EngineFixture::testSettings();
    settings.idleTimeoutMs = 60'000;
    settings.connectTimeoutMs = 60'000;
    settings.lowSpeedLimit = 0;
    EngineFixture engine(settings);
    DownloadManager &manager = engine.manager();
    DownloadListModel model(&manager);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.sort(DownloadColumns::Speed, Qt::DescendingOrder);
    const DownloadId steadyId = engine.add(m_server.url(QStringLiteral("/stall/steady.bin")));
    const DownloadId burst = engine.add(m_server.url(QStringLiteral("/stall/burst.bin")));
    const auto speedText = [&] { return model.index(model.rowOf(burst), DownloadColumns::Speed).data().toString(); };
    // What a view would repaint: the speed the row shows each time its row is announced changed.
    QStringList announced;
    QObject context;
    connect(&model, &QAbstractItemModel::dataChanged, &context, [&](const QModelIndex &top, const QModelIndex &bottom) {
        const int row = model.rowOf(burst);
        if (row >= top.row() && row <= bottom.row() && (announced.isEmpty() || announced.last() != speedText()))
            announced.append(speedText());
    });

    // A megabyte at once: faster than the steady one, so first; then the bytes stop.
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(burst).bytesReceived() == 1024 * 1024 && model.rowOf(burst) == 0, 10000);
    QCOMPARE(engine.download(burst).state(), DownloadState::Downloading);
    QVERIFY(engine.download(burst).bytesPerSecond() > engine.download(steadyId).bytesPerSecond());
    // Stalled, its speed falls batch by batch to zero on screen (the average spans 5 s), and
    // it sorts after the steady one. The model reads live values but moves rows and tells views
    // once per batch, so what a view was last told is what to wait for.
    QTRY_COMPARE_WITH_TIMEOUT(announced.last(), QStringLiteral("0 B/s"), 10'000);
    QCOMPARE(model.rowOf(burst), 1);
    QCOMPARE(model.rowOf(steadyId), 0);
    QCOMPARE(model.index(model.rowOf(burst), DownloadColumns::TimeLeft).data().toString(), QString());
    QVERIFY2(announced.size() >= 4, qPrintable(announced.join(u", ")));
    QCOMPARE(engine.download(burst).bytesReceived(), 1024 * 1024);
    QCOMPARE(engine.download(burst).state(), DownloadState::Downloading);
    // At rest it costs nothing: over the next three batches that name the steady one, none
    // names the stalled one.
    int batchesWithSteady = 0;
    bool burstAnnounced = false;
    connect(&manager, &DownloadManager::downloadsChanged, &context, [&](const QList<DownloadId> &ids) {
        batchesWithSteady += ids.contains(steadyId) ? 1 : 0;
        burstAnnounced = burstAnnounced || ids.contains(burst);
    });
    QTRY_VERIFY_WITH_TIMEOUT(batchesWithSteady >= 3, 10000);
    QVERIFY(!burstAnnounced);
    QCOMPARE(engine.download(burst).state(), DownloadState::Downloading);
}

QTEST_GUILESS_MAIN(TestDownloadListModel)
#include "tst_downloadlistmodel.moc"
