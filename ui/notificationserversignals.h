#pragma once

#include <QDBusAbstractInterface>
#include <QDBusConnection>
#include <QString>

// The desktop notification server's two signals, ActionInvoked and NotificationClosed, as Qt
// signals, so they connect by pointer to member. Listens to any sender: naming the service would
// make QtDBus ask the bus for its owner with a blocking call (and the ids it reports are
// forgotten whenever that owner changes). GUI thread.
class NotificationServerSignals final : public QDBusAbstractInterface
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NotificationServerSignals)

public:
    static constexpr const char *kInterface = "org.freedesktop.Notifications";

    NotificationServerSignals(const QDBusConnection &bus, QObject *parent = nullptr)
        : QDBusAbstractInterface(QString(), QStringLiteral("/org/freedesktop/Notifications"), kInterface, bus, parent)
    {
    }

Q_SIGNALS:
    // Named as on the bus: QtDBus relays a D-Bus signal to the Qt signal of the same name.
    void ActionInvoked(uint id, const QString &actionKey);
    void NotificationClosed(uint id, uint reason);
};
