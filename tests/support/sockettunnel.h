#pragma once

// SocketTunnel: joins two connected sockets so bytes flow both ways until either side closes,
// then closes the other once its bytes are written; for the test proxies, in their thread.

class QTcpSocket;

class SocketTunnel final
{
public:
    // Both sockets are deleted (deleteLater) when the tunnel ends. Bytes already read from
    // client and not yet forwarded are passed as pending.
    static void join(QTcpSocket *client, QTcpSocket *upstream);
};
