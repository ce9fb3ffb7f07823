#include "singleinstance.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QLockFile>
#include <QLocalSocket>
#include <QSharedPointer>
#include <QThread>
#include <QTimer>
#include <QtEndian>

#include <sys/socket.h>
#include <unistd.h>

namespace {

constexpr int kHeaderBytes = 4;
constexpr int kRetryMs = 50;

QByteArray frame(const QByteArray &payload)
{
    QByteArray bytes(kHeaderBytes, Qt::Uninitialized);
    qToBigEndian(quint32(payload.size()), bytes.data());
    return bytes + payload;
}

} // namespace

SingleInstance::SingleInstance(const QString &name, QObject *parent)
    : QObject(parent)
    , m_name(name)
{
    qRegisterMetaType<InstanceMessage>();
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    connect(&m_server, &QLocalServer::newConnection, this, &SingleInstance::acceptConnections);
}

SingleInstance::~SingleInstance() = default;

QString SingleInstance::defaultName()
{
    const QString override = qEnvironmentVariable("GATHER_INSTANCE_NAME");
    if (!override.isEmpty())
        return override;
    const QString leaf = QStringLiteral("gather-%1").arg(::getuid());
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    // The runtime folder is private to the user; a bare name lands in the shared temp folder.
    if (!runtime.isEmpty() && QDir::isAbsolutePath(runtime))
        return QDir(runtime).filePath(leaf);
    return leaf;
}

QString SingleInstance::lockPath() const
{
    // A bare name is a socket in the temporary folder (QLocalServer's rule); the lock sits beside it.
    const QString base = m_name.contains(u'/') ? m_name : QDir::temp().filePath(m_name);
    return base + QStringLiteral(".lock");
}

bool SingleInstance::listen()
{
    // The lock, not the socket, decides who is first: QLocalServer with socket options replaces
    // an existing socket file instead of failing, and two instances starting together would both
    // find no socket to talk to.
    m_lock = std::make_unique<QLockFile>(lockPath());
    m_lock->setStaleLockTime(0);  // a live instance's lock never goes stale; a dead one's always
    if (!m_lock->tryLock(0)) {
        m_heldElsewhere = m_lock->error() == QLockFile::LockFailedError;
        m_error = m_heldElsewhere ? tr("Another instance is running")
                                  : tr("Cannot create the lock file %1").arg(lockPath());
        m_lock.reset();
        return false;
    }
    // Whatever socket is there belongs to an instance that crashed.
    QLocalServer::removeServer(m_name);
    if (m_server.listen(m_name))
        return true;
    m_error = m_server.errorString();
    m_lock.reset();
    return false;
}

bool SingleInstance::isSameUser(const QLocalSocket *socket)
{
#ifdef SO_PEERCRED
    ucred credentials{};
    socklen_t length = sizeof credentials;
    if (::getsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0)
        return false;
    return credentials.uid == ::getuid();
#else
    Q_UNUSED(socket);
    return true;  // the socket's file permissions (UserAccessOption) are the only guard here
#endif
}

void SingleInstance::acceptConnections()
{
    while (QLocalSocket *socket = m_server.nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        if (!isSameUser(socket)) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        QTimer::singleShot(kReadTimeoutMs, socket, [socket] { socket->abort(); });
        serve(socket);
    }
}

void SingleInstance::serve(QLocalSocket *socket)
{
    auto buffer = QSharedPointer<QByteArray>::create();
    const auto read = [this, socket, buffer] {
        buffer->append(socket->readAll());
        if (buffer->size() < kHeaderBytes)
            return;
        const qint64 length = qFromBigEndian<quint32>(buffer->constData());
        if (length > kMaxMessageBytes) {
            socket->write(&kNak, 1);
            socket->disconnectFromServer();
            return;
        }
        if (buffer->size() < kHeaderBytes + length)
            return;
        const std::optional<InstanceMessage> message = InstanceMessage::decode(buffer->mid(kHeaderBytes, length));
        buffer->clear();
        socket->write(message ? &kAck : &kNak, 1);
        socket->disconnectFromServer();
        if (message)
            Q_EMIT received(*message);
    };
    connect(socket, &QLocalSocket::readyRead, this, read);
    read();
}

bool SingleInstance::sendToRunning(const InstanceMessage &message, int timeoutMs, const QString &name)
{
    const QByteArray payload = message.encode();
    if (payload.size() > kMaxMessageBytes)
        return false;
    const QDeadlineTimer deadline(timeoutMs);
    QLocalSocket socket;
    socket.connectToServer(name);
    if (!socket.waitForConnected(int(deadline.remainingTime())))
        return false;
    socket.write(frame(payload));
    while (socket.bytesToWrite() > 0) {
        if (!socket.waitForBytesWritten(int(deadline.remainingTime())))
            return false;
    }
    while (socket.bytesAvailable() < 1) {
        if (!socket.waitForReadyRead(int(deadline.remainingTime())))
            return false;
    }
    char answer = 0;
    return socket.getChar(&answer) && answer == kAck;
}

bool SingleInstance::sendWhenListening(const InstanceMessage &message, int timeoutMs, const QString &name)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (sendToRunning(message, int(deadline.remainingTime()), name))
            return true;
        QThread::msleep(kRetryMs);
    }
    return false;
}
