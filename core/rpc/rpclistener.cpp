#include "rpc/rpclistener.h"

#include "rpc/rpchttpconnection.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>

RpcListener::RpcListener(const RpcMethods &methods, QObject *parent)
    : QObject(parent),
      m_dispatcher(methods),
      m_webSockets(QStringLiteral("Gather"), QWebSocketServer::NonSecureMode)
{
    connect(&m_server, &QTcpServer::newConnection, this, &RpcListener::acceptConnections);
    connect(&m_webSockets, &QWebSocketServer::newConnection, this, &RpcListener::adoptWebSockets);
}

RpcListener::~RpcListener()
{
    close();
}

Result<void> RpcListener::listen(const RpcSettings &settings)
{
    close();
    m_settings = settings;
    if (!m_server.listen(settings.address, settings.port)) {
        const QString where = settings.address.protocol() == QAbstractSocket::IPv6Protocol
            ? QStringLiteral("[%1]:%2").arg(settings.address.toString()).arg(settings.port)
            : QStringLiteral("%1:%2").arg(settings.address.toString()).arg(settings.port);
        return DownloadError::make(ErrorKind::Network,
                                   QStringLiteral("Cannot listen on %1: %2").arg(where, m_server.errorString()));
    }
    m_server.setMaxPendingConnections(settings.maxConnections);
    m_access = RpcAccess(settings.address, m_server.serverPort(), settings.allowedOrigins, settings.allowedHosts);
    m_dispatcher.setSecret(settings.secret);
    m_webSockets.setHandshakeTimeout(settings.headerTimeoutMs);
    return {};
}

void RpcListener::setSecret(const QString &secret)
{
    m_settings.secret = secret;
    m_dispatcher.setSecret(secret);
}

void RpcListener::close()
{
    m_server.close();
    const QList<QWebSocket *> clients = m_clients;
    m_clients.clear();
    for (QWebSocket *client : clients) {
        client->disconnect(this);
        client->abort();
        client->deleteLater();
    }
    // Connections hold references to the settings and the checks, which listen() replaces.
    qDeleteAll(findChildren<RpcHttpConnection *>(Qt::FindDirectChildrenOnly));
    qDeleteAll(findChildren<QTcpSocket *>(Qt::FindDirectChildrenOnly));
}

int RpcListener::connectionCount() const
{
    // Upgrading and upgraded sockets stay children of the listener (QWebSocket does not take
    // them over; QWebSocketServer deletes each when it disconnects).
    return m_httpConnections + static_cast<int>(findChildren<QTcpSocket *>(Qt::FindDirectChildrenOnly).size());
}

void RpcListener::acceptConnections()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        if (connectionCount() >= m_settings.maxConnections) {
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                          "Content-Length: 21\r\nConnection: close\r\n\r\nToo many connections\n");
            socket->disconnectFromHost();
            continue;
        }
        auto *connection = new RpcHttpConnection(socket, m_dispatcher, m_access, m_settings, this);
        ++m_httpConnections;
        connect(connection, &QObject::destroyed, this, [this] { --m_httpConnections; });
        connect(connection, &RpcHttpConnection::webSocketRequested, this, &RpcListener::upgrade);
    }
}

void RpcListener::upgrade(QTcpSocket *socket)
{
    socket->setParent(this);
    m_webSockets.handleConnection(socket);
}

void RpcListener::adoptWebSockets()
{
    while (QWebSocket *client = m_webSockets.nextPendingConnection()) {
        client->setParent(this);
        client->setMaxAllowedIncomingMessageSize(static_cast<quint64>(m_settings.maxRequestBytes));
        client->setMaxAllowedIncomingFrameSize(static_cast<quint64>(m_settings.maxRequestBytes));
        m_clients.append(client);
        connect(client, &QWebSocket::textMessageReceived, this, [this, client](const QString &message) {
            answer(client, message);
        });
        connect(client, &QWebSocket::binaryMessageReceived, this, [client] {
            client->close(QWebSocketProtocol::CloseCodeDatatypeNotSupported, QStringLiteral("JSON-RPC text messages only"));
        });
        connect(client, &QWebSocket::disconnected, this, [this, client] {
            m_clients.removeOne(client);
            client->deleteLater();
        });
    }
}

void RpcListener::answer(QWebSocket *client, const QString &message)
{
    const JsonRpcDispatcher::Reply reply = m_dispatcher.dispatch(message.toUtf8());
    if (reply.body.isEmpty())
        return;
    const QString text = QString::fromUtf8(reply.body);
    if (reply.unauthorized && m_settings.unauthorizedDelayMs > 0) {
        QTimer::singleShot(m_settings.unauthorizedDelayMs, client, [client, text] { client->sendTextMessage(text); });
        return;
    }
    client->sendTextMessage(text);
}

void RpcListener::notify(const QString &method, const QJsonArray &params)
{
    const QJsonObject message{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                              {QStringLiteral("method"), method},
                              {QStringLiteral("params"), params}};
    const QString text = QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact));
    for (QWebSocket *client : std::as_const(m_clients)) {
        if (client->state() == QAbstractSocket::ConnectedState)
            client->sendTextMessage(text);
    }
}

void RpcListener::notifyGid(const QString &method, const QString &gid)
{
    notify(method, QJsonArray{QJsonObject{{QStringLiteral("gid"), gid}}});
}
