#pragma once

#include "base/result.h"
#include "rpc/jsonrpcdispatcher.h"
#include "rpc/rpcaccess.h"
#include "rpc/rpcsettings.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QList>
#include <QObject>
#include <QString>
#include <QTcpServer>
#include <QWebSocketServer>

class QTcpSocket;
class QWebSocket;
class RpcMethods;

// The JSON-RPC endpoint on one address and port: HTTP POST /jsonrpc with keep-alive and CORS,
// and WebSocket on the same path (upgrade checked like any request, then QWebSocketServer),
// with every limit of RpcSettings; pushes notifications to every WebSocket client. GUI thread.
class RpcListener final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RpcListener)

public:
    // methods must outlive the listener.
    explicit RpcListener(const RpcMethods &methods, QObject *parent = nullptr);
    ~RpcListener() override;

    // Starts listening (after close() if it was); the error says which address and why, e.g.
    // "Cannot listen on 127.0.0.1:6800: The bound address is already in use".
    Result<void> listen(const RpcSettings &settings);
    void close();
    bool isListening() const { return m_server.isListening(); }
    quint16 port() const { return m_server.serverPort(); }  // the real one when 0 was asked
    QHostAddress address() const { return m_server.serverAddress(); }
    const RpcSettings &settings() const { return m_settings; }
    // A new secret for the calls that follow, without dropping anyone's connection.
    void setSecret(const QString &secret);

    // {"jsonrpc":"2.0","method":method,"params":params} to every WebSocket client.
    void notify(const QString &method, const QJsonArray &params);
    // aria2's shape for download events: params [{"gid": gid}].
    void notifyGid(const QString &method, const QString &gid);

    int webSocketCount() const { return static_cast<int>(m_clients.size()); }
    int connectionCount() const;  // HTTP, upgrading and WebSocket

private:
    void acceptConnections();
    void upgrade(QTcpSocket *socket);
    void adoptWebSockets();
    void answer(QWebSocket *client, const QString &message);

    RpcSettings m_settings;
    JsonRpcDispatcher m_dispatcher;
    RpcAccess m_access;
    QTcpServer m_server;
    QWebSocketServer m_webSockets;
    QList<QWebSocket *> m_clients;
    int m_httpConnections = 0;
};
