#pragma once

#include "downloadremoval.h"
#include "engine/download.h"
#include "icons.h"
#include "intake/listfilesaver.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QUrl>

#include <array>
#include <functional>

class AppSettings;
class DownloadListModel;
class DownloadManager;
class QAction;
class QItemSelectionModel;
class QWidget;

// Owns the window's commands as QActions (text, icon, shortcut) and applies the bulk ones to the
// selected rows through the manager; keeps each enabled only when some selected download allows
// it, looking at the selected rows alone. The list-wide ones (Remove Completed, Clear History)
// act on the whole list, filtered or not, and follow the manager's per-state counters. GUI thread.
class DownloadActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DownloadActions)

public:
    enum class Id {
        Add,
        Import,
        ExportList,
        Paste,
        Start,
        Pause,
        Resume,
        Cancel,
        Retry,
        Remove,
        RemoveAndDelete,
        RemoveCompleted,
        ClearHistory,
        OpenFile,
        OpenFolder,
        MoveTo,
        Properties,
        CopyUrl,
        SelectAll,
        Settings,
        Quit,
        About,
    };
    static constexpr int kIdCount = int(Id::About) + 1;
    static constexpr int kMaxOpened = 10;  // files or folders opened by one command

    using ConfirmDelete = DownloadRemoval::ConfirmDelete;
    using ConfirmLoss = DownloadRemoval::ConfirmLoss;
    // Opens a file or folder URL with the desktop's handler (QDesktopServices::openUrl).
    using UrlOpener = std::function<bool(const QUrl &url)>;
    // Asks where to export the list; an empty path when the person cancelled.
    using ExportChooser = std::function<QString(QWidget *parent)>;
    // Asks which folder to move downloads to, starting at start; empty when the person cancelled.
    using FolderChooser = std::function<QString(QWidget *parent, const QString &start)>;

    // dialogParent is the parent of the confirmation box and of this object.
    DownloadActions(DownloadManager *manager, DownloadListModel *model, QItemSelectionModel *selection,
                    QWidget *dialogParent);

    QAction *action(Id id) const { return m_actions[size_t(id)]; }
    // The commands that act on the selection, grouped by separators (nullptr), for context menus.
    QList<QAction *> selectionActions() const;
    // The commands that tidy the whole list: Remove Completed, Clear History.
    QList<QAction *> historyActions() const;

    void setConfirmDelete(ConfirmDelete confirm) { m_removal.setConfirmDelete(std::move(confirm)); }
    void setConfirmLoss(ConfirmLoss confirm) { m_removal.setConfirmLoss(std::move(confirm)); }
    // Where "Don't ask again" is kept; may stay null (then the prompt always asks).
    void setAppSettings(AppSettings *settings) { m_removal.setAppSettings(settings); }
    void setUrlOpener(UrlOpener opener) { m_openUrl = std::move(opener); }
    void setExportChooser(ExportChooser chooser) { m_chooseExport = std::move(chooser); }
    void setFolderChooser(FolderChooser chooser) { m_chooseFolder = std::move(chooser); }

    // What Export List… does once a path is chosen: the selected downloads, or all of them when
    // none is selected, as an aria2 input file; the outcome comes as message().
    void exportTo(const QString &path);

    QList<DownloadId> selectedIds() const;  // in row order
    // Re-evaluates which actions apply now; normally runs by itself after selection or row changes.
    void updateEnabled();

Q_SIGNALS:
    void addRequested();
    void importRequested();
    void pasteRequested();
    void settingsRequested();
    void quitRequested();
    void aboutRequested();
    void message(const QString &text);  // an outcome for the status bar

private:
    QAction *make(Id id, const QString &text, Icons::Id icon, const QList<QKeySequence> &keys = {});
    void create();
    void connectModel();
    void scheduleUpdate();
    void forEachSelected(void (DownloadManager::*command)(DownloadId));
    void startSelected();
    void cancelSelected();
    void removeSelected();
    void removeAndDeleteSelected();
    void updateHistoryEnabled();
    void exportList();
    static QString chooseExportWithDialog(QWidget *parent);
    void moveSelected();
    void editProperties();  // opens the Properties dialog of the selection, window-modal
    static QString chooseFolderWithDialog(QWidget *parent, const QString &start);
    void openFiles();
    void openFolders();
    void copyUrls();
    void selectAll();

    DownloadManager *m_manager = nullptr;
    DownloadListModel *m_model = nullptr;
    QItemSelectionModel *m_selection = nullptr;
    QWidget *m_dialogParent = nullptr;
    std::array<QAction *, kIdCount> m_actions{};
    DownloadRemoval m_removal;  // asks before progress or files are lost, then tells the manager
    UrlOpener m_openUrl;
    ExportChooser m_chooseExport = &DownloadActions::chooseExportWithDialog;
    FolderChooser m_chooseFolder = &DownloadActions::chooseFolderWithDialog;
    ListFileSaver m_saver;                  // writes exported lists on the disk pool
    QHash<quint64, QString> m_exportWords;  // per save in flight: what to say once it is saved
    QTimer m_update;
};
