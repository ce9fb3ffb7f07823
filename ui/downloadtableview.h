#pragma once

#include <QTableView>
#include <QTimer>

class DownloadListModel;
class QMenu;
class QMimeData;

// The download table: fixed row heights and no content measuring so 100,000 rows scroll smoothly,
// header-click sorting done by the model, a header menu to show and hide columns, and an
// empty-state hint painted when there is nothing to show. Rows dragged within the unsorted list
// move in the queue, with a line where they will go; other drops pass through to the window.
// GUI thread.
class DownloadTableView final : public QTableView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DownloadTableView)

public:
    explicit DownloadTableView(DownloadListModel *model, QWidget *parent = nullptr);

    DownloadListModel *downloadModel() const { return m_model; }
    // Column widths, order, visibility and sort, as QHeaderView::saveState() bytes.
    QByteArray headerState() const;
    bool restoreHeaderState(const QByteArray &state);
    void applyDefaultColumns();
    // Fills menu with one checkable entry per column (the header's context menu, View → Columns).
    void populateColumnMenu(QMenu *menu);
    QString emptyText() const;  // the hint shown right now, empty when rows are visible
    // Where dragged rows would go (rowCount() = after the last), -1 while nothing is dragged here.
    int dropRow() const { return m_dropRow; }
    int dropLineY() const;  // the drop line's y in the viewport; -1 without one

Q_SIGNALS:
    void hint(const QString &text);  // for the status bar: why a drag does nothing

protected:
    void paintEvent(QPaintEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void startDrag(Qt::DropActions supportedActions) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dragLeaveEvent(QDragLeaveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;

private:
    void showHeaderMenu(const QPoint &pos);
    // Makes the current row and the selection agree (see the constructor).
    void alignSelectionWithCurrent();

    // The row dragged rows would land before, for a drag of this list's rows; -1 otherwise.
    int dropRowAt(const QPoint &pos, const QMimeData *mime) const;
    void setDropRow(int row);

    DownloadListModel *m_model = nullptr;
    QTimer m_align;
    int m_dropRow = -1;
    QPoint m_pressPos;
    bool m_sortHintShown = false;  // once per press: the drag that a sort turned off
};
