// The segment map's data: the spans and connections SegmentView builds from a known state, their
// merging to a bounded number of cells, and what a real download over four connections reports
// while it runs, once paused mid-way and once complete.
#include "enginefixture.h"
#include "engine/segmentview.h"
#include "faultserver.h"

#include <QTest>

namespace {

using Kind = SegmentView::Kind;
using Span = SegmentView::Span;
constexpr qint64 kMiB = 1024 * 1024;

} // namespace

class TestSegmentView final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.listen()); }

    void knownState()
    {
        // 1000 bytes: [0,200) durable, [200,300) handed but not synced yet, one connection owning
        // [300,600) having read to 450, another owning [800,1000) at 800, the rest missing.
        const SegmentView view = SegmentView::build(1000, {{0, 200}}, {{0, 300}},
                                                    {{800, 800, 1000}, {300, 450, 600}}, 0);
        QCOMPARE(view.total, qint64(1000));
        const QList<Span> expected{
            {0, 200, Kind::Durable, -1},
            {200, 300, Kind::Written, -1},
            {300, 600, Kind::Fetching, 0},
            {600, 800, Kind::Missing, -1},
            {800, 1000, Kind::Fetching, 1},
        };
        QCOMPARE(view.spans, expected);
        // Connections by their place in the file, whatever order they came in.
        QCOMPARE(view.connections,
                 (QList<SegmentView::Connection>{{300, 450, 600}, {800, 800, 1000}}));
        QCOMPARE(view.bytesOf(Kind::Durable), qint64(200));
        QCOMPARE(view.bytesOf(Kind::Missing), qint64(200));
    }

    void unknownSizeHasNoMap()
    {
        const SegmentView view = SegmentView::build(-1, {{0, 10}}, {{0, 10}}, {{10, 20, -1}}, 100);
        QCOMPARE(view.total, qint64(-1));
        QVERIFY(view.spans.isEmpty());
    }

    void openEndedConnectionRunsToTheEnd()
    {
        // A single connection asking for the rest of the file: one bar, done to its position.
        const SegmentView view = SegmentView::build(500, {{0, 100}}, {{0, 100}}, {{100, 250, -1}}, 0);
        QCOMPARE(view.spans, (QList<Span>{{0, 100, Kind::Durable, -1}, {100, 500, Kind::Fetching, 0}}));
        QCOMPARE(view.connections.first().end, qint64(500));
    }

    void manyRangesMergeToCells()
    {
        // 10,000 alternating 1-byte ranges of a 20,000-byte file over 100 cells: at most 100
        // spans, still covering the file without gaps, half of it on disk.
        QList<ByteRange> durable;
        for (qint64 i = 0; i < 10'000; ++i)
            durable.append(ByteRange{2 * i, 2 * i + 1});
        const SegmentView view = SegmentView::build(20'000, durable, durable, {}, 100);
        QVERIFY(view.spans.size() <= 100);
        QCOMPARE(view.spans.first().begin, qint64(0));
        QCOMPARE(view.spans.last().end, qint64(20'000));
        for (qsizetype i = 1; i < view.spans.size(); ++i)
            QCOMPARE(view.spans.at(i).begin, view.spans.at(i - 1).end);
        // A solid first half and an empty second half survive merging where they are.
        QList<ByteRange> half{{0, 10'000}};
        for (qint64 i = 0; i < 200; ++i)
            half.append(ByteRange{10'000 + 50 * i, 10'000 + 50 * i + 1});
        const SegmentView merged = SegmentView::build(20'000, half, half, {}, 10);
        QCOMPARE(merged.spans, (QList<Span>{{0, 10'000, Kind::Durable, -1}, {10'000, 20'000, Kind::Missing, -1}}));
    }

    void realDownloadOverFourConnections()
    {
        FaultResponse file = FaultResponse::generated(8 * kMiB, 5);
        file.etag = QByteArrayLiteral("\"map\"");
        file.bytesPerSecond = 2 * kMiB;
        m_server.setResponse(QStringLiteral("/map.bin"), file);
        DownloadSettings settings = EngineFixture::testSettings();
        settings.split = 4;
        settings.minSegmentSize = DownloadSettings::kMinSegmentSizeFloor;
        EngineFixture engine(settings);
        const DownloadId id = engine.add(m_server.url(QStringLiteral("/map.bin")));
        QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).connectionCount() == 4, 10000);
        const SegmentView running = engine.download(id).segmentView(400);
        QCOMPARE(running.total, 8 * kMiB);
        QCOMPARE(running.connections.size(), 4);
        QVERIFY(running.spans.size() <= 400);
        for (const SegmentView::Connection &c : running.connections)
            QVERIFY(c.begin <= c.position && c.position <= c.end);

        QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).bytesReceived() > 2 * kMiB, 10000);
        engine.manager().pause(id);
        QTRY_COMPARE(engine.download(id).state(), DownloadState::Paused);
        QTRY_VERIFY(ByteRanges::total(engine.download(id).durableRanges()) == engine.download(id).bytesReceived());
        QTRY_COMPARE(engine.download(id).segmentView(0).bytesOf(Kind::Written), qint64(0));
        // Paused: no connection, exactly the durable ranges on disk, everything else missing.
        const QList<ByteRange> durable = engine.download(id).durableRanges();
        QVERIFY(durable.size() >= 2);
        const SegmentView paused = engine.download(id).segmentView(0);
        QVERIFY(paused.connections.isEmpty());
        QList<ByteRange> shownDurable;
        for (const Span &span : paused.spans) {
            QVERIFY(span.kind == Kind::Durable || span.kind == Kind::Missing);
            if (span.kind == Kind::Durable)
                shownDurable.append(ByteRange{span.begin, span.end});
        }
        QCOMPARE(shownDurable, durable);

        engine.manager().resume(id);
        QVERIFY(engine.waitFinal(id, 30000));
        QCOMPARE(engine.download(id).state(), DownloadState::Completed);
        QCOMPARE(engine.download(id).segmentView(100).spans, (QList<Span>{{0, 8 * kMiB, Kind::Durable, -1}}));
    }

private:
    FaultServer m_server;
};

QTEST_GUILESS_MAIN(TestSegmentView)
#include "tst_segmentview.moc"
