#include "intake/workerteam.h"

#include <QObject>
#include <QTest>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

class TestWorkerTeam final : public QObject
{
    Q_OBJECT

private slots:
    void everyIndexOnce_data();
    void everyIndexOnce();
    void callerWorksWhileHelpersRun();
    void workersRunAtOnce();
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

namespace {

// How long a worker waits for the others before it concludes they are not running beside it.
constexpr auto kPatience = std::chrono::seconds(10);

} // namespace

void TestWorkerTeam::callerWorksWhileHelpersRun()
{
    // start() returns while the helpers work: the caller sees a helper inside a slice before it
    // calls finish(), and that helper waits for the caller to say so. Were start() to run the job
    // itself, no helper would ever be seen; were it to wait for the helpers, they would wait for
    // the caller in vain.
    WorkerTeam team(2);
    QCOMPARE(team.size(), 3);
    std::mutex mutex;
    std::condition_variable changed;
    int helpersInside = 0;
    bool callerDone = false;
    std::atomic<int> waitedInVain = 0;
    const WorkerTeam::Job job = [&](int worker, qsizetype, qsizetype) {
        if (worker == 0)
            return;
        std::unique_lock lock(mutex);
        ++helpersInside;
        changed.notify_all();
        if (!changed.wait_for(lock, kPatience, [&] { return callerDone; }))
            ++waitedInVain;
    };
    team.start(64, 1, job);
    bool sawHelper = false;
    {
        std::unique_lock lock(mutex);
        sawHelper = changed.wait_for(lock, kPatience, [&] { return helpersInside > 0; });
        callerDone = true;
    }
    changed.notify_all();
    team.finish();
    QVERIFY(sawHelper);
    QCOMPARE(waitedInVain.load(), 0);
}

void TestWorkerTeam::workersRunAtOnce()
{
    // One slice per worker, and each slice waits until every worker is inside one: only workers
    // that really run at the same time get through, since a waiting worker takes no other slice.
    WorkerTeam team(3);
    const int workers = team.size();
    QCOMPARE(workers, 4);
    for (int round = 0; round < 20; ++round) {
        std::mutex mutex;
        std::condition_variable arrived;
        int inside = 0;
        std::atomic<int> waitedInVain = 0;
        std::vector<std::atomic<int>> sliceOf(static_cast<size_t>(workers));
        const WorkerTeam::Job job = [&](int worker, qsizetype, qsizetype) {
            ++sliceOf[size_t(worker)];
            std::unique_lock lock(mutex);
            ++inside;
            arrived.notify_all();
            if (!arrived.wait_for(lock, kPatience, [&] { return inside >= workers; }))
                ++waitedInVain;
        };
        team.start(workers, 1, job);
        team.finish();
        QCOMPARE(waitedInVain.load(), 0);
        QCOMPARE(inside, workers);
        for (const auto &slices : sliceOf)
            QCOMPARE(slices.load(), 1);
    }
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
