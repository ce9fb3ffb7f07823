#pragma once

#include "appsettings.h"
#include "closeguard.h"
#include "desktopnotifications.h"
#include "disk/freespaceprobe.h"
#include "clipboardwatcher.h"
#include "droptarget.h"
#include "engine/downloadmanager.h"
#include "fileopener.h"
#include "instancemessage.h"
#include "intake/urllistloader.h"
#include "list/downloadlistmodel.h"
#include "mainwindow.h"
#include "net/networkpool.h"
#include "notificationrouter.h"
#include "notifier.h"
#include "remotecontrol.h"
#include "store/downloadstore.h"
#include "store/storesync.h"
#include "trayicon.h"
#include "urlintake.h"

#include <QObject>
#include <QPointer>
#include <QSettings>
#include <QThreadPool>

#include <optional>

class RemoteAddPrompt;
class SettingsDialog;

// The window mode's object graph, built in dependency order and wired here only: engine, the
// kept download list (store), model, loaders, main window, intake, drop target, tray and
// notifications (the desktop's service on the session bus, else the tray), settings applied at
// once, and the quit sequence (stop transfers, fsync every .part, commit the list, then leave the
// event loop). GUI thread.
class WindowSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WindowSession)

public:
    // databasePath: where the download list is kept; empty = downloads.db in the application's
    // data folder (QStandardPaths::AppDataLocation).
    explicit WindowSession(const QString &databasePath = {});
    ~WindowSession() override;

    void show();
    // Links from this process's command line or from another `gather` started later.
    void receive(const InstanceMessage &message);
    // Stops every transfer, fsyncs every .part, commits the list, then emits finished().
    void quit();

Q_SIGNALS:
    void finished();  // the engine has stopped; the event loop may end

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void applySettings();
    void showSettings();
    void addTypedLinks();
    void onRestored(int count);
    void showProblem(const QString &text);
    // Starts, restarts or stops the JSON-RPC endpoint to match the settings.
    void applyRemote();
    void showRemoteStatus();  // in an open Settings dialog
    // changeGlobalOption from a remote client: kept like the person's own settings.
    void keepRemoteSettings(const DownloadSettings &settings);
    // Remote adds: at once, or paused and offered in a prompt when the Add dialog is wanted.
    QList<DownloadId> addRemotely(const QList<UrlEntry> &entries);

    // Declared first so it is destroyed last: queued disk work finishes before anything it uses goes.
    QThreadPool m_diskPool;
    QSettings m_store;
    AppSettings m_settings;
    NetworkPool m_network;
    DownloadManager m_manager;
    // The list kept on disk; its destructor waits for the last commit, so it goes after the sync.
    DownloadStore m_downloads;
    StoreSync m_storeSync;
    DownloadListModel m_model;
    UrlListLoader m_loader;
    FreeSpaceProbe m_probe;
    MainWindow m_window;
    UrlIntake m_intake;
    DropTarget m_dropTarget;
    ClipboardWatcher m_clipboardWatcher;
    Notifier m_notifier;
    TrayIcon m_tray;
    FileOpener m_fileOpener;
    DesktopNotifications m_desktopNotifications;
    NotificationRouter m_notificationRouter;
    CloseGuard m_closeGuard;
    RemoteControl m_remote;
    std::optional<RemoteAccess> m_remoteApplied;  // what the endpoint runs with; none before the list is back
    QString m_remoteStatus;
    bool m_remoteProblem = false;
    QPointer<SettingsDialog> m_settingsDialog;
    QPointer<RemoteAddPrompt> m_remotePrompt;
    // Links received while the kept list is being listed again: taken once it is, so that new
    // downloads get ids after the kept ones.
    QList<InstanceMessage> m_waiting;
    bool m_quitting = false;
};
