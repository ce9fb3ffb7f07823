// HeapTuning: with it, body batches that come and go several at a time stay on the heap instead
// of being handed back to the kernel and faulted in again. Measured as the page faults of the
// process while 8 batch-sized blocks are allocated, filled and freed 50 times over (the shape
// of batches in flight to the disk pool); glibc's defaults fault about 1,000 times a round.
#include "disk/heaptuning.h"

#include <QTest>

#include <cstdlib>
#include <cstring>
#include <sys/resource.h>

namespace {

constexpr std::size_t kBatch = 512 * 1024;  // BodyHandoff::kWriteBatch
constexpr int kInFlight = 8;
constexpr int kRounds = 50;

long minorFaults()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_minflt;
}

void oneRound()
{
    void *blocks[kInFlight];
    for (void *&block : blocks) {
        block = std::malloc(kBatch);
        QVERIFY(block);
        std::memset(block, 0x5a, kBatch);  // what a batch's bytes do: every page touched
    }
    for (void *block : blocks)
        std::free(block);
}

} // namespace

class TestHeapTuning final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void batchesReuseTheirPages();
};

void TestHeapTuning::batchesReuseTheirPages()
{
#if !defined(__GLIBC__) || defined(__SANITIZE_ADDRESS__)
    QSKIP("HeapTuning tunes glibc's allocator, which is not the one here (AddressSanitizer brings its own)");
#endif
    QVERIFY(HeapTuning::apply());
    oneRound();  // the first round brings the pages in
    const long before = minorFaults();
    for (int round = 0; round < kRounds; ++round)
        oneRound();
    const long faults = minorFaults() - before;
    // Untuned, each round gives its 4 MiB back and faults 1,024 pages in again: ~51,000.
    QVERIFY2(faults < kRounds * 1024 / 10, qPrintable(QStringLiteral("%1 page faults in %2 rounds").arg(faults).arg(kRounds)));
}

QTEST_GUILESS_MAIN(TestHeapTuning)
#include "tst_heaptuning.moc"
