#include "segmentmap.h"

#include "base/humanformat.h"

#include <QPainter>

#include <algorithm>

namespace {

constexpr int kBarHeight = 16;
constexpr int kGap = 4;
constexpr int kSwatch = 10;

QColor mixed(const QColor &over, const QColor &under, qreal share)
{
    return QColor::fromRgbF(float(over.redF() * share + under.redF() * (1 - share)),
                            float(over.greenF() * share + under.greenF() * (1 - share)),
                            float(over.blueF() * share + under.blueF() * (1 - share)));
}

} // namespace

SegmentMap::SegmentMap(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("segmentMap"));
    setAccessibleName(tr("File map"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void SegmentMap::setView(SegmentView view)
{
    m_view = std::move(view);
    setAccessibleDescription(summary());
    setToolTip(summary());
    update();
}

QSize SegmentMap::sizeHint() const
{
    return {360, kBarHeight + kGap + fontMetrics().height() + 2};
}

QSize SegmentMap::minimumSizeHint() const
{
    return {120, sizeHint().height()};
}

QRect SegmentMap::barRect() const
{
    return QRect(0, 0, width(), kBarHeight).adjusted(1, 1, -1, -1);
}

int SegmentMap::cells() const
{
    return std::max(1, barRect().width());
}

int SegmentMap::xOf(qint64 offset) const
{
    const QRect bar = barRect();
    if (m_view.total <= 0)
        return bar.left();
    return bar.left() + int(qreal(bar.width()) * qreal(offset) / qreal(m_view.total));
}

QColor SegmentMap::colourOf(SegmentView::Kind kind, int connection) const
{
    const QPalette &pal = palette();
    const QColor accent = pal.color(QPalette::Active, QPalette::Highlight);
    const QColor base = pal.color(QPalette::Base);
    switch (kind) {
    case SegmentView::Kind::Durable:
        return accent;
    case SegmentView::Kind::Written:
        return mixed(accent, base, 0.55);
    case SegmentView::Kind::Fetching: {
        // Neighbouring connections a clear step apart in hue, all near the accent's family.
        int hue = accent.hsvHue() < 0 ? 210 : accent.hsvHue();
        hue = (hue + 150 + 47 * std::max(connection, 0)) % 360;
        return QColor::fromHsv(hue, std::max(accent.hsvSaturation(), 140), std::max(accent.value(), 170));
    }
    case SegmentView::Kind::Missing:
        break;
    }
    return base;
}

QString SegmentMap::summary() const
{
    if (m_view.total <= 0)
        return tr("No map: the size is not known yet");
    const qint64 onDisk = m_view.bytesOf(SegmentView::Kind::Durable);
    const QString disk = tr("%1 of %2 on disk").arg(HumanFormat::bytes(onDisk), HumanFormat::bytes(m_view.total));
    const auto live = m_view.connections.size();
    if (live == 0)
        return disk;
    const QString fetching = live == 1 ? tr("1 connection fetching") : tr("%1 connections fetching").arg(live);
    return fetching % u" \u00b7 " % disk;
}

void SegmentMap::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QPalette &pal = palette();
    const QRect bar = barRect();
    painter.setPen(pal.color(QPalette::Mid));
    painter.setBrush(pal.color(QPalette::Base));
    painter.drawRect(bar.adjusted(-1, -1, 0, 0));
    if (m_view.total <= 0) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(bar.adjusted(6, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, summary());
        return;
    }
    painter.setPen(Qt::NoPen);
    for (const SegmentView::Span &span : m_view.spans) {
        if (span.kind == SegmentView::Kind::Missing)
            continue;
        const int left = xOf(span.begin);
        const int right = std::max(xOf(span.end), left + 1);  // a sliver still shows
        QColor colour = colourOf(span.kind, span.connection);
        if (span.kind == SegmentView::Kind::Fetching) {
            // Ahead of the read position the range is only claimed: a faint wash of its colour.
            const qint64 position = m_view.connections.value(span.connection).position;
            const int split = std::clamp(xOf(position), left, right);
            painter.fillRect(QRect(left, bar.top(), split - left, bar.height()), colour);
            painter.fillRect(QRect(split, bar.top(), right - split, bar.height()),
                             mixed(colour, pal.color(QPalette::Base), 0.4));
            continue;
        }
        painter.fillRect(QRect(left, bar.top(), right - left, bar.height()), colour);
    }
    // Each connection's read position: a mark in the text colour, visible over any fill.
    for (const SegmentView::Connection &c : m_view.connections) {
        if (c.position < c.end)
            painter.fillRect(QRect(xOf(c.position), bar.top(), 2, bar.height()), pal.color(QPalette::Text));
    }
    paintLegend(painter, bar.bottom() + 1 + kGap);
}

void SegmentMap::paintLegend(QPainter &painter, int top)
{
    const QPalette &pal = palette();
    const int line = fontMetrics().height();
    int x = 1;
    const auto entry = [&](const QColor &colour, const QString &text) {
        const QRect swatch(x, top + (line - kSwatch) / 2, kSwatch, kSwatch);
        painter.setPen(pal.color(QPalette::Mid));
        painter.setBrush(colour);
        painter.drawRect(swatch);
        x += kSwatch + 4;
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(QRect(x, top, width() - x, line), Qt::AlignLeft | Qt::AlignVCenter, text);
        x += fontMetrics().horizontalAdvance(text) + 14;
    };
    entry(colourOf(SegmentView::Kind::Durable), tr("On disk"));
    entry(colourOf(SegmentView::Kind::Written), tr("Writing"));
    if (!m_view.connections.isEmpty())
        entry(colourOf(SegmentView::Kind::Fetching, 0), tr("Fetching"));
    entry(colourOf(SegmentView::Kind::Missing), tr("Missing"));
    painter.setPen(pal.color(QPalette::PlaceholderText));
    painter.drawText(QRect(x, top, width() - x - 2, line), Qt::AlignRight | Qt::AlignVCenter, summary());
}
