#include "socks5proxy.h"

#include "sockettunnel.h"

#include <QHostAddress>
#include <QTcpSocket>
#include <QtEndian>

#include <memory>

struct Socks5Proxy::Client {
    QTcpSocket *socket = nullptr;
    QByteArray buffer;
    Stage stage = Stage::Greeting;
    QString user;
};

Socks5Proxy::Socks5Proxy(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &Socks5Proxy::accept);
}

Socks5Proxy::~Socks5Proxy() = default;

bool Socks5Proxy::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void Socks5Proxy::requireCredentials(const QString &user, const QString &password)
{
    m_requireAuth = true;
    m_user = user;
    m_password = password;
}

void Socks5Proxy::accept()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        socket->setParent(this);
        auto client = std::make_shared<Client>();
        client->socket = socket;
        connect(socket, &QTcpSocket::readyRead, this, [this, client] { read(client.get()); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void Socks5Proxy::read(Client *client)
{
    client->buffer += client->socket->readAll();
    // Each stage consumes its message when it is complete and says whether to go on.
    while (true) {
        bool progressed = false;
        switch (client->stage) {
        case Stage::Greeting: progressed = greet(client); break;
        case Stage::Auth: progressed = authenticate(client); break;
        case Stage::Request: progressed = request(client); break;
        case Stage::Done: return;
        }
        if (!progressed)
            return;
    }
}

bool Socks5Proxy::greet(Client *client)
{
    const QByteArray &b = client->buffer;
    if (b.size() < 2 || b.size() < 2 + quint8(b[1]))
        return false;
    const QByteArray methods = b.mid(2, quint8(b[1]));
    client->buffer.remove(0, 2 + methods.size());
    const char wanted = m_requireAuth ? '\x02' : '\x00';
    if (!methods.contains(wanted)) {
        client->socket->write(QByteArray("\x05\xff", 2));
        client->socket->disconnectFromHost();
        client->stage = Stage::Done;
        return false;
    }
    client->socket->write(QByteArray("\x05", 1) + wanted);
    client->stage = m_requireAuth ? Stage::Auth : Stage::Request;
    return true;
}

bool Socks5Proxy::authenticate(Client *client)
{
    const QByteArray &b = client->buffer;
    if (b.size() < 2)
        return false;
    const int userLength = quint8(b[1]);
    if (b.size() < 3 + userLength)
        return false;
    const int passwordLength = quint8(b[2 + userLength]);
    if (b.size() < 3 + userLength + passwordLength)
        return false;
    client->user = QString::fromUtf8(b.mid(2, userLength));
    const QString password = QString::fromUtf8(b.mid(3 + userLength, passwordLength));
    client->buffer.remove(0, 3 + userLength + passwordLength);
    if (client->user != m_user || password != m_password) {
        m_seen.append({QByteArray(), client->user, true});
        client->socket->write(QByteArray("\x01\x01", 2));
        client->socket->disconnectFromHost();
        client->stage = Stage::Done;
        return false;
    }
    client->socket->write(QByteArray("\x01\x00", 2));
    client->stage = Stage::Request;
    return true;
}

bool Socks5Proxy::request(Client *client)
{
    const QByteArray &b = client->buffer;
    if (b.size() < 5)
        return false;
    const char type = b[3];
    qsizetype addressLength = type == '\x01' ? 4 : type == '\x04' ? 16 : 1 + quint8(b[4]);
    if (b.size() < 4 + addressLength + 2)
        return false;
    QString host;
    if (type == '\x03') {
        host = QString::fromUtf8(b.mid(5, addressLength - 1));
    } else if (type == '\x01') {
        host = QHostAddress(qFromBigEndian<quint32>(b.constData() + 4)).toString();
    } else {
        host = QHostAddress(reinterpret_cast<const quint8 *>(b.constData() + 4)).toString();
    }
    const quint16 port = qFromBigEndian<quint16>(b.constData() + 4 + addressLength);
    client->buffer.remove(0, 4 + addressLength + 2);
    client->stage = Stage::Done;
    const qsizetype index = m_seen.size();
    m_seen.append({(host + u':' + QString::number(port)).toUtf8(), client->user, false});

    QTcpSocket *socket = client->socket;
    socket->disconnect(this);
    const QByteArray rest = client->buffer;
    auto *upstream = new QTcpSocket(this);
    connect(upstream, &QTcpSocket::connected, this, [socket, upstream, rest] {
        socket->write(QByteArray("\x05\x00\x00\x01\x00\x00\x00\x00\x00\x00", 10));
        if (!rest.isEmpty())
            upstream->write(rest);
        SocketTunnel::join(socket, upstream);
    });
    connect(upstream, &QTcpSocket::errorOccurred, this, [this, socket, upstream, index] {
        if (upstream->state() == QAbstractSocket::ConnectedState)
            return;
        if (index < m_seen.size())
            m_seen[index].refused = true;
        socket->write(QByteArray("\x05\x05\x00\x01\x00\x00\x00\x00\x00\x00", 10));
        socket->disconnectFromHost();
        upstream->deleteLater();
    });
    upstream->connectToHost(host, port);
    return false;
}
