#include "forwardproxy.h"

#include "sockettunnel.h"

#include <QHostAddress>
#include <QTcpSocket>
#include <QUrl>

namespace {

constexpr char kHeadBuffer[] = "proxyHead";

} // namespace

ForwardProxy::ForwardProxy(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &ForwardProxy::accept);
}

ForwardProxy::~ForwardProxy() = default;

bool ForwardProxy::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void ForwardProxy::requireCredentials(const QString &user, const QString &password)
{
    m_expectedAuthorization = user.isEmpty() ? QByteArray() : "Basic " + (user + u':' + password).toUtf8().toBase64();
}

void ForwardProxy::accept()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        client->setParent(this);
        connect(client, &QTcpSocket::readyRead, this, [this, client] { readHead(client); });
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
    }
}

// One request head at a time; a 407 keeps the connection for the retry with credentials.
void ForwardProxy::readHead(QTcpSocket *client)
{
    QByteArray buffer = client->property(kHeadBuffer).toByteArray() + client->readAll();
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0) {
        client->setProperty(kHeadBuffer, buffer);
        return;
    }
    client->setProperty(kHeadBuffer, buffer.mid(end + 4));
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    Seen seen{requestLine.value(0), requestLine.value(1), {}, 0};
    QByteArray forwardHead = seen.method + ' ';
    QByteArray host;
    quint16 port = 0;
    if (seen.method == "CONNECT") {
        const qsizetype colon = seen.target.lastIndexOf(':');
        host = seen.target.left(colon);
        port = quint16(seen.target.mid(colon + 1).toUInt());
    } else {
        const QUrl url = QUrl::fromEncoded(seen.target);
        host = url.host().toUtf8();
        port = quint16(url.port(80));
        forwardHead += url.path(QUrl::FullyEncoded).toUtf8();
        if (url.hasQuery())
            forwardHead += '?' + url.query(QUrl::FullyEncoded).toUtf8();
        forwardHead += ' ' + requestLine.value(2) + "\r\n";
    }
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = line.left(colon).trimmed().toLower();
        if (name == "proxy-authorization")
            seen.proxyAuthorization = line.mid(colon + 1).trimmed();
        else if (name != "proxy-connection" && name != "connection" && !line.isEmpty())
            forwardHead += line + "\r\n";
    }
    forwardHead += "Connection: close\r\n\r\n";
    if (!m_expectedAuthorization.isEmpty() && seen.proxyAuthorization != m_expectedAuthorization) {
        seen.status = 407;
        m_seen.append(seen);
        client->write("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                      "Content-Length: 0\r\n\r\n");
        return;
    }
    m_seen.append(seen);
    client->disconnect(this);  // from now on the tunnel moves its bytes
    open(client, host, port, seen.method == "CONNECT" ? QByteArray() : forwardHead);
}

void ForwardProxy::open(QTcpSocket *client, const QByteArray &host, quint16 port, const QByteArray &forwardHead)
{
    auto *upstream = new QTcpSocket(this);
    const qsizetype index = m_seen.size() - 1;
    connect(upstream, &QTcpSocket::connected, this, [client, upstream, forwardHead] {
        if (forwardHead.isEmpty())
            client->write("HTTP/1.1 200 Connection established\r\n\r\n");
        else
            upstream->write(forwardHead);
        const QByteArray rest = client->property(kHeadBuffer).toByteArray();
        if (!rest.isEmpty())
            upstream->write(rest);
        SocketTunnel::join(client, upstream);
    });
    connect(upstream, &QTcpSocket::errorOccurred, this, [this, client, upstream, index] {
        if (upstream->state() == QAbstractSocket::ConnectedState)
            return;
        if (index < m_seen.size())
            m_seen[index].status = 502;
        client->write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        client->disconnectFromHost();
        upstream->deleteLater();
    });
    upstream->connectToHost(QString::fromUtf8(host), port);
}
