#include "adddialoglook.h"

#include <QAbstractItemModel>
#include <QHeaderView>
#include <QTableView>

namespace AddDialogLook {

QTableView *table(QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    model->setParent(view);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setWordWrap(false);
    view->setTextElideMode(Qt::ElideMiddle);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    // Fixed row heights keep a view over a million links fast.
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    QHeaderView *header = view->horizontalHeader();
    header->setHighlightSections(false);
    header->setStretchLastSection(true);
    header->setResizeContentsPrecision(200);
    return view;
}

void markAsWarning(QWidget *widget, bool warning)
{
    QPalette palette = widget->palette();
    palette.setColor(QPalette::WindowText, warning ? QColor(0xc0, 0x1c, 0x28) : widget->window()->palette().color(QPalette::WindowText));
    widget->setPalette(palette);
}

} // namespace AddDialogLook
