// The details pane's file map: it follows a four-connection download live (the manager's batches,
// no per-chunk signal), and once the download is paused mid-way its grabbed pixels show the
// durable ranges in the "on disk" colour and the holes in the "missing" one, in the right places,
// in a light and a dark palette.
#include "detailspane.h"
#include "enginefixture.h"
#include "faultserver.h"
#include "list/downloadlistmodel.h"
#include "segmentmap.h"

#include <QApplication>
#include <QImage>
#include <QPalette>
#include <QTest>

namespace {

constexpr qint64 kMiB = 1024 * 1024;

QPalette darkPalette()
{
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
    dark.setColor(QPalette::WindowText, QColor(0xe0, 0xe0, 0xe0));
    dark.setColor(QPalette::Highlight, QColor(0x3d, 0xae, 0xe9));
    dark.setColor(QPalette::Mid, QColor(0x50, 0x50, 0x50));
    return dark;
}

} // namespace

class TestUiSegmentMap final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.listen()); }
    void pausedOverFourConnections_data();
    void pausedOverFourConnections();

private:
    FaultServer m_server;
};

void TestUiSegmentMap::pausedOverFourConnections_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void TestUiSegmentMap::pausedOverFourConnections()
{
    QFETCH(bool, dark);
    FaultResponse file = FaultResponse::generated(8 * kMiB, 9);
    file.etag = QByteArrayLiteral("\"pane-map\"");
    file.bytesPerSecond = 2 * kMiB;
    const QString path = QStringLiteral("/pane-map-%1.bin").arg(dark ? QStringLiteral("dark") : QStringLiteral("light"));
    m_server.setResponse(path, file);
    DownloadSettings settings = EngineFixture::testSettings();
    settings.split = 4;
    settings.minSegmentSize = DownloadSettings::kMinSegmentSizeFloor;
    EngineFixture engine(settings);
    DownloadListModel model(&engine.manager());
    DetailsPane pane(&engine.manager(), &model);
    if (dark)
        pane.setPalette(darkPalette());
    pane.resize(900, 360);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    const DownloadId id = engine.add(m_server.url(path));
    pane.setDownload(id);
    SegmentMap *map = pane.findChild<SegmentMap *>();
    QCOMPARE(map, pane.segmentMap());

    // Live: the batches bring the four connections to the map, and their positions move on.
    QTRY_COMPARE_WITH_TIMEOUT(map->view().connections.size(), 4, 10000);
    const qint64 firstPosition = map->view().connections.first().position;
    QTRY_VERIFY_WITH_TIMEOUT(map->view().connections.value(0).position > firstPosition, 10000);
    QVERIFY(map->view().spans.size() <= map->cells());

    QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).bytesReceived() > 2 * kMiB, 10000);
    engine.manager().pause(id);
    QTRY_COMPARE(engine.download(id).state(), DownloadState::Paused);
    QTRY_VERIFY(map->view().connections.isEmpty() && map->view().bytesOf(SegmentView::Kind::Written) == 0
                && map->view().bytesOf(SegmentView::Kind::Durable) == engine.download(id).bytesReceived());
    const QList<ByteRange> durable = engine.download(id).durableRanges();
    QVERIFY(durable.size() >= 2);

    const QImage image = map->grab().toImage();
    const int y = map->barRect().center().y();
    const QRgb onDisk = map->colourOf(SegmentView::Kind::Durable).rgb();
    const QRgb missing = map->colourOf(SegmentView::Kind::Missing).rgb();
    QCOMPARE(missing, map->palette().color(QPalette::Base).rgb());
    QVERIFY(onDisk != missing);
    const auto pixelAt = [&](qint64 offset) { return image.pixel(map->xOf(offset), y); };
    int checkedDone = 0;
    for (const ByteRange &range : durable) {
        if (map->xOf(range.end) - map->xOf(range.begin) < 4)
            continue;
        QCOMPARE(pixelAt((range.begin + range.end) / 2), onDisk);
        ++checkedDone;
    }
    int checkedHoles = 0;
    for (const ByteRange &gap : ByteRanges::gaps(durable, 8 * kMiB)) {
        if (map->xOf(gap.end) - map->xOf(gap.begin) < 4)
            continue;
        QCOMPARE(pixelAt((gap.begin + gap.end) / 2), missing);
        ++checkedHoles;
    }
    QVERIFY(checkedDone >= 2);
    QVERIFY(checkedHoles >= 1);
    QVERIFY(map->summary().contains(QStringLiteral("on disk")));
    // With GATHER_SCREENSHOT_DIR set, the pane is kept there for a person to look at.
    if (const QString dir = qEnvironmentVariable("GATHER_SCREENSHOT_DIR"); !dir.isEmpty())
        QVERIFY(pane.grab().save(dir + u"/segment-map-" + QLatin1StringView(QTest::currentDataTag()) + u".png"));
}

QTEST_MAIN(TestUiSegmentMap)
#include "tst_ui_segmentmap.moc"
