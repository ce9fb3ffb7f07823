#include "sockettunnel.h"

#include <QTcpSocket>

namespace {

void forward(QTcpSocket *from, QTcpSocket *to)
{
    QObject::connect(from, &QTcpSocket::readyRead, to, [from, to] { to->write(from->readAll()); });
    // The other side may still be sending what it has; close it once that is written.
    QObject::connect(from, &QTcpSocket::disconnected, to, [from, to] {
        if (from->isReadable() && to->isWritable())
            to->write(from->readAll());
        to->disconnectFromHost();
        from->deleteLater();
    });
}

} // namespace

void SocketTunnel::join(QTcpSocket *client, QTcpSocket *upstream)
{
    forward(client, upstream);
    forward(upstream, client);
    QObject::connect(upstream, &QTcpSocket::disconnected, upstream, &QObject::deleteLater);
    QObject::connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
    if (client->bytesAvailable() > 0)
        upstream->write(client->readAll());
    if (upstream->bytesAvailable() > 0)
        client->write(upstream->readAll());
}
