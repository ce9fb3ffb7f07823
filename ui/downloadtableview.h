#pragma once

#include <QTableView>
#include <QTimer>

class DownloadListModel;
class QMenu;

// The download table: fixed row heights and no content measuring so 100,000 rows scroll smoothly,
// header-click sorting done by the model, a header menu to show and hide columns, and an
// empty-state hint painted when there is nothing to show. Drops pass through to the window.
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

protected:
    void paintEvent(QPaintEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;

private:
    void showHeaderMenu(const QPoint &pos);
    // Makes the current row and the selection agree (see the constructor).
    void alignSelectionWithCurrent();

    DownloadListModel *m_model = nullptr;
    QTimer m_align;
};
