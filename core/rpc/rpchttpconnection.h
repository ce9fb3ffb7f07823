#pragma once

#include "rpc/rpchttphead.h"

#include <QByteArray>
#include <QObject>
#include <QTimer>

class JsonRpcDispatcher;
class QTcpSocket;
class RpcAccess;
struct RpcSettings;

// One TCP connection to the JSON-RPC endpoint, spoken as HTTP/1.1 with keep-alive: reads each
// request head (size-capped, timed), refuses a bad Host or Origin before anything runs, reads a
// capped body and answers it through the dispatcher; a WebSocket upgrade is handed on untouched.
// Owns its socket until then; GUI thread.
class RpcHttpConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RpcHttpConnection)

public:
    static constexpr qsizetype kMaxHeadBytes = 16 * 1024;
    static constexpr int kLingerMs = 2000;  // reading and dropping input after a refusal

    RpcHttpConnection(QTcpSocket *socket, const JsonRpcDispatcher &dispatcher, const RpcAccess &access,
                      const RpcSettings &settings, QObject *parent);

Q_SIGNALS:
    // A WebSocket upgrade to /jsonrpc that passed the Host and Origin checks; its head is still
    // unread in the socket, which now belongs to the receiver (this object deletes itself).
    void webSocketRequested(QTcpSocket *socket);

private:
    enum class State { Head, Body, Waiting, Closing };

    void process();
    bool handleHead();
    void handleBody();
    void timedOut();
    void respond(int status, const QByteArray &body, const QByteArray &type = "text/plain; charset=utf-8",
                 const QByteArray &extraFields = {});
    void refuse(int status, const QByteArray &text);
    void startClosing();
    void halfClose();
    void arm(int ms);

    QTcpSocket *m_socket = nullptr;
    const JsonRpcDispatcher &m_dispatcher;
    const RpcAccess &m_access;
    const RpcSettings &m_settings;
    QTimer m_timer;
    State m_state = State::Head;
    bool m_headTimerArmed = false;
    bool m_keepAlive = true;
    qint64 m_bodyLength = 0;
    QByteArray m_origin;  // of the current request, when allowed
};
