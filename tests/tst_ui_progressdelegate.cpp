// The Progress column's delegate painted into images: fill position and colour per state, the
// label drawn on the bar, stripes for an unknown size, and a sane size hint.
#include "base/downloadstate.h"
#include "list/downloadlistmodel.h"
#include "progressdelegate.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QStandardItemModel>
#include <QStyleFactory>
#include <QTableView>
#include <QTest>

namespace {

constexpr int kWidth = 240;
constexpr int kHeight = 28;

struct Painted {
    QImage image;
    QRect bar;  // where the delegate puts the bar inside the cell
};

int distance(QRgb a, QRgb b)
{
    return std::max({std::abs(qRed(a) - qRed(b)), std::abs(qGreen(a) - qGreen(b)), std::abs(qBlue(a) - qBlue(b))});
}

// With GATHER_SCREENSHOT_DIR set, the painted bars are kept there for a person to look at.
void saveForReview(const QImage &image, const QString &name)
{
    const QString dir = qEnvironmentVariable("GATHER_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        image.save(dir + u"/progress-" + QString(name).replace(u' ', u'-').remove(u'%') + u".png");
}

} // namespace

class TestProgressDelegate final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void paintsState_data();
    void paintsState();
    void unknownSizeShowsStripesAndBytes();
    void labelNamesTheState_data();
    void labelNamesTheState();
    void sizeHintIsSane();

private:
    QModelIndex makeIndex(DownloadState state, double progress, const QString &text);
    Painted paint(const QModelIndex &index);
    int textPixels(const Painted &p) const;

    QStandardItemModel m_model;
    QTableView m_view;
    ProgressDelegate m_delegate;
};

void TestProgressDelegate::initTestCase()
{
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    m_view.setModel(&m_model);
    m_view.resize(400, 200);
}

QModelIndex TestProgressDelegate::makeIndex(DownloadState state, double progress, const QString &text)
{
    auto *item = new QStandardItem(text);
    item->setData(int(state), DownloadListModel::StateRole);
    item->setData(progress, DownloadListModel::ProgressRole);
    m_model.appendRow(item);
    return item->index();
}

Painted TestProgressDelegate::paint(const QModelIndex &index)
{
    QImage image(kWidth, kHeight, QImage::Format_ARGB32_Premultiplied);
    image.fill(m_view.palette().color(QPalette::Base));
    QStyleOptionViewItem option;
    option.initFrom(m_view.viewport());
    option.widget = &m_view;
    option.rect = QRect(0, 0, kWidth, kHeight);
    option.state = QStyle::State_Enabled | QStyle::State_Active;
    QPainter painter(&image);
    m_delegate.paint(&painter, option, index);
    painter.end();
    // The bar sits 3 px inside the cell, vertically centred (see ProgressDelegate::paint).
    const int height = std::min(kHeight - 4, option.fontMetrics.height() + 6);
    return {image, QRect(3, (kHeight - height) / 2, kWidth - 6, height)};
}

// Pixels in the middle of the bar that match neither the filled nor the empty part of their row:
// the glyphs of the label.
int TestProgressDelegate::textPixels(const Painted &p) const
{
    int count = 0;
    const QRect &bar = p.bar;
    for (int y = bar.top() + 4; y <= bar.bottom() - 4; ++y) {
        const QRgb left = p.image.pixel(bar.left() + bar.width() / 20, y);
        const QRgb right = p.image.pixel(bar.right() - bar.width() / 20, y);
        for (int x = bar.left() + bar.width() * 30 / 100; x < bar.left() + bar.width() * 70 / 100; ++x) {
            const QRgb c = p.image.pixel(x, y);
            if (distance(c, left) > 80 && distance(c, right) > 80)
                ++count;
        }
    }
    return count;
}

void TestProgressDelegate::paintsState_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<double>("progress");
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("filledUpTo");  // fraction of the bar's width that is filled
    QTest::addColumn<QString>("tint");        // "highlight", "green", "red", "grey"

    QTest::newRow("running 50%") << int(DownloadState::Downloading) << 0.5 << QStringLiteral("50%") << 0.5 << QStringLiteral("highlight");
    QTest::newRow("completed") << int(DownloadState::Completed) << 1.0 << QStringLiteral("100%") << 1.0 << QStringLiteral("green");
    QTest::newRow("failed at 30%") << int(DownloadState::Failed) << 0.3 << QStringLiteral("30%") << 0.3 << QStringLiteral("red");
    QTest::newRow("paused at 40%") << int(DownloadState::Paused) << 0.4 << QStringLiteral("40%") << 0.4 << QStringLiteral("grey");
}

void TestProgressDelegate::paintsState()
{
    QFETCH(int, state);
    QFETCH(double, progress);
    QFETCH(QString, text);
    QFETCH(double, filledUpTo);
    QFETCH(QString, tint);

    const Painted p = paint(makeIndex(DownloadState(state), progress, text));
    saveForReview(p.image, QString::fromLatin1(QTest::currentDataTag()));
    const QRect &bar = p.bar;
    const int y = bar.top() + 3;  // above the label's glyphs
    const QRgb filled = p.image.pixel(bar.left() + int(bar.width() * filledUpTo * 0.4), y);
    const QRgb beyond = p.image.pixel(bar.left() + int(bar.width() * (filledUpTo + (1 - filledUpTo) * 0.6)), y);
    if (filledUpTo < 1.0)
        QVERIFY2(distance(filled, beyond) > 40, qPrintable(QStringLiteral("filled %1 vs empty %2")
                                                               .arg(QColor(filled).name(), QColor(beyond).name())));
    else
        QCOMPARE_LT(distance(p.image.pixel(bar.left() + 10, y), p.image.pixel(bar.right() - 10, y)), 20);

    const QColor c(filled);
    if (tint == u"highlight") {
        QCOMPARE_LT(distance(filled, m_view.palette().color(QPalette::Highlight).rgb()), 60);
    } else if (tint == u"green") {
        QVERIFY2(c.green() > c.red() + 40 && c.green() > c.blue() + 40, qPrintable(c.name()));
    } else if (tint == u"red") {
        QVERIFY2(c.red() > c.green() + 60 && c.red() > c.blue() + 60, qPrintable(c.name()));
    } else {
        QVERIFY2(std::abs(c.red() - c.blue()) < 40 && c.saturation() < 70, qPrintable(c.name()));
    }

    // The label is on the bar: without text (a running row with nothing to say) far fewer
    // pixels differ from the bar's colours.
    const int withText = textPixels(p);
    const int withoutText = textPixels(paint(makeIndex(DownloadState::Downloading, progress, QString())));
    QVERIFY2(withText > withoutText + 20, qPrintable(QStringLiteral("%1 vs %2").arg(withText).arg(withoutText)));
}

void TestProgressDelegate::unknownSizeShowsStripesAndBytes()
{
    const QModelIndex index = makeIndex(DownloadState::Downloading, -1.0, QStringLiteral("12.3 MiB"));
    QCOMPARE(ProgressDelegate::label(index), QStringLiteral("12.3 MiB"));
    const Painted p = paint(index);
    saveForReview(p.image, QStringLiteral("unknown size"));
    // Diagonal stripes: the colour along a row changes back and forth many times.
    const int y = p.bar.top() + 3;
    int changes = 0;
    QRgb previous = p.image.pixel(p.bar.left() + 3, y);
    for (int x = p.bar.left() + 4; x < p.bar.left() + p.bar.width() / 4; ++x) {
        const QRgb c = p.image.pixel(x, y);
        if (distance(c, previous) > 15)
            ++changes;
        previous = c;
    }
    QCOMPARE_GE(changes, 4);
    // Nothing is "filled": the left and right ends look alike, unlike a running bar.
    QVERIFY(textPixels(p) > 20);

    // A paused download of unknown size: no stripes, it is not moving.
    const Painted paused = paint(makeIndex(DownloadState::Paused, -1.0, QStringLiteral("1.0 MiB")));
    QCOMPARE_LT(distance(paused.image.pixel(paused.bar.left() + 8, y), paused.image.pixel(paused.bar.left() + 14, y)), 15);
}

void TestProgressDelegate::labelNamesTheState_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("label");
    QTest::newRow("downloading") << int(DownloadState::Downloading) << QStringLiteral("42%") << QStringLiteral("42%");
    QTest::newRow("completed") << int(DownloadState::Completed) << QStringLiteral("100%") << QStringLiteral("100%");
    QTest::newRow("paused") << int(DownloadState::Paused) << QStringLiteral("42%") << QStringLiteral("Paused \u00b7 42%");
    QTest::newRow("failed") << int(DownloadState::Failed) << QString() << QStringLiteral("Failed");
    QTest::newRow("queued") << int(DownloadState::Queued) << QString() << QStringLiteral("Queued");
    QTest::newRow("cancelled") << int(DownloadState::Cancelled) << QString() << QStringLiteral("Cancelled");
    QTest::newRow("retrying") << int(DownloadState::Waiting) << QStringLiteral("10%") << QStringLiteral("Retrying \u00b7 10%");
}

void TestProgressDelegate::labelNamesTheState()
{
    QFETCH(int, state);
    QFETCH(QString, text);
    QFETCH(QString, label);
    QCOMPARE(ProgressDelegate::label(makeIndex(DownloadState(state), 0.1, text)), label);
}

void TestProgressDelegate::sizeHintIsSane()
{
    QStyleOptionViewItem option;
    option.initFrom(&m_view);
    const QSize hint = m_delegate.sizeHint(option, makeIndex(DownloadState::Downloading, 0.5, QStringLiteral("50%")));
    const int line = option.fontMetrics.height();
    QCOMPARE_GE(hint.height(), line);
    QCOMPARE_LE(hint.height(), line * 3);
    QCOMPARE_GE(hint.width(), option.fontMetrics.horizontalAdvance(QStringLiteral("100%")));
    QCOMPARE_LE(hint.width(), 400);
}

QTEST_MAIN(TestProgressDelegate)
#include "tst_ui_progressdelegate.moc"
