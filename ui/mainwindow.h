#pragma once

#include <QMainWindow>

class ChangeLinkAction;
class DetailsPane;
class DownloadActions;
class DownloadListModel;
class DownloadManager;
class DownloadTableView;
class FilterBar;
class FreeSpaceProbe;
class QDockWidget;
class QSettings;
class QueueActions;
class StatusSummary;

// The main window: the download table with its filter, the details pane, the status summary and
// the menus and toolbar of DownloadActions. Every dependency comes by constructor; window layout
// (geometry, docks, columns, sort) is kept in the QSettings given. GUI thread.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    // freeSpace and settings may be null (no free-space figure; nothing remembered).
    MainWindow(DownloadManager *manager, DownloadListModel *model, FreeSpaceProbe *freeSpace, QSettings *settings,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    DownloadActions *downloadActions() const { return m_actions; }
    DownloadTableView *table() const { return m_table; }
    FilterBar *filterBar() const { return m_filter; }
    DetailsPane *details() const { return m_details; }
    QDockWidget *detailsDock() const { return m_detailsDock; }
    StatusSummary *statusSummary() const { return m_status; }
    QueueActions *queueActions() const { return m_queue; }
    ChangeLinkAction *changeLinkAction() const { return m_changeLink; }

    // Writes and reads geometry, toolbar/dock state and the table header; saved on close too.
    void saveUiState();
    bool restoreUiState();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void showAbout();
    void updateTitle(const QString &progress);
    void followCurrentRow();

    DownloadManager *m_manager = nullptr;
    DownloadListModel *m_model = nullptr;
    QSettings *m_settings = nullptr;
    DownloadTableView *m_table = nullptr;
    FilterBar *m_filter = nullptr;
    DownloadActions *m_actions = nullptr;
    DetailsPane *m_details = nullptr;
    QDockWidget *m_detailsDock = nullptr;
    StatusSummary *m_status = nullptr;
    QueueActions *m_queue = nullptr;
    ChangeLinkAction *m_changeLink = nullptr;
};
