#include "windowsession.h"

#include "addtextdialog.h"
#include "disk/diskpool.h"
#include "downloadactions.h"
#include "remoteaddprompt.h"
#include "remotegroup.h"
#include "base/shownurl.h"
#include "rpc/rpcsecret.h"
#include "settingsdialog.h"
#include "speedlimitbutton.h"

#include <QCloseEvent>
#include <QDBusConnection>
#include <QDir>
#include <QGuiApplication>
#include <QClipboard>
#include <QStandardPaths>
#include <QStatusBar>

#include <cstdio>

namespace {

constexpr int kMessageMs = 10'000;

QString defaultDatabasePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/downloads.db");
}

} // namespace

WindowSession::WindowSession(const QString &databasePath)
    : m_store(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("gather"), QStringLiteral("gather"))
    , m_settings(&m_store)
    , m_manager(&m_network, &m_diskPool, m_settings.downloadSettings())
    , m_downloads(databasePath.isEmpty() ? defaultDatabasePath() : databasePath)
    , m_storeSync(&m_manager, &m_downloads)
    , m_model(&m_manager)
    , m_loader(&m_diskPool)
    , m_probe(&m_diskPool)
    , m_window(&m_manager, &m_model, &m_probe, &m_store)
    , m_intake(&m_manager, &m_settings, &m_loader, &m_probe, &m_window)
    , m_dropTarget(&m_window, &m_intake)
    , m_clipboardWatcher(QGuiApplication::clipboard(), &m_settings, &m_intake)
    , m_notifier(&m_manager, &m_settings)
    , m_tray(&m_manager, &m_window)
    , m_fileOpener(QDBusConnection::sessionBus())
    , m_desktopNotifications(QDBusConnection::sessionBus(), &m_fileOpener, &m_window)
    , m_notificationRouter(&m_notifier, &m_desktopNotifications, &m_tray)
    , m_closeGuard(&m_settings, &m_manager, &m_window)
    , m_remote(m_manager)
{
    // Sized like the headless run's: small files finishing together share their flushes.
    DiskPool::configure(m_diskPool);
    // Line edits (the filter box) take dropped text themselves; links should reach the intake.
    m_dropTarget.watchDescendants();
    m_window.installEventFilter(this);

    DownloadActions *actions = m_window.downloadActions();
    actions->setAppSettings(&m_settings);
    // The overall speed limit, one click away, right of the totals.
    m_window.statusBar()->addPermanentWidget(new SpeedLimitButton(&m_settings, &m_window));
    connect(actions, &DownloadActions::pasteRequested, &m_intake, &UrlIntake::pasteFromClipboard);
    connect(actions, &DownloadActions::importRequested, &m_intake, &UrlIntake::importList);
    connect(actions, &DownloadActions::addRequested, this, &WindowSession::addTypedLinks);
    connect(actions, &DownloadActions::settingsRequested, this, &WindowSession::showSettings);
    connect(actions, &DownloadActions::quitRequested, &m_window, &QWidget::close);
    connect(&m_tray, &TrayIcon::quitRequested, this, &WindowSession::quit);
    connect(&m_clipboardWatcher, &ClipboardWatcher::message, &m_window, [this](const QString &text) {
        m_window.statusBar()->showMessage(text, kMessageMs);
    });
    connect(&m_intake, &UrlIntake::message, &m_window, [this](const QString &text) {
        m_window.statusBar()->showMessage(text, kMessageMs);
    });
    connect(&m_fileOpener, &FileOpener::openFailed, &m_window, [this](const QString &text) {
        m_window.statusBar()->showMessage(text, kMessageMs);
    });
    connect(&m_manager, &DownloadManager::fileDeleted, &m_window, [this](const QString &path, const Result<void> &result) {
        if (!result)
            m_window.statusBar()->showMessage(tr("Could not delete %1: %2").arg(path, result.problem()), kMessageMs);
    });
    connect(&m_settings, &AppSettings::changed, this, &WindowSession::applySettings);
    m_remote.methods().setAdder([this](const QList<UrlEntry> &entries) { return addRemotely(entries); });
    connect(&m_remote, &RemoteControl::shutdownRequested, this, &WindowSession::quit);
    connect(&m_remote, &RemoteControl::settingsChanged, this, &WindowSession::keepRemoteSettings);
    connect(&m_downloads, &DownloadStore::problem, this, &WindowSession::showProblem);
    connect(&m_storeSync, &StoreSync::restored, this, &WindowSession::onRestored);
    connect(&m_storeSync, &StoreSync::flushed, this, &WindowSession::finished);
    connect(&m_manager, &DownloadManager::shutdownComplete, this, [this] {
        m_diskPool.waitForDone();
        // Every .part is fsynced and every download stopped: their last state goes to the list.
        m_storeSync.flush();
    });

    // Until the kept list is back, nothing new may be added (new ids follow the kept ones): the
    // window takes no input for that moment, usually a fraction of a second.
    m_window.setEnabled(false);
    m_window.statusBar()->showMessage(tr("Loading the download list…"));
    m_storeSync.restore(m_settings.values().resumeOnStart);
}

WindowSession::~WindowSession()
{
    m_window.removeEventFilter(this);
}

void WindowSession::show()
{
    m_window.restoreUiState();
    m_window.show();
    m_tray.show();
}

void WindowSession::receive(const InstanceMessage &message)
{
    // Started again, with or without links: bring the window forward.
    m_window.show();
    m_window.setWindowState(m_window.windowState() & ~Qt::WindowMinimized);
    m_window.raise();
    m_window.activateWindow();
    if (message.isEmpty())
        return;
    if (m_storeSync.isRestoring())
        m_waiting.append(message);
    else
        m_intake.submit(message.input(), message.folder);
}

void WindowSession::onRestored(int count)
{
    m_window.setEnabled(true);
    m_window.statusBar()->clearMessage();
    if (count > 0)
        m_window.statusBar()->showMessage(count == 1 ? tr("1 download from the last session")
                                                     : tr("%1 downloads from the last session").arg(count),
                                          kMessageMs);
    for (const InstanceMessage &message : std::exchange(m_waiting, {}))
        m_intake.submit(message.input(), message.folder);
    applyRemote();  // remote adds get ids after the kept downloads
}

void WindowSession::showProblem(const QString &text)
{
    // Said once by the store; stderr too, in case the window is not looked at.
    std::fprintf(stderr, "gather: %s\n", qPrintable(text));
    m_window.statusBar()->showMessage(text, 3 * kMessageMs);
}

void WindowSession::applySettings()
{
    m_manager.setSettings(m_settings.downloadSettings(m_manager.settings()));
    if (m_remoteApplied)
        applyRemote();
}

void WindowSession::applyRemote()
{
    RemoteAccess access = m_settings.values().remote;
    if (access.enabled && access.secret.isEmpty()) {
        // Turned on by hand in the settings file: never listen without a secret.
        AppSettings::Values values = m_settings.values();
        values.remote.secret = RpcSecret::generate();
        m_settings.setValues(values);
        access = m_settings.values().remote;
    }
    if (m_remoteApplied == access && access.enabled == m_remote.isListening())
        return;
    m_remoteApplied = access;
    m_remote.stop();
    m_remoteStatus.clear();
    m_remoteProblem = false;
    if (access.enabled) {
        RpcSettings settings;
        settings.address = QHostAddress(access.allInterfaces ? QHostAddress::Any : QHostAddress::LocalHost);
        settings.port = quint16(access.port);
        settings.secret = access.secret;
        settings.allowedOrigins = access.allowedOrigins;
        Result<void> listening = Result<void>::invalid(
            tr("the folder remote downloads are kept to is not an absolute path: %1").arg(access.allowedFolder));
        // A hand-edited relative folder would be taken from wherever Gather was started.
        if (access.allowedFolder.isEmpty() || QDir::isAbsolutePath(access.allowedFolder))
            listening = m_remote.start(settings, access.allowedFolder);
        if (!listening) {
            m_remoteStatus = listening.problem();
            m_remoteProblem = true;
            showProblem(tr("Remote control is off: %1").arg(listening.problem()));
        } else {
            m_remoteStatus = tr("Listening on %1.").arg(m_remote.where());
        }
    }
    showRemoteStatus();
}

QList<DownloadId> WindowSession::addRemotely(const QList<UrlEntry> &entries)
{
    const QList<DownloadId> ids = m_manager.add(entries);
    if (ids.isEmpty())
        return ids;
    m_window.statusBar()->showMessage(ids.size() == 1 ? tr("1 download added by remote control")
                                                      : tr("%1 downloads added by remote control").arg(ids.size()),
                                      kMessageMs);
    if (!m_settings.values().addDialogOnDrop)
        return ids;
    // The client needs its GIDs now, so the downloads are listed at once; like dropped links
    // they wait for the person's OK, paused before the scheduler's next pass can start them.
    QStringList names;
    for (const DownloadId id : ids) {
        m_manager.pause(id);
        if (const Download *download = m_manager.download(id)) {
            const QString name = download->fileName();
            names.append(name.isEmpty() ? ShownUrl::of(download->url()) : name);
        }
    }
    if (!m_remotePrompt) {
        m_remotePrompt = new RemoteAddPrompt(&m_window);
        connect(m_remotePrompt, &RemoteAddPrompt::startRequested, this, [this](const QList<DownloadId> &started) {
            for (const DownloadId id : started)
                m_manager.resume(id);
        });
        connect(m_remotePrompt, &RemoteAddPrompt::removeRequested, this,
                [this](const QList<DownloadId> &removed) { m_manager.remove(removed); });
    }
    m_remotePrompt->add(ids, names);
    m_remotePrompt->show();
    m_remotePrompt->raise();
    return ids;
}

void WindowSession::showRemoteStatus()
{
    if (m_settingsDialog)
        m_settingsDialog->remoteGroup()->setStatus(m_remoteStatus, m_remoteProblem);
}

void WindowSession::keepRemoteSettings(const DownloadSettings &settings)
{
    AppSettings::Values values = m_settings.values();
    values.folder = settings.folder;
    values.maxConcurrent = settings.maxConcurrent;
    values.maxPerHost = settings.maxPerHost;
    values.split = settings.split;
    values.overallLimitKiB = int(settings.maxOverallBytesPerSecond / 1024);
    values.downloadLimitKiB = int(settings.maxBytesPerSecond / 1024);
    m_settings.setValues(values);
}

void WindowSession::showSettings()
{
    if (!m_settingsDialog) {
        m_settingsDialog = new SettingsDialog(&m_settings, &m_window);
        m_settingsDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    showRemoteStatus();
    m_settingsDialog->show();
    m_settingsDialog->raise();
    m_settingsDialog->activateWindow();
}

void WindowSession::addTypedLinks()
{
    AddTextDialog dialog(QGuiApplication::clipboard()->text(), &m_window);
    if (dialog.exec() == QDialog::Accepted && !dialog.text().trimmed().isEmpty())
        m_intake.submit(DroppedInput{dialog.text(), {}, tr("Typed text")});
}

bool WindowSession::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != &m_window || event->type() != QEvent::Close || m_quitting)
        return QObject::eventFilter(watched, event);
    switch (m_closeGuard.onClose(TrayIcon::isAvailable())) {
    case CloseGuard::Decision::Quit:
        m_window.saveUiState();
        quit();
        return false;
    case CloseGuard::Decision::HideToTray:
        m_window.saveUiState();
        m_window.hide();
        event->ignore();
        return true;
    case CloseGuard::Decision::Cancel:
        event->ignore();
        return true;
    }
    return false;
}

void WindowSession::quit()
{
    if (m_quitting)
        return;
    m_quitting = true;
    m_window.saveUiState();
    m_window.hide();
    m_tray.hide();
    // What is not listed yet stays in the store as it was.
    m_storeSync.stopRestoring();
    m_remote.stop();  // no new downloads while the list is being saved
    // Every transfer stops and its .part is fsynced, then the list is committed (finished()).
    m_manager.shutdown();
}
