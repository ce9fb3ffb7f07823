#pragma once

#include <QDBusConnection>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariantMap>

// A stand-in for the desktop's notification server (org.freedesktop.Notifications) on a test's
// private bus: answers GetCapabilities with what the test sets, records every Notify and hands
// out ids, and emits ActionInvoked and NotificationClosed when the test says so. Lives in the
// test's main thread; only the Q_SCRIPTABLE members are on the bus.
class FakeNotificationServer final : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
    Q_DISABLE_COPY_MOVE(FakeNotificationServer)

public:
    struct Sent {
        uint id = 0;
        QString appName;
        uint replacesId = 0;
        QString icon;
        QString summary;
        QString body;
        QStringList actions;
        QVariantMap hints;
        int expireTimeout = 0;
    };

    static constexpr uint kFirstId = 41;  // not 1, so an id mixed up with a count shows

    explicit FakeNotificationServer(const QDBusConnection &bus, QObject *parent = nullptr);
    ~FakeNotificationServer() override;

    // Takes the service name and path on the bus (false when either is taken), and gives them up.
    [[nodiscard]] bool attach();
    void detach();

    void setCapabilities(const QStringList &capabilities) { m_capabilities = capabilities; }
    QList<Sent> sent() const { return m_sent; }
    int capabilityQueries() const { return m_capabilityQueries; }
    QList<uint> closeRequests() const { return m_closeRequests; }

    // What the server does when the person clicks an action, or the notification goes away.
    void invokeAction(uint id, const QString &key) { Q_EMIT ActionInvoked(id, key); }
    void close(uint id, uint reason) { Q_EMIT NotificationClosed(id, reason); }

public Q_SLOTS:
    Q_SCRIPTABLE QStringList GetCapabilities();
    Q_SCRIPTABLE uint Notify(const QString &appName, uint replacesId, const QString &appIcon, const QString &summary,
                             const QString &body, const QStringList &actions, const QVariantMap &hints,
                             int expireTimeout);
    Q_SCRIPTABLE void CloseNotification(uint id);
    Q_SCRIPTABLE QString GetServerInformation(QString &vendor, QString &version, QString &specVersion);

Q_SIGNALS:
    Q_SCRIPTABLE void ActionInvoked(uint id, const QString &actionKey);
    Q_SCRIPTABLE void NotificationClosed(uint id, uint reason);

private:
    QDBusConnection m_bus;
    bool m_attached = false;
    QStringList m_capabilities{QStringLiteral("actions"), QStringLiteral("body")};
    QList<Sent> m_sent;
    QList<uint> m_closeRequests;
    int m_capabilityQueries = 0;
    uint m_nextId = kFirstId;
};
