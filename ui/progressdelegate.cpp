#include "progressdelegate.h"

#include "base/downloadstate.h"
#include "list/downloadlistmodel.h"

#include <QApplication>
#include <QPainter>
#include <QStyleOptionProgressBar>

namespace {

constexpr int kSteps = 1000;

DownloadState stateOf(const QModelIndex &index)
{
    return DownloadState(index.data(DownloadListModel::StateRole).toInt());
}

// The bar's fill colour: the theme's highlight for running work, fixed meaning colours otherwise
// (they read on light and dark themes alike).
QColor tintFor(DownloadState state, const QPalette &palette)
{
    switch (state) {
    case DownloadState::Completed: return QColor(0x2f, 0x9e, 0x44);
    case DownloadState::Failed:
    case DownloadState::Cancelled: return QColor(0xd6, 0x45, 0x45);
    case DownloadState::Paused: return QColor(0x8a, 0x94, 0xa0);
    case DownloadState::Waiting: return QColor(0xd9, 0x93, 0x00);
    default: return palette.color(QPalette::Active, QPalette::Highlight);
    }
}

void drawStripes(QPainter *painter, const QRect &rect, QColor colour)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setClipRect(rect);
    colour.setAlpha(70);
    painter->setPen(QPen(colour, 4));
    const int h = rect.height();
    for (int x = rect.left() - h; x < rect.right() + h; x += 12)
        painter->drawLine(QPoint(x, rect.bottom()), QPoint(x + h, rect.top()));
    painter->restore();
}

} // namespace

ProgressDelegate::ProgressDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

QString ProgressDelegate::label(const QModelIndex &index)
{
    const QString text = index.data(Qt::DisplayRole).toString();
    const auto prefixed = [&text](const QString &word) {
        return text.isEmpty() ? word : word % u" \u00b7 " % text;
    };
    switch (stateOf(index)) {
    case DownloadState::Paused: return prefixed(tr("Paused"));
    case DownloadState::Failed: return prefixed(tr("Failed"));
    case DownloadState::Cancelled: return tr("Cancelled");
    case DownloadState::Waiting: return prefixed(tr("Retrying"));
    case DownloadState::Queued: return text.isEmpty() ? tr("Queued") : text;
    case DownloadState::Connecting: return text.isEmpty() ? tr("Connecting") : text;
    default: return text;
    }
}

void ProgressDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem item = option;
    initStyleOption(&item, index);
    item.text.clear();
    QStyle *style = option.widget ? option.widget->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &item, painter, option.widget);

    const DownloadState state = stateOf(index);
    const double progress = index.data(DownloadListModel::ProgressRole).toDouble();
    const bool indeterminate = progress < 0 && state != DownloadState::Completed;

    QStyleOptionProgressBar bar;
    const int height = std::min(option.rect.height() - 4, option.fontMetrics.height() + 6);
    bar.rect = QRect(option.rect.left() + 3, option.rect.top() + (option.rect.height() - height) / 2,
                     option.rect.width() - 6, height);
    bar.state = (option.state & QStyle::State_Enabled) | QStyle::State_Horizontal;
    bar.direction = option.direction;
    bar.fontMetrics = option.fontMetrics;
    bar.palette = option.palette;
    bar.palette.setColor(QPalette::Highlight, tintFor(state, option.palette));
    bar.palette.setColor(QPalette::HighlightedText, Qt::white);
    // A selected row's text colour would be HighlightedText; the bar's empty part stays Base.
    const bool failed = state == DownloadState::Failed || state == DownloadState::Cancelled;
    bar.palette.setColor(QPalette::Text, failed ? tintFor(state, option.palette)
                                                : option.palette.color(QPalette::Active, QPalette::Text));
    bar.minimum = 0;
    bar.maximum = kSteps;
    bar.progress = indeterminate ? 0 : int(std::clamp(progress, 0.0, 1.0) * kSteps);
    bar.text = label(index);
    bar.textVisible = true;
    bar.textAlignment = Qt::AlignCenter;

    if (indeterminate) {
        style->drawControl(QStyle::CE_ProgressBarGroove, &bar, painter, option.widget);
        if (state == DownloadState::Downloading || state == DownloadState::Connecting)
            drawStripes(painter, bar.rect.adjusted(2, 2, -2, -2), bar.palette.color(QPalette::Highlight));
        style->drawControl(QStyle::CE_ProgressBarLabel, &bar, painter, option.widget);
        return;
    }
    style->drawControl(QStyle::CE_ProgressBar, &bar, painter, option.widget);
}

QSize ProgressDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    Q_UNUSED(index);
    const QFontMetrics &fm = option.fontMetrics;
    return {fm.horizontalAdvance(QStringLiteral("Paused \u00b7 100%")) + 24, fm.height() + 10};
}
