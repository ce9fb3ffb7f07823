#include "net/originsockets.h"

#ifdef Q_OS_LINUX
#include <QByteArrayView>
#include <QDir>

#include <cstdio>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace {

#ifdef Q_OS_LINUX
// The inode of the socket fd names, 0 when it is not a socket (or is gone).
quint64 socketInode(int fd)
{
    char path[32];
    std::snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    char target[64];
    const ssize_t length = ::readlink(path, target, sizeof target - 1);
    if (length <= 0)
        return 0;
    const QByteArrayView link(target, length);  // "socket:[12345]"
    if (!link.startsWith("socket:[") || !link.endsWith(']'))
        return 0;
    bool ok = false;
    const quint64 inode = link.sliced(8, link.size() - 9).toULongLong(&ok);
    return ok ? inode : 0;
}

bool peerIs(int fd, const QList<QHostAddress> &peers, quint16 port)
{
    int type = 0;
    socklen_t typeLength = sizeof type;
    if (::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &typeLength) != 0 || type != SOCK_STREAM)
        return false;
    sockaddr_storage peer{};
    socklen_t length = sizeof peer;
    if (::getpeername(fd, reinterpret_cast<sockaddr *>(&peer), &length) != 0)
        return false;
    if (peer.ss_family != AF_INET && peer.ss_family != AF_INET6)
        return false;
    QHostAddress address;
    quint16 peerPort = 0;
    if (peer.ss_family == AF_INET) {
        const auto *v4 = reinterpret_cast<const sockaddr_in *>(&peer);
        address.setAddress(ntohl(v4->sin_addr.s_addr));
        peerPort = ntohs(v4->sin_port);
    } else {
        const auto *v6 = reinterpret_cast<const sockaddr_in6 *>(&peer);
        address.setAddress(v6->sin6_addr.s6_addr);
        peerPort = ntohs(v6->sin6_port);
    }
    if (peerPort != port)
        return false;
    for (const QHostAddress &wanted : peers) {
        if (address.isEqual(wanted, QHostAddress::TolerantConversion))
            return true;
    }
    return false;
}
#endif

} // namespace

QList<OriginSockets::Socket> OriginSockets::find(const QList<QHostAddress> &peers, quint16 port)
{
    QList<Socket> found;
#ifdef Q_OS_LINUX
    if (peers.isEmpty())
        return found;
    const QStringList fds = QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System);
    for (const QString &name : fds) {
        bool ok = false;
        const int fd = name.toInt(&ok);
        if (!ok)
            continue;
        const quint64 inode = socketInode(fd);
        if (inode == 0 || !peerIs(fd, peers, port))
            continue;
        int unread = 0;
        if (::ioctl(fd, FIONREAD, &unread) != 0)
            unread = 0;
        found.append(Socket{fd, inode, unread});
    }
#else
    Q_UNUSED(peers);
    Q_UNUSED(port);
#endif
    return found;
}

int OriginSockets::cut(const QList<Socket> &sockets)
{
    int count = 0;
#ifdef Q_OS_LINUX
    for (const Socket &socket : sockets) {
        // Qt may have closed the socket and opened another with the same number meanwhile.
        if (socketInode(socket.fd) != socket.inode)
            continue;
        if (::shutdown(socket.fd, SHUT_RDWR) == 0)
            ++count;
    }
#else
    Q_UNUSED(sockets);
#endif
    return count;
}
