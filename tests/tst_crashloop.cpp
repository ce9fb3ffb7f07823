// gather --headless killed with SIGKILL at random moments (each before the run could finish)
// and started again with the same command until the file is complete: the file's SHA-256, what each kill cost as seen from the
// server (at most one time checkpoint of transfer), and no stray files afterwards. Longer loops:
// scripts/crashloop N (GATHER_CRASHLOOP_KILLS).
#include "enginefixture.h"
#include "faultserver.h"
#include "headlessrun.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <csignal>

using namespace std::chrono_literals;

namespace {

constexpr qint64 kMiB = 1024 * 1024;
constexpr qint64 kRate = 4 * kMiB;  // bytes per second the server sends
constexpr qint64 kSize = 48 * kMiB;
// What one kill may cost: the 5 s time checkpoint, plus the store's 0.5 s save interval and
// its commit, plus what sits in socket buffers, with room for a loaded machine.
constexpr qint64 kCheckpoint = kRate * 13 / 2;

} // namespace

class TestCrashLoop final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.listen()); }
    void headlessSurvivesKills();

private:
    FaultServer m_server;
};

void TestCrashLoop::headlessSurvivesKills()
{
    const int kills = qEnvironmentVariableIsSet("GATHER_CRASHLOOP_KILLS") ? qEnvironmentVariableIntValue("GATHER_CRASHLOOP_KILLS") : 10;
    const quint32 seed = qEnvironmentVariableIsSet("GATHER_CRASHLOOP_SEED") ? quint32(qEnvironmentVariableIntValue("GATHER_CRASHLOOP_SEED"))
                                                                           : QRandomGenerator::global()->generate() % 100000;
    qInfo("crash loop: %d kills, seed %u (GATHER_CRASHLOOP_SEED to repeat)", kills, seed);
    QRandomGenerator random(seed);

    FaultResponse slow = FaultResponse::generated(kSize, 31);
    slow.bytesPerSecond = kRate;
    slow.etag = "\"crash-v1\"";
    m_server.setResponse(QStringLiteral("/crash.bin"), slow);
    QTemporaryDir dir;
    const QStringList command{QStringLiteral("-q"), QStringLiteral("-s"), QStringLiteral("1"), QStringLiteral("-d"), dir.path(),
                              m_server.url(QStringLiteral("/crash.bin")).toString()};

    qint64 sentInAll = 0;
    qint64 reachedBefore = 0;  // how far the server had sent when the last run was killed
    qint64 furthestStart = 0;
    for (int run = 0; run <= kills; ++run) {
        const qsizetype requestsBefore = m_server.requests(QStringLiteral("/crash.bin")).size();
        HeadlessRun gather;
        QElapsedTimer clock;
        clock.start();
        gather.start(command);
        bool finished = false;
        if (run < kills) {
            // A random moment, but always before the run could finish (so every kill happens):
            // well within the time the rest of the file takes at the server's rate.
            // The first kill comes after the first time checkpoint (5 s of unsynced data), so that
            // every seed has a run that must go on from where an earlier one left off; without it
            // about one seed in fifty killed every run before any checkpoint and proved nothing.
            int killAfterMs = run == 0 ? int(random.bounded(7'000, 8'000)) : int(random.bounded(500, 8'000));
            if (QTest::qWaitFor([&] { return m_server.requests(QStringLiteral("/crash.bin")).size() > requestsBefore; }, 5000)) {
                const qint64 from = std::max<qint64>(0, m_server.requests(QStringLiteral("/crash.bin")).at(requestsBefore).rangeStart());
                killAfterMs = std::min<qint64>(killAfterMs, clock.elapsed() + (kSize - from) * 600 / kRate);
            }
            // Then SIGKILL: what waitForFinished does when its time is up.
            finished = gather.waitForFinished(std::chrono::milliseconds(std::max<qint64>(1, killAfterMs - clock.elapsed())));
            QVERIFY2(!finished, qPrintable(gather.describe()));
        } else {
            finished = gather.waitForFinished(120s);
            QVERIFY2(finished, qPrintable(gather.describe()));
            QCOMPARE(gather.exitCode(), 0);
        }
        // The server has seen the connection end before its count is read.
        QTRY_VERIFY(std::ranges::all_of(m_server.requests(QStringLiteral("/crash.bin")),
                                        [](const RecordedRequest &r) { return r.finishedMs >= 0; }));
        const QList<RecordedRequest> requests = m_server.requests(QStringLiteral("/crash.bin")).mid(requestsBefore);
        if (requests.isEmpty())
            continue;  // killed before it asked for anything
        const qint64 start = std::max<qint64>(0, requests.first().rangeStart());
        // Each kill costs at most one checkpoint: this run went on from no earlier than that.
        QVERIFY2(reachedBefore - start <= kCheckpoint,
                 qPrintable(QStringLiteral("run %1 started at %2 although the server had sent up to %3")
                                .arg(run).arg(start).arg(reachedBefore)));
        furthestStart = std::max(furthestStart, start);
        reachedBefore = 0;
        for (const RecordedRequest &request : requests) {
            sentInAll += request.bodyBytesSent;
            reachedBefore = std::max(reachedBefore, std::max<qint64>(0, request.rangeStart()) + request.bodyBytesSent);
        }
        qInfo("run %d: %s after %lld ms, went on from %.1f MiB, the server sent up to %.1f MiB", run,
              finished ? "finished" : "killed", qint64(clock.elapsed()), double(start) / kMiB, double(reachedBefore) / kMiB);
    }
    QVERIFY(furthestStart > 0);  // some run went on from where an earlier one left off
    QCOMPARE(EngineFixture::fileSha256(dir.filePath(QStringLiteral("crash.bin"))), EngineFixture::sha256(FaultServer::generatedBody(kSize, 31)));
    QVERIFY2(sentInAll <= kSize + kills * kCheckpoint, qPrintable(QStringLiteral("sent %1 in all").arg(sentInAll)));
    qInfo("crash loop: the server sent %.1f MiB in all for a %.1f MiB file", double(sentInAll) / kMiB, double(kSize) / kMiB);
    // No .part, no .gather, nothing else.
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList{QStringLiteral("crash.bin")});
}

QTEST_GUILESS_MAIN(TestCrashLoop)
#include "tst_crashloop.moc"
