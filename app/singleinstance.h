#pragma once

#include "instancemessage.h"

#include <QLocalServer>
#include <QObject>
#include <QString>

#include <memory>

class QLocalSocket;
class QLockFile;

// Keeps Gather to one window per user: the first instance holds a lock file and listens on a
// per-user local socket, a later one hands its command line over with sendToRunning() and exits.
// The wire format is a 4-byte big-endian length, then InstanceMessage's JSON; the server answers
// one byte, Ack when it took the message. Only connections from the same user are served.
// GUI thread.
//
// In main():
//   if (SingleInstance::sendToRunning(message, 3000)) return 0;
//   SingleInstance instance;
//   if (!instance.listen() && instance.isHeldElsewhere()
//       && SingleInstance::sendWhenListening(message, 5000)) return 0;  // started at the same time
//   (otherwise run on, without single-instance if listen() failed)
class SingleInstance final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SingleInstance)

public:
    static constexpr qint64 kMaxMessageBytes = 8 * 1024 * 1024;
    static constexpr int kReadTimeoutMs = 5000;  // a client that stalls is dropped after this
    static constexpr char kAck = 0x06;
    static constexpr char kNak = 0x15;

    explicit SingleInstance(const QString &name = defaultName(), QObject *parent = nullptr);
    ~SingleInstance() override;

    // Takes the lock and starts serving; a socket or lock left behind by a crashed instance is
    // replaced. False when another instance holds the lock (isHeldElsewhere()) or the lock or
    // socket cannot be created (see errorString()).
    bool listen();
    bool isHeldElsewhere() const { return m_heldElsewhere; }
    QString errorString() const { return m_error; }
    QString name() const { return m_name; }
    QString lockPath() const;

    // $GATHER_INSTANCE_NAME when set (tests), else "gather-<uid>" in $XDG_RUNTIME_DIR, else in
    // the temporary folder.
    static QString defaultName();
    // Blocking, for main() before the event loop: true when a running instance took message
    // (this process should then exit 0); false when none is running or it did not answer in time.
    static bool sendToRunning(const InstanceMessage &message, int timeoutMs, const QString &name = defaultName());
    // The same, retrying while the other instance has the lock but is not listening yet.
    static bool sendWhenListening(const InstanceMessage &message, int timeoutMs, const QString &name = defaultName());

Q_SIGNALS:
    // Also for a message without URLs: someone started Gather again, so show the window.
    void received(const InstanceMessage &message);

private:
    void acceptConnections();
    void serve(QLocalSocket *socket);
    static bool isSameUser(const QLocalSocket *socket);

    QString m_name;
    QString m_error;
    bool m_heldElsewhere = false;
    std::unique_ptr<QLockFile> m_lock;
    QLocalServer m_server;
};
