#pragma once

class QAbstractItemModel;
class QTableView;
class QWidget;

// What the Add dialog's parts share in looks, so its links editor and its side sections stay
// alike: read-only tables and the one red of warnings. Plain functions; GUI thread.
namespace AddDialogLook {

// A read-only table of whole rows over model, which the table takes ownership of.
QTableView *table(QAbstractItemModel *model, QWidget *parent);
// Red for what stops or endangers the downloads, the dialog's own text colour otherwise.
void markAsWarning(QWidget *widget, bool warning);

} // namespace AddDialogLook
