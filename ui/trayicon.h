#pragma once

#include "notification.h"

#include <QIcon>
#include <QObject>
#include <QPointer>

class DownloadManager;
class QAction;
class QMenu;
class QSystemTrayIcon;
class QWidget;

// The system tray icon: the app icon, a menu (Show/Hide window, Quit), a tooltip with the active
// downloads and speed, and notifications as balloons when NotificationRouter sends them here
// (no notification service on the bus). Does nothing visible where the desktop has no tray
// (isAvailable() false). GUI thread.
class TrayIcon final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayIcon)

public:
    static constexpr int kMessageMs = 5000;

    // manager and window must outlive this.
    TrayIcon(const DownloadManager *manager, QWidget *window, QObject *parent = nullptr);
    ~TrayIcon() override;

    static bool isAvailable();
    void show();  // when the desktop has a tray
    void hide();

    QSystemTrayIcon *systemTrayIcon() const { return m_tray; }
    QMenu *menu() const { return m_menu; }
    QAction *toggleWindowAction() const { return m_toggle; }
    QAction *quitAction() const { return m_quit; }

    // The icon bundled as :/icons/gather.svg, or a style icon when the resource is missing.
    static QIcon appIcon(const QWidget *widget);
    static QString toolTipText(int active, int queued, qint64 bytesPerSecond);

    void toggleWindow();
    void updateToolTip();

    // Whether a balloon would be seen: the desktop has a tray, the icon is in it, and the tray
    // shows messages.
    bool canShowMessages() const;
    // Shows the notification as a balloon when canShowMessages(); clicking it brings the window.
    void showMessage(const Notification &notification);

Q_SIGNALS:
    void quitRequested();

private:
    void updateToggleText();

    const DownloadManager *m_manager;
    QPointer<QWidget> m_window;
    QMenu *m_menu;
    QAction *m_toggle;
    QAction *m_quit;
    QSystemTrayIcon *m_tray;
};
