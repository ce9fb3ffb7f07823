#include "trayicon.h"

#include "base/humanformat.h"
#include "engine/downloadmanager.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QIcon>
#include <QMenu>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QWidget>

TrayIcon::TrayIcon(const DownloadManager *manager, QWidget *window, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_window(window)
    , m_menu(new QMenu)
    , m_toggle(m_menu->addAction(tr("&Hide Gather")))
    , m_quit(nullptr)
    , m_tray(new QSystemTrayIcon(appIcon(window), this))
{
    m_menu->addSeparator();
    m_quit = m_menu->addAction(tr("&Quit"));
    m_tray->setContextMenu(m_menu);
    connect(m_menu, &QMenu::aboutToShow, this, &TrayIcon::updateToggleText);
    connect(m_toggle, &QAction::triggered, this, &TrayIcon::toggleWindow);
    connect(m_quit, &QAction::triggered, this, &TrayIcon::quitRequested);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger)
            toggleWindow();
    });
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
        if (m_window) {
            m_window->showNormal();
            m_window->raise();
            m_window->activateWindow();
        }
    });
    connect(m_manager, &DownloadManager::downloadsChanged, this, &TrayIcon::updateToolTip);
    connect(m_manager, &DownloadManager::downloadsAdded, this, &TrayIcon::updateToolTip);
    connect(m_manager, &DownloadManager::downloadsRemoved, this, &TrayIcon::updateToolTip);
    connect(m_manager, &DownloadManager::allFinished, this, &TrayIcon::updateToolTip);
    updateToolTip();
    updateToggleText();
}

TrayIcon::~TrayIcon()
{
    // QSystemTrayIcon does not own its menu, and a QMenu cannot have a QObject parent.
    delete m_menu;
}

bool TrayIcon::isAvailable()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

void TrayIcon::show()
{
    if (isAvailable())
        m_tray->show();
}

void TrayIcon::hide()
{
    m_tray->hide();
}

QIcon TrayIcon::appIcon(const QWidget *widget)
{
    // A resource lookup is in memory: no disk access on the GUI thread.
    const QString bundled = QStringLiteral(":/icons/gather.svg");
    if (QFile::exists(bundled))
        return QIcon(bundled);
    const QStyle *style = widget ? widget->style() : QApplication::style();
    return style->standardIcon(QStyle::SP_ArrowDown);
}

QString TrayIcon::toolTipText(int active, int queued, qint64 bytesPerSecond)
{
    if (active == 0 && queued == 0)
        return tr("Gather — nothing to download");
    QString text = tr("Gather — %1 downloading").arg(active);
    if (active > 0)
        text += u", " % HumanFormat::speed(bytesPerSecond);
    if (queued > 0)
        text += u", " % tr("%1 queued").arg(queued);
    return text;
}

void TrayIcon::updateToolTip()
{
    m_tray->setToolTip(toolTipText(m_manager->activeCount(), m_manager->countIn(DownloadState::Queued),
                                   m_manager->totalBytesPerSecond()));
}

void TrayIcon::toggleWindow()
{
    if (!m_window)
        return;
    if (m_window->isVisible() && !m_window->isMinimized()) {
        m_window->hide();
    } else {
        m_window->showNormal();
        m_window->raise();
        m_window->activateWindow();
    }
    updateToggleText();
}

void TrayIcon::updateToggleText()
{
    const bool shown = m_window && m_window->isVisible() && !m_window->isMinimized();
    m_toggle->setText(shown ? tr("&Hide Gather") : tr("&Show Gather"));
}

bool TrayIcon::canShowMessages() const
{
    return isAvailable() && m_tray->isVisible() && QSystemTrayIcon::supportsMessages();
}

void TrayIcon::showMessage(const Notification &notification)
{
    if (!canShowMessages())
        return;
    m_tray->showMessage(notification.title, notification.body,
                        notification.kind == Notification::Kind::Failure ? QSystemTrayIcon::Warning
                                                                         : QSystemTrayIcon::Information,
                        kMessageMs);
}
