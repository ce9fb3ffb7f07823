#include "speedhistory.h"

#include <QObject>
#include <QTest>

namespace {

QList<QPointF> series(qint64 firstMs, int count)
{
    QList<QPointF> points;
    for (int i = 0; i < count; ++i)
        points.append(QPointF(double(firstMs + i * 1000), double((firstMs + i * 1000) / 10)));
    return points;
}

void recordSeries(SpeedHistory &history, quint64 id, qint64 firstMs, int count)
{
    for (int i = 0; i < count; ++i) {
        const qint64 ms = firstMs + i * 1000;
        history.record(id, ms, ms / 10);
    }
}

} // namespace

class TestUiSpeedHistory final : public QObject
{
    Q_OBJECT

private slots:
    void keepsTheNewestSamplesOldestFirst_data();
    void keepsTheNewestSamplesOldestFirst();
    void downloadsAreSeparate();
    void unknownIsEmpty();
    void leastRecentlySampledIsEvicted();
    void forget();
    void memoryStaysBounded();
};

void TestUiSpeedHistory::keepsTheNewestSamplesOldestFirst_data()
{
    QTest::addColumn<int>("recorded");

    QTest::newRow("one") << 1;
    QTest::newRow("some") << 7;
    QTest::newRow("capacity") << SpeedHistory::kCapacity;
    QTest::newRow("capacity + 1") << SpeedHistory::kCapacity + 1;
    QTest::newRow("wrapped several times") << SpeedHistory::kCapacity * 3 + 17;
}

void TestUiSpeedHistory::keepsTheNewestSamplesOldestFirst()
{
    QFETCH(int, recorded);
    SpeedHistory history;
    recordSeries(history, 42, 5000, recorded);

    const int kept = qMin(recorded, SpeedHistory::kCapacity);
    const qint64 firstKeptMs = 5000 + qint64(recorded - kept) * 1000;
    QCOMPARE(history.samples(42), series(firstKeptMs, kept));
}

void TestUiSpeedHistory::downloadsAreSeparate()
{
    SpeedHistory history;
    for (int i = 0; i < 10; ++i) {
        history.record(1, i * 1000, 100 + i);
        history.record(2, i * 1000 + 1, 200 + i);
    }
    const QList<QPointF> one = history.samples(1);
    const QList<QPointF> two = history.samples(2);
    QCOMPARE(one.size(), 10);
    QCOMPARE(two.size(), 10);
    QCOMPARE(one.first(), QPointF(0, 100));
    QCOMPARE(one.last(), QPointF(9000, 109));
    QCOMPARE(two.first(), QPointF(1, 200));
    QCOMPARE(two.last(), QPointF(9001, 209));
}

void TestUiSpeedHistory::unknownIsEmpty()
{
    SpeedHistory history;
    QVERIFY(history.samples(7).isEmpty());
    history.record(1, 0, 5);
    QVERIFY(history.samples(7).isEmpty());
}

void TestUiSpeedHistory::leastRecentlySampledIsEvicted()
{
    SpeedHistory history(3);
    history.record(1, 0, 1);
    history.record(2, 0, 2);
    history.record(3, 0, 3);
    // 1 is sampled again, so 2 is now the one sampled longest ago.
    history.record(1, 1000, 1);
    history.record(4, 1000, 4);

    QCOMPARE(history.downloadCount(), 3);
    QVERIFY(history.samples(2).isEmpty());
    QCOMPARE(history.samples(1), (QList<QPointF>{QPointF(0, 1), QPointF(1000, 1)}));
    QCOMPARE(history.samples(3), QList<QPointF>{QPointF(0, 3)});
    QCOMPARE(history.samples(4), QList<QPointF>{QPointF(1000, 4)});

    // A forgotten download starts again from nothing.
    history.record(2, 2000, 22);
    QCOMPARE(history.samples(2), QList<QPointF>{QPointF(2000, 22)});
    QVERIFY(history.samples(3).isEmpty());
}

void TestUiSpeedHistory::forget()
{
    SpeedHistory history;
    recordSeries(history, 1, 0, 5);
    recordSeries(history, 2, 0, 5);
    history.forget(1);
    history.forget(99);
    QVERIFY(history.samples(1).isEmpty());
    QCOMPARE(history.samples(2), series(0, 5));
    QCOMPARE(history.downloadCount(), 1);

    history.record(1, 9000, 900);
    QCOMPARE(history.samples(1), QList<QPointF>{QPointF(9000, 900)});
}

void TestUiSpeedHistory::memoryStaysBounded()
{
    constexpr int kMaxDownloads = 50;
    SpeedHistory history(kMaxDownloads);
    for (int round = 0; round < 3 * SpeedHistory::kCapacity; ++round) {
        for (quint64 id = 0; id < 2 * kMaxDownloads; ++id)
            history.record(id + quint64(round) * 7, round * 1000, qint64(id));
    }
    QCOMPARE(history.downloadCount(), kMaxDownloads);
    qsizetype samples = 0;
    for (quint64 id = 0; id < 2 * kMaxDownloads + 3 * SpeedHistory::kCapacity * 7; ++id) {
        const qsizetype n = history.samples(id).size();
        QVERIFY(n <= SpeedHistory::kCapacity);
        samples += n;
    }
    QVERIFY(samples <= qsizetype(kMaxDownloads) * SpeedHistory::kCapacity);
    QVERIFY(samples > 0);
}

QTEST_GUILESS_MAIN(TestUiSpeedHistory)
#include "tst_ui_speedhistory.moc"
