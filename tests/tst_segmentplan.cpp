// Range bookkeeping and the choice of the next connection's range: gaps first, then the back
// half of the connection with the most left, never parts below the minimum size.
#include "base/byteranges.h"
#include "engine/segmentplan.h"

#include <QTest>

Q_DECLARE_METATYPE(ByteRange)

namespace {

constexpr qint64 kMiB = 1024 * 1024;

using Ranges = QList<ByteRange>;
using Runs = QList<SegmentPlan::Running>;

} // namespace

class TestSegmentPlan final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void insertMerges_data()
    {
        QTest::addColumn<Ranges>("start");
        QTest::addColumn<ByteRange>("added");
        QTest::addColumn<Ranges>("expected");
        QTest::newRow("into empty") << Ranges{} << ByteRange{5, 10} << Ranges{{5, 10}};
        QTest::newRow("append touching") << Ranges{{0, 5}} << ByteRange{5, 9} << Ranges{{0, 9}};
        QTest::newRow("append apart") << Ranges{{0, 5}} << ByteRange{6, 9} << Ranges{{0, 5}, {6, 9}};
        QTest::newRow("before") << Ranges{{10, 20}} << ByteRange{0, 5} << Ranges{{0, 5}, {10, 20}};
        QTest::newRow("bridges two") << Ranges{{0, 5}, {10, 20}} << ByteRange{5, 10} << Ranges{{0, 20}};
        QTest::newRow("inside") << Ranges{{0, 20}} << ByteRange{5, 10} << Ranges{{0, 20}};
        QTest::newRow("empty range ignored") << Ranges{{0, 5}} << ByteRange{7, 7} << Ranges{{0, 5}};
    }
    void insertMerges()
    {
        QFETCH(Ranges, start);
        QFETCH(ByteRange, added);
        QFETCH(Ranges, expected);
        ByteRanges::insert(start, added);
        QCOMPARE(start, expected);
    }

    void gapsAndTotals()
    {
        const Ranges have{{10, 20}, {30, 40}};
        QCOMPARE(ByteRanges::total(have), 20);
        QCOMPARE(ByteRanges::gaps(have, 50), (Ranges{{0, 10}, {20, 30}, {40, 50}}));
        QCOMPARE(ByteRanges::gaps(have, 35), (Ranges{{0, 10}, {20, 30}}));
        QCOMPARE(ByteRanges::gaps({}, 8), (Ranges{{0, 8}}));
        QCOMPARE(ByteRanges::gaps({{0, 8}}, 8), Ranges{});
        QCOMPARE(ByteRanges::coveredFrom(have, 12), 8);
        QCOMPARE(ByteRanges::coveredFrom(have, 25), 0);
        Ranges clipped = have;
        QVERIFY(ByteRanges::clip(clipped, 35));
        QCOMPARE(clipped, (Ranges{{10, 20}, {30, 35}}));
        QVERIFY(!ByteRanges::clip(clipped, 100));
    }

    void nextRange_data()
    {
        QTest::addColumn<Ranges>("have");
        QTest::addColumn<Runs>("running");
        QTest::addColumn<qint64>("total");
        QTest::addColumn<bool>("chosen");
        QTest::addColumn<ByteRange>("range");
        QTest::addColumn<int>("shortened");

        const qint64 total = 64 * kMiB;
        QTest::newRow("nothing yet: the whole file") << Ranges{} << Runs{} << total << true
                                                     << ByteRange{0, total} << -1;
        QTest::newRow("a hole before the running one")
            << Ranges{{0, 4 * kMiB}} << Runs{{16 * kMiB, 20 * kMiB, total}} << total << true
            << ByteRange{4 * kMiB, 16 * kMiB} << -1;
        QTest::newRow("one running: its back half")
            << Ranges{} << Runs{{0, 0, total}} << total << true << ByteRange{32 * kMiB, total} << 0;
        QTest::newRow("the one with most left gives")
            << Ranges{{0, 10 * kMiB}} << Runs{{10 * kMiB, 30 * kMiB, 32 * kMiB}, {32 * kMiB, 32 * kMiB, total}}
            << total << true << ByteRange{48 * kMiB, total} << 1;
        QTest::newRow("split point on a 64 KiB boundary")
            << Ranges{} << Runs{{0, 1000, 20 * kMiB + 1000}} << 20 * kMiB + 1000 << true
            << ByteRange{10 * kMiB, 20 * kMiB + 1000} << 0;
        QTest::newRow("too little left to split")
            << Ranges{} << Runs{{0, 56 * kMiB + 1, total}} << total << false << ByteRange{} << -1;
        QTest::newRow("all done") << Ranges{{0, total}} << Runs{} << total << false << ByteRange{} << -1;
    }
    void nextRange()
    {
        QFETCH(Ranges, have);
        QFETCH(Runs, running);
        QFETCH(qint64, total);
        QFETCH(bool, chosen);
        QFETCH(ByteRange, range);
        QFETCH(int, shortened);
        const auto choice = SegmentPlan::next(have, running, total, 4 * kMiB);
        QCOMPARE(choice.has_value(), chosen);
        if (!choice)
            return;
        QCOMPARE(choice->range, range);
        QCOMPARE(choice->shortened, shortened);
    }

    void splittingConvergesOnEqualParts()
    {
        // Sixteen connections started one after another on 256 MiB end with 16 MiB each.
        const qint64 total = 256 * kMiB;
        Runs running;
        while (const auto choice = SegmentPlan::next({}, running, total, 4 * kMiB)) {
            if (choice->shortened >= 0)
                running[choice->shortened].end = choice->range.begin;
            running.append({choice->range.begin, choice->range.begin, choice->range.end});
            if (running.size() == 16)
                break;
        }
        QCOMPARE(running.size(), 16);
        for (const SegmentPlan::Running &run : std::as_const(running))
            QCOMPARE(run.end - run.begin, 16 * kMiB);
    }
};

QTEST_GUILESS_MAIN(TestSegmentPlan)
#include "tst_segmentplan.moc"
