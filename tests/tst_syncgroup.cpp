#include "disk/syncgroup.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <atomic>
#include <condition_variable>
#include <cerrno>
#include <fcntl.h>
#include <mutex>
#include <unistd.h>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

// An action that blocks until opened, so a test can line callers up behind a running sync.
class Gate
{
public:
    void open()
    {
        std::lock_guard lock(m_mutex);
        m_open = true;
        m_changed.notify_all();
    }
    void wait()
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return m_open; });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_open = false;
};

} // namespace

class TestSyncGroup final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void waitersShareTheNextRun_data();
    void waitersShareTheNextRun();
    void keysDoNotWaitForEachOther();
    void syncsRealFilesAndFolders();
};

void TestSyncGroup::waitersShareTheNextRun_data()
{
    QTest::addColumn<int>("secondResult");
    QTest::newRow("both runs succeed") << 0;
    QTest::newRow("second run fails: every waiter hears it") << EIO;
}

// The first caller's run was already under way when the others asked, so it cannot cover them:
// they wait for one more run, all of them together, and get its result.
void TestSyncGroup::waitersShareTheNextRun()
{
    QFETCH(int, secondResult);
    constexpr int kWaiters = 8;
    SyncGroup group;
    QThreadPool pool;
    pool.setMaxThreadCount(kWaiters + 1);
    Gate firstGate;
    std::atomic<int> runs = 0;
    std::atomic<int> firstResult = -2;
    std::vector<std::atomic<int>> results(kWaiters);
    for (auto &result : results)
        result = -2;
    const auto action = [&]() {
        if (++runs == 1) {
            firstGate.wait();
            return 0;
        }
        return secondResult;
    };
    const QString key = u"k"_s;

    pool.start([&] { firstResult = group.run(key, action); });
    QVERIFY(QTest::qWaitFor([&] { return runs == 1; }));
    for (int i = 0; i < kWaiters; ++i)
        pool.start([&, i] { results[size_t(i)] = group.run(key, action); });
    QVERIFY(QTest::qWaitFor([&] { return group.pending(key) == kWaiters + 1; }));
    QCOMPARE(runs.load(), 1);  // nobody started a second run while the first one was going
    firstGate.open();
    QVERIFY(pool.waitForDone(10000));

    QCOMPARE(runs.load(), 2);
    QCOMPARE(firstResult.load(), 0);
    for (const auto &result : results)
        QCOMPARE(result.load(), secondResult);
    QCOMPARE(group.pending(key), quint64(0));
}

void TestSyncGroup::keysDoNotWaitForEachOther()
{
    SyncGroup group;
    QThreadPool pool;
    Gate gate;
    std::atomic<bool> blockedRunning = false;
    pool.start([&] {
        group.run(u"a"_s, [&] {
            blockedRunning = true;
            gate.wait();
            return 0;
        });
    });
    QVERIFY(QTest::qWaitFor([&] { return blockedRunning.load(); }));
    QCOMPARE(group.run(u"b"_s, [] { return ENOSPC; }), ENOSPC);
    QCOMPARE(group.pending(u"a"_s), quint64(1));
    gate.open();
    QVERIFY(pool.waitForDone(10000));
    QCOMPARE(group.pending(u"a"_s), quint64(0));
}

void TestSyncGroup::syncsRealFilesAndFolders()
{
    QTemporaryDir temp;
    SyncGroup group;
    const QByteArray path = QFile::encodeName(temp.filePath(u"data.bin"_s));
    const int fd = ::open(path.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    QVERIFY(fd >= 0);
    QCOMPARE(::pwrite(fd, "durable", 7, 0), ssize_t(7));
    QCOMPARE(SyncGroup::syncFileData(fd), 0);
    ::close(fd);
    QCOMPARE(SyncGroup::syncFileData(fd), EBADF);  // a closed descriptor is that caller's own error
    QCOMPARE(group.syncFolder(temp.path()), 0);
    QCOMPARE(group.syncFolder(temp.filePath(u"missing"_s)), ENOENT);
}

QTEST_GUILESS_MAIN(TestSyncGroup)
#include "tst_syncgroup.moc"
