#include "downloadtableview.h"

#include "icons.h"
#include "list/downloadlistmodel.h"
#include "progressdelegate.h"

#include <QApplication>
#include <QDrag>
#include <QDragEnterEvent>
#include <QHeaderView>
#include <QMenu>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QPixmap>
#include <QStyledItemDelegate>

#include <algorithm>
#include <array>

namespace {

// Status text reads from its start ("Server said 503 …"); names and URLs keep both ends instead.
class ElideRightDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        option->textElideMode = Qt::ElideRight;
    }
};

} // namespace

DownloadTableView::DownloadTableView(DownloadListModel *model, QWidget *parent)
    : QTableView(parent)
    , m_model(model)
{
    setModel(model);
    setItemDelegateForColumn(DownloadColumns::Progress, new ProgressDelegate(this));
    setItemDelegateForColumn(DownloadColumns::Status, new ElideRightDelegate(this));
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setAlternatingRowColors(true);
    setShowGrid(false);
    setWordWrap(false);
    setCornerButtonEnabled(false);
    // Tab leaves the table for the next control, as in any list; arrows move between rows.
    setTabKeyNavigation(false);
    setAccessibleName(tr("Downloads"));
    setAccessibleDescription(tr("One row per download: name, size, progress, speed, time left and status"));
    setTextElideMode(Qt::ElideMiddle);
    setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setContextMenuPolicy(Qt::ActionsContextMenu);

    // Rows drag to reorder the queue. Other drops belong to the window (its drop target reads
    // URLs and files): the viewport takes drops only while a drag of its own rows runs (startDrag).
    setDragEnabled(true);
    setDropIndicatorShown(false);  // the style draws one cell's edge; the whole row's is drawn here
    setAcceptDrops(false);
    viewport()->setAcceptDrops(false);

    // Fixed row heights: the view never asks 100,000 rows for their size.
    QHeaderView *rows = verticalHeader();
    rows->hide();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(fontMetrics().height() + 12);

    QHeaderView *columns = horizontalHeader();
    columns->setSectionsMovable(true);
    columns->setHighlightSections(false);
    columns->setStretchLastSection(true);
    columns->setSectionResizeMode(QHeaderView::Interactive);
    columns->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    columns->setContextMenuPolicy(Qt::CustomContextMenu);
    columns->setSortIndicatorClearable(true);
    connect(columns, &QHeaderView::customContextMenuRequested, this, &DownloadTableView::showHeaderMenu);
    applyDefaultColumns();

    // No sort indicator at first, so enabling sorting keeps the input order (model column -1).
    columns->setSortIndicator(-1, Qt::AscendingOrder);
    setSortingEnabled(true);

    // Qt moves the current index when rows come or go without selecting it: the details pane
    // (which follows the current row) would show one download while the actions (which follow
    // the selection) are greyed out and Delete does nothing. Once the model's burst is over,
    // the two are made to agree.
    m_align.setSingleShot(true);
    m_align.setInterval(0);
    connect(&m_align, &QTimer::timeout, this, &DownloadTableView::alignSelectionWithCurrent);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(model, signal, &m_align, qOverload<>(&QTimer::start));
    connect(model, &QAbstractItemModel::layoutChanged, &m_align, qOverload<>(&QTimer::start));
    connect(model, &QAbstractItemModel::modelReset, &m_align, qOverload<>(&QTimer::start));

    // The empty-state hint depends on the row count; rows arriving or leaving repaint it.
    const auto repaint = [this] { viewport()->update(); };
    connect(model, &QAbstractItemModel::rowsInserted, viewport(), repaint);
    connect(model, &QAbstractItemModel::rowsRemoved, viewport(), repaint);
    connect(model, &QAbstractItemModel::modelReset, viewport(), repaint);
    connect(model, &QAbstractItemModel::layoutChanged, viewport(), repaint);
}

void DownloadTableView::alignSelectionWithCurrent()
{
    QItemSelectionModel *selection = selectionModel();
    const QModelIndex current = selection->currentIndex();
    if (!selection->hasSelection()) {
        // Nothing selected: the current row (the neighbour of what was removed) becomes the
        // selection, as in a file manager.
        if (current.isValid())
            selection->select(current, QItemSelectionModel::Select | QItemSelectionModel::Rows);
        return;
    }
    if (!current.isValid() || !selection->isRowSelected(current.row(), current.parent())) {
        // A selection without the current row in it: the first selected row becomes current.
        const QModelIndexList rows = selection->selectedRows();
        const auto top = std::min_element(rows.cbegin(), rows.cend(),
                                          [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
        if (top != rows.cend())
            selection->setCurrentIndex(*top, QItemSelectionModel::NoUpdate);
    }
}

void DownloadTableView::focusInEvent(QFocusEvent *event)
{
    QTableView::focusInEvent(event);
    // Focus coming back (say, from the Add dialog) makes the first row current without selecting
    // it: the details pane would show a row the actions do not act on.
    alignSelectionWithCurrent();
}

void DownloadTableView::applyDefaultColumns()
{
    QHeaderView *columns = horizontalHeader();
    const QFontMetrics fm = fontMetrics();
    const auto chars = [&fm](int n) { return fm.horizontalAdvance(QLatin1Char('0')) * n + 16; };
    const std::array<std::pair<int, int>, DownloadColumns::Count> widths{{
        // Together they fit the window's first size (1040 px) without a horizontal scrollbar.
        {DownloadColumns::Name, chars(26)},
        {DownloadColumns::Size, chars(10)},
        {DownloadColumns::Progress, chars(16)},
        {DownloadColumns::Speed, chars(11)},
        {DownloadColumns::TimeLeft, chars(8)},
        {DownloadColumns::Status, chars(24)},
        {DownloadColumns::Url, chars(36)},
        {DownloadColumns::Added, chars(15)},
        {DownloadColumns::Folder, chars(24)},
    }};
    for (const auto &[column, width] : widths) {
        columns->moveSection(columns->visualIndex(column), column);
        columns->resizeSection(column, width);
        columns->showSection(column);
    }
    // The URL is shown in the details pane; the folder and date are less often wanted.
    columns->hideSection(DownloadColumns::Url);
    columns->hideSection(DownloadColumns::Folder);
}

QByteArray DownloadTableView::headerState() const
{
    return horizontalHeader()->saveState();
}

bool DownloadTableView::restoreHeaderState(const QByteArray &state)
{
    QHeaderView *columns = horizontalHeader();
    if (state.isEmpty() || !columns->restoreState(state))
        return false;
    columns->showSection(DownloadColumns::Name);  // never lose the one column that names rows
    // restoreState sets the indicator without telling the view; ask the model to sort to match.
    const int column = columns->isSortIndicatorShown() ? columns->sortIndicatorSection() : -1;
    m_model->sort(column, columns->sortIndicatorOrder());
    return true;
}

QString DownloadTableView::emptyText() const
{
    if (m_model->rowCount() > 0)
        return {};
    if (m_model->totalCount() == 0)
        return tr("Drop links here, paste with Ctrl+V, or use File \u2192 Import list\u2026");
    return tr("No downloads match the filter");
}

void DownloadTableView::paintEvent(QPaintEvent *event)
{
    QTableView::paintEvent(event);
    if (const int y = dropLineY(); y >= 0) {
        // Across the whole row, where the dragged rows will go, with a knob at its start.
        QPainter painter(viewport());
        painter.setRenderHint(QPainter::Antialiasing);
        const QColor accent = palette().color(QPalette::Active, QPalette::Highlight);
        const int at = std::clamp(y, 2, viewport()->height() - 2);
        painter.setPen(QPen(accent, 2));
        painter.drawLine(6, at, viewport()->width(), at);
        painter.setBrush(palette().color(QPalette::Base));
        painter.drawEllipse(QPoint(4, at), 3, 3);
    }
    const QString text = emptyText();
    if (text.isEmpty())
        return;
    QPainter painter(viewport());
    const QRect area = viewport()->rect();
    QColor colour = palette().color(QPalette::PlaceholderText);
    const bool firstRun = m_model->totalCount() == 0;
    const int iconSize = firstRun ? 64 : 0;
    const int gap = firstRun ? 14 : 0;
    const int textHeight = fontMetrics().height() * 2;
    const int top = area.center().y() - (iconSize + gap + textHeight) / 2;
    if (firstRun) {
        painter.setOpacity(0.45);
        Icons::icon(Icons::Id::App).paint(&painter, QRect(area.center().x() - iconSize / 2, top, iconSize, iconSize));
        painter.setOpacity(1.0);
    }
    painter.setPen(colour);
    const QRect textRect(area.left() + 24, top + iconSize + gap, area.width() - 48, textHeight);
    painter.drawText(textRect, Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, text);
}

void DownloadTableView::mousePressEvent(QMouseEvent *event)
{
    m_pressPos = event->position().toPoint();
    m_sortHintShown = false;
    QTableView::mousePressEvent(event);
}

void DownloadTableView::mouseMoveEvent(QMouseEvent *event)
{
    QTableView::mouseMoveEvent(event);
    const QPoint pos = event->position().toPoint();
    const QModelIndex pressed = indexAt(m_pressPos);
    if (m_sortHintShown || !(event->buttons() & Qt::LeftButton) || m_model->showsQueueOrder() || !pressed.isValid()
        || (pos - m_pressPos).manhattanLength() < QApplication::startDragDistance())
        return;
    m_sortHintShown = true;
    Q_EMIT hint(tr("The list is sorted by a column, so rows do not drag: click that header until its arrow goes, "
                     "then drag rows into queue order"));
}

void DownloadTableView::startDrag(Qt::DropActions)
{
    const QModelIndexList rows = selectionModel()->selectedRows();
    if (rows.isEmpty() || !m_model->showsQueueOrder())
        return;
    auto *drag = new QDrag(this);
    drag->setMimeData(m_model->mimeData(rows));
    // A small label says what moves; the rows themselves stay put until they land.
    const QString text = rows.size() == 1 ? tr("1 download") : tr("%1 downloads").arg(rows.size());
    QPixmap label(fontMetrics().horizontalAdvance(text) + 16, fontMetrics().height() + 8);
    label.fill(palette().color(QPalette::Highlight));
    QPainter painter(&label);
    painter.setPen(palette().color(QPalette::HighlightedText));
    painter.drawText(label.rect(), Qt::AlignCenter, text);
    painter.end();
    drag->setPixmap(label);
    viewport()->setAcceptDrops(true);
    drag->exec(Qt::MoveAction, Qt::MoveAction);
    viewport()->setAcceptDrops(false);
}

int DownloadTableView::dropRowAt(const QPoint &pos, const QMimeData *mime) const
{
    if (!m_model->showsQueueOrder() || m_model->rowCount() == 0 || m_model->draggedIds(mime).isEmpty())
        return -1;
    const int row = rowAt(pos.y());
    if (row < 0)
        return pos.y() < 0 ? 0 : m_model->rowCount();
    return pos.y() >= rowViewportPosition(row) + rowHeight(row) / 2 ? row + 1 : row;
}

int DownloadTableView::dropLineY() const
{
    if (m_dropRow < 0 || m_model->rowCount() == 0)
        return -1;
    if (m_dropRow < m_model->rowCount())
        return rowViewportPosition(m_dropRow);
    const int last = m_model->rowCount() - 1;
    return rowViewportPosition(last) + rowHeight(last);
}

void DownloadTableView::setDropRow(int row)
{
    if (row != m_dropRow) {
        m_dropRow = row;
        viewport()->update();
    }
}

void DownloadTableView::dragEnterEvent(QDragEnterEvent *event)
{
    dragMoveEvent(event);
}

void DownloadTableView::dragMoveEvent(QDragMoveEvent *event)
{
    // The base class scrolls when the drag nears an edge; the verdict is this list's own.
    QTableView::dragMoveEvent(event);
    setDropRow(dropRowAt(event->position().toPoint(), event->mimeData()));
    if (m_dropRow < 0) {
        event->ignore();
        return;
    }
    event->setDropAction(Qt::MoveAction);
    event->accept();
}

void DownloadTableView::dragLeaveEvent(QDragLeaveEvent *event)
{
    QTableView::dragLeaveEvent(event);
    setDropRow(-1);
}

void DownloadTableView::dropEvent(QDropEvent *event)
{
    const int row = dropRowAt(event->position().toPoint(), event->mimeData());
    setDropRow(-1);
    stopAutoScroll();
    setState(NoState);
    if (row < 0 || !m_model->dropMimeData(event->mimeData(), Qt::MoveAction, row, 0, {})) {
        event->ignore();
        return;
    }
    event->setDropAction(Qt::MoveAction);
    event->accept();
}

void DownloadTableView::showHeaderMenu(const QPoint &pos)
{
    QMenu menu(this);
    populateColumnMenu(&menu);
    menu.exec(horizontalHeader()->mapToGlobal(pos));
}

void DownloadTableView::populateColumnMenu(QMenu *menu)
{
    QHeaderView *columns = horizontalHeader();
    menu->clear();
    for (int column = 0; column < DownloadColumns::Count; ++column) {
        QAction *action = menu->addAction(m_model->headerData(column, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setChecked(!columns->isSectionHidden(column));
        action->setEnabled(column != DownloadColumns::Name);
        connect(action, &QAction::toggled, columns, [columns, column](bool on) {
            columns->setSectionHidden(column, !on);
        });
    }
    menu->addSeparator();
    connect(menu->addAction(tr("Reset columns")), &QAction::triggered, this, &DownloadTableView::applyDefaultColumns);
}
