#include "desktopnotifications.h"

#include "fileopener.h"
#include "notificationserversignals.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusServiceWatcher>
#include <QVariantMap>
#include <QWidget>

#include <cstdio>
#include <utility>

namespace {

const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kInterface = QStringLiteral("org.freedesktop.Notifications");
// The installed icon and desktop entry's name (resources/): the server finds both by it.
const QString kAppId = QStringLiteral("io.github.gather");
constexpr uchar kUrgencyNormal = 1;

QDBusMessage notificationsCall(const QString &method)
{
    return QDBusMessage::createMethodCall(kService, kPath, kInterface, method);
}

} // namespace

DesktopNotifications::DesktopNotifications(const QDBusConnection &bus, FileOpener *opener, QWidget *window,
                                           QObject *parent)
    : QObject(parent)
    , m_bus(bus)
    , m_opener(opener)
    , m_window(window)
    , m_signals(new NotificationServerSignals(bus, this))
    , m_watcher(new QDBusServiceWatcher(kService, bus, QDBusServiceWatcher::WatchForOwnerChange, this))
{
    connect(m_signals, &NotificationServerSignals::ActionInvoked, this, &DesktopNotifications::actionInvoked);
    connect(m_signals, &NotificationServerSignals::NotificationClosed, this, [this](uint id, uint) { forget(id); });
    connect(m_watcher, &QDBusServiceWatcher::serviceOwnerChanged, this,
            [this](const QString &, const QString &, const QString &owner) { ownerChanged(owner); });
    if (!m_bus.isConnected()) {
        setService(Service::Absent);
        return;
    }
    // Asked, not waited for: isServiceRegistered() would block the GUI thread on the bus.
    QDBusMessage ask = QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.DBus"),
                                                      QStringLiteral("/org/freedesktop/DBus"),
                                                      QStringLiteral("org.freedesktop.DBus"),
                                                      QStringLiteral("NameHasOwner"));
    ask << kService;
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(ask), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher] {
        watcher->deleteLater();
        // The service watcher has spoken since, and it is the newer word.
        if (m_service != Service::Unknown)
            return;
        const QDBusPendingReply<bool> reply = *watcher;
        if (reply.isValid() && reply.value()) {
            setService(Service::Present);
            askCapabilities();
        } else {
            setService(Service::Absent);
        }
    });
}

void DesktopNotifications::ownerChanged(const QString &owner)
{
    ++m_generation;
    // Ids belong to the server that gave them: a new one reuses them for other notifications.
    m_targets.clear();
    m_order.clear();
    m_capabilitiesKnown = false;
    m_capabilities.clear();
    if (owner.isEmpty()) {
        setService(Service::Absent);
        return;
    }
    setService(Service::Present);
    askCapabilities();
}

void DesktopNotifications::setService(Service service)
{
    if (service == Service::Absent)
        m_waiting.clear();
    if (service == m_service)
        return;
    m_service = service;
    Q_EMIT serviceChanged(service);
}

void DesktopNotifications::askCapabilities()
{
    const quint64 generation = m_generation;
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(notificationsCall(QStringLiteral("GetCapabilities"))), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return;
        const QDBusPendingReply<QStringList> reply = *watcher;
        // A server that cannot say is taken for one without actions or markup.
        m_capabilities = reply.isValid() ? reply.value() : QStringList();
        m_capabilitiesKnown = true;
        for (const Notification &notification : std::exchange(m_waiting, {}))
            send(notification);
    });
}

void DesktopNotifications::show(const Notification &notification)
{
    if (m_service != Service::Present)
        return;
    if (!m_capabilitiesKnown) {
        if (m_waiting.size() < kMaxWaiting)
            m_waiting.append(notification);
        return;
    }
    send(notification);
}

QStringList DesktopNotifications::actionsFor(const Notification &notification)
{
    // "default" is what clicking the message itself does (the spec's name for it); servers do
    // not show its label as a button.
    QStringList actions{QStringLiteral("default"), tr("Show Gather")};
    if (!notification.filePath.isEmpty())
        actions << QStringLiteral("open") << tr("Open");
    if (!notification.folder.isEmpty())
        actions << QStringLiteral("folder") << tr("Show in Folder");
    return actions;
}

void DesktopNotifications::send(const Notification &notification)
{
    const bool withActions = m_capabilities.contains(QStringLiteral("actions"));
    // A server that reads markup would take a '<' or '&' in a file name for a tag.
    const QString body = m_capabilities.contains(QStringLiteral("body-markup")) ? notification.body.toHtmlEscaped()
                                                                                : notification.body;
    const bool failed = notification.kind == Notification::Kind::Failure;
    QVariantMap hints;
    // Normal for failures too: critical is for what cannot wait (a battery running out); GNOME
    // and Plasma show it through Do Not Disturb and never let it expire, and a failed download
    // waits in the window's Failed filter until the person looks.
    hints.insert(QStringLiteral("urgency"), QVariant::fromValue(kUrgencyNormal));
    hints.insert(QStringLiteral("category"), failed ? QStringLiteral("transfer.error") : QStringLiteral("transfer.complete"));
    hints.insert(QStringLiteral("desktop-entry"), kAppId);
    QDBusMessage call = notificationsCall(QStringLiteral("Notify"));
    call << QStringLiteral("Gather") << 0u << kAppId << notification.title << body
         << (withActions ? actionsFor(notification) : QStringList()) << hints << kExpireMs;

    const quint64 generation = m_generation;
    const Target target{notification.filePath, notification.folder};
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher, generation, target, withActions] {
        watcher->deleteLater();
        const QDBusPendingReply<uint> reply = *watcher;
        if (!reply.isValid()) {
            // Lost, like a balloon nobody saw; nothing the person could act on.
            std::fprintf(stderr, "gather: the notification service refused a notification: %s\n",
                         qPrintable(reply.error().message()));
            return;
        }
        if (generation != m_generation)
            return;
        if (withActions)
            track(reply.value(), target);
        Q_EMIT shown(reply.value());
    });
}

void DesktopNotifications::track(uint id, const Target &target)
{
    if (m_targets.contains(id))
        m_order.removeOne(id);
    m_targets.insert(id, target);
    m_order.append(id);
    while (m_order.size() > kMaxTracked)
        m_targets.remove(m_order.takeFirst());
}

void DesktopNotifications::forget(uint id)
{
    if (m_targets.remove(id))
        m_order.removeOne(id);
}

void DesktopNotifications::actionInvoked(uint id, const QString &key)
{
    // Not ours (another application's notification), or closed and forgotten.
    const auto it = m_targets.constFind(id);
    if (it == m_targets.cend())
        return;
    const Target target = *it;
    if (key == u"default") {
        showWindow();
    } else if (key == u"open" && !target.filePath.isEmpty()) {
        m_opener->openFile(target.filePath);
    } else if (key == u"folder") {
        if (!target.filePath.isEmpty())
            m_opener->showInFolder(target.filePath);
        else if (!target.folder.isEmpty())
            m_opener->openFolder(target.folder);
    }
}

void DesktopNotifications::showWindow()
{
    if (!m_window)
        return;
    // Not showNormal(): a maximized window stays maximized.
    m_window->show();
    m_window->setWindowState(m_window->windowState() & ~Qt::WindowMinimized);
    m_window->raise();
    m_window->activateWindow();
}
