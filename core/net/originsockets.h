#pragma once

#include <QHostAddress>
#include <QList>
#include <QtGlobal>

// Finds and cuts this process's TCP connections to one server, below Qt. Qt 6.4 reads response
// headers one byte per read() in a loop that ends only when the socket runs dry, so a server
// that streams headers without end holds its QNAM thread for good: the thread never returns to
// its event loop, so neither QNetworkReply::abort() nor QNAM's destructor can reach it.
// shutdown() on the socket makes that read() return 0, which ends the loop. Linux (/proc);
// elsewhere it finds nothing. Stateless; any thread.
class OriginSockets final
{
public:
    struct Socket {
        int fd = -1;
        quint64 inode = 0;  // identifies the socket, so a reused fd number is never cut
        qint64 unread = 0;  // bytes received and not yet read by Qt
    };

    // Connected TCP sockets whose peer is one of peers on port.
    static QList<Socket> find(const QList<QHostAddress> &peers, quint16 port);
    // Shuts each down (both directions) if its fd still names the same socket; returns how many.
    static int cut(const QList<Socket> &sockets);
};
