#pragma once

#include "notification.h"

#include <QDBusConnection>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

class FileOpener;
class NotificationServerSignals;
class QDBusServiceWatcher;
class QWidget;

// Shows notifications through the desktop's notification service (org.freedesktop.Notifications
// on the session bus) and carries out what the person clicks in them: Open, Show in Folder, or
// the message itself for the window. Follows the service as it comes and goes; every bus call is
// asynchronous. GUI thread.
class DesktopNotifications final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DesktopNotifications)

public:
    enum class Service { Unknown, Present, Absent };

    // Long enough to reach a button; servers that keep notifications (GNOME) ignore it anyway.
    static constexpr int kExpireMs = 10'000;
    // Open notifications whose actions are remembered; a server that never reports a close
    // must not make the table grow for ever.
    static constexpr int kMaxTracked = 64;
    // Notifications held while the server has not yet said what it can do.
    static constexpr int kMaxWaiting = 16;

    // opener must outlive this; window may go first.
    DesktopNotifications(const QDBusConnection &bus, FileOpener *opener, QWidget *window, QObject *parent = nullptr);

    Service service() const { return m_service; }
    // What the server can do (GetCapabilities); empty until it has answered.
    QStringList capabilities() const { return m_capabilities; }
    bool capabilitiesKnown() const { return m_capabilitiesKnown; }
    // Open notifications with actions, by the server's id.
    qsizetype trackedCount() const { return m_targets.size(); }
    bool isTracked(uint id) const { return m_targets.contains(id); }

    // Sends the notification when the service is present, once its capabilities are known.
    void show(const Notification &notification);

    // The actions offered (key, label pairs) to a server that shows actions.
    static QStringList actionsFor(const Notification &notification);

Q_SIGNALS:
    void serviceChanged(DesktopNotifications::Service service);
    void shown(uint id);  // the server took a notification and gave it this id

private:
    struct Target {
        QString filePath;
        QString folder;
    };

    void ownerChanged(const QString &owner);
    void setService(Service service);
    void askCapabilities();
    void send(const Notification &notification);
    void track(uint id, const Target &target);
    void forget(uint id);
    void actionInvoked(uint id, const QString &key);
    void showWindow();

    QDBusConnection m_bus;
    FileOpener *m_opener;
    QPointer<QWidget> m_window;
    NotificationServerSignals *m_signals;
    QDBusServiceWatcher *m_watcher;
    Service m_service = Service::Unknown;
    // Bumped whenever the service changes hands, so answers from an earlier server are ignored.
    quint64 m_generation = 0;
    bool m_capabilitiesKnown = false;
    QStringList m_capabilities;
    QList<Notification> m_waiting;
    QHash<uint, Target> m_targets;
    QList<uint> m_order;  // m_targets' ids, oldest first
};
