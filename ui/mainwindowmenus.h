#pragma once

class DownloadActions;
class DownloadTableView;
class FilterBar;
class QueueActions;
class QDockWidget;
class QAction;
class QMainWindow;

// Lays the window's commands out: menu bar, toolbar and the table's context menu. Only arranges actions others own; holds nothing. GUI thread.
class MainWindowMenus final
{
public:
    struct Parts {
        QMainWindow *window = nullptr;
        DownloadActions *actions = nullptr;
        DownloadTableView *table = nullptr;
        FilterBar *filter = nullptr;
        QDockWidget *details = nullptr;
        QueueActions *queue = nullptr;
        QAction *changeLink = nullptr;  // Change Link…; none when null
    };

    static void build(const Parts &parts);
};
