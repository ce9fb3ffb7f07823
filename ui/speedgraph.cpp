#include "speedgraph.h"

#include "base/humanformat.h"

#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace {

// A round top for the scale in the unit the label uses (KiB, MiB, ...): halves below 10 units,
// whole units below 100, tens above, so the label reads "4.5 MiB/s", not "4.8 MiB/s".
qreal niceCeiling(qreal value)
{
    if (value <= 1024)
        return 1024;
    qreal unit = 1024;
    while (value >= unit * 1024)
        unit *= 1024;
    const qreal units = value / unit;
    const qreal step = units < 10 ? 0.5 : units < 100 ? 1 : 10;
    return std::ceil(units / step) * step * unit;
}

} // namespace

SpeedGraph::SpeedGraph(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("speedGraph"));
    setAccessibleName(tr("Speed over time"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void SpeedGraph::setEmptyText(const QString &text)
{
    if (text == m_emptyText)
        return;
    m_emptyText = text;
    if (m_samples.isEmpty())
        update();
}

void SpeedGraph::setSamples(const QList<QPointF> &samples)
{
    m_samples = samples;
    qreal top = 0;
    for (const QPointF &p : m_samples)
        top = std::max(top, p.y());
    m_peak = niceCeiling(top);
    update();
}

QSize SpeedGraph::sizeHint() const
{
    return {280, fontMetrics().height() * 5};
}

QSize SpeedGraph::minimumSizeHint() const
{
    return {120, fontMetrics().height() * 3};
}

void SpeedGraph::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = palette();
    const QRectF frame = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    painter.setPen(pal.color(QPalette::Mid));
    painter.setBrush(pal.color(QPalette::Base));
    painter.drawRoundedRect(frame, 4, 4);

    const QRectF plot = frame.adjusted(4, fontMetrics().height() + 4, -4, -4);
    QColor grid = pal.color(QPalette::Mid);
    grid.setAlpha(90);
    painter.setPen(QPen(grid, 1, Qt::DashLine));
    for (int i = 0; i <= 2; ++i) {
        const qreal y = plot.top() + plot.height() * i / 2;
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
    }

    painter.setPen(pal.color(QPalette::PlaceholderText));
    const QRectF labelRect = frame.adjusted(6, 2, -6, 0);
    if (m_samples.isEmpty()) {
        painter.drawText(rect(), Qt::AlignCenter, m_emptyText);
        return;
    }
    painter.drawText(labelRect, Qt::AlignLeft | Qt::AlignTop, HumanFormat::speed(qint64(m_peak)));
    const qreal newest = m_samples.constLast().x();
    // The span grows with the history kept, so a young download's curve is not a sliver.
    const qreal span = std::clamp(newest - m_samples.constFirst().x(), qreal(kMinWindowMs), qreal(kMaxWindowMs));
    painter.drawText(labelRect, Qt::AlignRight | Qt::AlignTop, tr("last %1 s").arg(qRound(span / 1000)));

    const auto map = [&](const QPointF &p) {
        const qreal x = plot.right() - (newest - p.x()) / span * plot.width();
        const qreal y = plot.bottom() - std::clamp(p.y() / m_peak, 0.0, 1.0) * plot.height();
        return QPointF(std::max(x, plot.left()), y);
    };
    QPainterPath line;
    line.moveTo(map(m_samples.constFirst()));
    for (const QPointF &p : m_samples)
        line.lineTo(map(p));
    QPainterPath area = line;
    area.lineTo(QPointF(map(m_samples.constLast()).x(), plot.bottom()));
    area.lineTo(QPointF(map(m_samples.constFirst()).x(), plot.bottom()));
    area.closeSubpath();

    QColor accent = pal.color(QPalette::Active, QPalette::Highlight);
    QLinearGradient fill(plot.topLeft(), plot.bottomLeft());
    QColor strong = accent;
    strong.setAlpha(110);
    QColor faint = accent;
    faint.setAlpha(25);
    fill.setColorAt(0, strong);
    fill.setColorAt(1, faint);
    painter.setPen(Qt::NoPen);
    painter.setBrush(fill);
    painter.drawPath(area);
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(accent, 1.6));
    painter.drawPath(line);
}
