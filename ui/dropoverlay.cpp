#include "dropoverlay.h"

#include <QPainter>
#include <QPen>

namespace {

constexpr int kMargin = 8;
constexpr qreal kRadius = 10;

} // namespace

DropOverlay::DropOverlay(QWidget *parent)
    : QWidget(parent)
    , m_text(tr("Drop to add links"))
{
    setObjectName(QStringLiteral("dropOverlay"));
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_NoSystemBackground);
    setFocusPolicy(Qt::NoFocus);
    hide();
}

void DropOverlay::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor highlight = palette().color(QPalette::Highlight);

    QColor veil = palette().color(QPalette::Window);
    veil.setAlpha(200);
    painter.fillRect(rect(), veil);

    const QRectF frame = QRectF(rect()).adjusted(kMargin, kMargin, -kMargin, -kMargin);
    QColor fill = highlight;
    fill.setAlpha(40);
    QPen pen(highlight, 3, Qt::DashLine);
    pen.setCapStyle(Qt::RoundCap);
    painter.setPen(pen);
    painter.setBrush(fill);
    painter.drawRoundedRect(frame, kRadius, kRadius);

    QFont font = painter.font();
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * 1.6);
    else
        font.setPixelSize(font.pixelSize() * 8 / 5);
    font.setBold(true);
    painter.setFont(font);
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(frame, Qt::AlignCenter | Qt::TextWordWrap, m_text);
}
