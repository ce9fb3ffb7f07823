#pragma once

#include "notification.h"

#include <QList>
#include <QObject>

#include <functional>

class DesktopNotifications;
class Notifier;
class TrayIcon;

// Sends each of Notifier's messages down one channel only: the desktop's notification service
// when the session bus has it, else the tray's balloon when the desktop has a tray, else nowhere.
// While the bus has not yet said whether the service is there, messages wait (a few). GUI thread.
class NotificationRouter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NotificationRouter)

public:
    enum class Channel { None, Desktop, Tray };
    static constexpr int kMaxWaiting = 16;

    // Whether the tray would show a balloon.
    using TrayCheck = std::function<bool()>;

    // desktop and tray may be null (that channel is never chosen); all must outlive this.
    NotificationRouter(Notifier *notifier, DesktopNotifications *desktop, TrayIcon *tray, QObject *parent = nullptr);

    // TrayIcon::canShowMessages by default; tests stand in for a desktop with a tray.
    void setTrayCheck(TrayCheck check) { m_trayCheck = std::move(check); }

    static Channel choose(bool serviceOnBus, bool trayShowsMessages);
    void route(const Notification &notification);

Q_SIGNALS:
    void routed(const Notification &notification, NotificationRouter::Channel channel);

private:
    DesktopNotifications *m_desktop;
    TrayIcon *m_tray;
    TrayCheck m_trayCheck;
    QList<Notification> m_waiting;
};
