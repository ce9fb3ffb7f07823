#include "intake/workerteam.h"

#include <QObject>
#include <QTest>

#include <atomic>
#include <vector>

class TestWorkerTeam final : public QObject
{
    Q_OBJECT

private slots:
    void everyIndexOnce_data();
    void everyIndexOnce();
    void callerWorksWhileHelpersRun();
    void emptyJob();
};

void TestWorkerTeam::everyIndexOnce_data()
{
    QTest::addColumn<int>("helpers");
    QTest::addColumn<qsizetype>("count");
    QTest::addColumn<qsizetype>("grain");

    QTest::newRow("no helpers") << 0 << qsizetype(1000) << qsizetype(7);
    QTest::newRow("one helper") << 1 << qsizetype(1000) << qsizetype(7);
    QTest::newRow("three helpers") << 3 << qsizetype(100'000) << qsizetype(64);
    QTest::newRow("fewer indexes than a slice") << 3 << qsizetype(5) << qsizetype(64);
    QTest::newRow("grain of one") << 2 << qsizetype(5000) << qsizetype(1);
}

void TestWorkerTeam::everyIndexOnce()
{
    QFETCH(int, helpers);
    QFETCH(qsizetype, count);
    QFETCH(qsizetype, grain);

    WorkerTeam team(helpers);
    QCOMPARE(team.size(), helpers + 1);
    // Reused many times, as a parse reuses it for every block.
    for (int round = 0; round < 50; ++round) {
        std::vector<std::atomic<int>> visits(static_cast<size_t>(count));
        std::atomic<bool> badSlice = false;
        const WorkerTeam::Job job = [&](int worker, qsizetype begin, qsizetype end) {
            if (worker < 0 || worker > helpers || begin >= end || end - begin > grain)
                badSlice = true;
            for (qsizetype i = begin; i < end; ++i)
                visits[size_t(i)].fetch_add(1, std::memory_order_relaxed);
        };
        team.start(count, grain, job);
        team.finish();
        QVERIFY(!badSlice);
        for (qsizetype i = 0; i < count; ++i)
            QCOMPARE(visits[size_t(i)].load(), 1);
    }
}

void TestWorkerTeam::callerWorksWhileHelpersRun()
{
    WorkerTeam team(2);
    std::vector<int> out(10'000, 0);
    const WorkerTeam::Job job = [&](int, qsizetype begin, qsizetype end) {
        for (qsizetype i = begin; i < end; ++i)
            out[size_t(i)] = int(i) * 2;
    };
    team.start(qsizetype(out.size()), 100, job);
    qint64 own = 0;
    for (int i = 0; i < 1000; ++i)
        own += i;
    team.finish();
    QCOMPARE(own, 499'500);
    for (size_t i = 0; i < out.size(); ++i)
        QCOMPARE(out[i], int(i) * 2);
}

void TestWorkerTeam::emptyJob()
{
    WorkerTeam team(2);
    bool called = false;
    const WorkerTeam::Job job = [&](int, qsizetype, qsizetype) { called = true; };
    team.start(0, 16, job);
    team.finish();
    team.finish();
    QVERIFY(!called);
}

QTEST_GUILESS_MAIN(TestWorkerTeam)
#include "tst_workerteam.moc"
