#include "notificationrouter.h"

#include "desktopnotifications.h"
#include "notifier.h"
#include "trayicon.h"

#include <utility>

NotificationRouter::NotificationRouter(Notifier *notifier, DesktopNotifications *desktop, TrayIcon *tray, QObject *parent)
    : QObject(parent)
    , m_desktop(desktop)
    , m_tray(tray)
{
    if (m_tray)
        m_trayCheck = [this] { return m_tray->canShowMessages(); };
    connect(notifier, &Notifier::notify, this, &NotificationRouter::route);
    if (m_desktop) {
        connect(m_desktop, &DesktopNotifications::serviceChanged, this, [this] {
            for (const Notification &notification : std::exchange(m_waiting, {}))
                route(notification);
        });
    }
}

NotificationRouter::Channel NotificationRouter::choose(bool serviceOnBus, bool trayShowsMessages)
{
    if (serviceOnBus)
        return Channel::Desktop;
    return trayShowsMessages ? Channel::Tray : Channel::None;
}

void NotificationRouter::route(const Notification &notification)
{
    if (m_desktop && m_desktop->service() == DesktopNotifications::Service::Unknown) {
        if (m_waiting.size() < kMaxWaiting)
            m_waiting.append(notification);
        return;
    }
    const bool service = m_desktop && m_desktop->service() == DesktopNotifications::Service::Present;
    const Channel channel = choose(service, m_tray && m_trayCheck && m_trayCheck());
    switch (channel) {
    case Channel::Desktop:
        m_desktop->show(notification);
        break;
    case Channel::Tray:
        m_tray->showMessage(notification);
        break;
    case Channel::None:
        break;
    }
    Q_EMIT routed(notification, channel);
}
