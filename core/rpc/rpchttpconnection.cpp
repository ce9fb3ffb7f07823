#include "rpc/rpchttpconnection.h"

#include "rpc/jsonrpcdispatcher.h"
#include "rpc/rpcaccess.h"
#include "rpc/rpcsettings.h"

#include <QTcpSocket>

#include <sys/socket.h>

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Error";
    }
}

// Access-Control-Request-Headers is echoed only when it is a plain list of header names.
QByteArray safeHeaderList(const QByteArray &requested)
{
    for (const char c : requested) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
            || c == '_' || c == ',' || c == ' ';
        if (!ok)
            return "Content-Type";
    }
    return requested.isEmpty() ? QByteArray("Content-Type") : requested;
}

} // namespace

RpcHttpConnection::RpcHttpConnection(QTcpSocket *socket, const JsonRpcDispatcher &dispatcher, const RpcAccess &access,
                                     const RpcSettings &settings, QObject *parent)
    : QObject(parent), m_socket(socket), m_dispatcher(dispatcher), m_access(access), m_settings(settings)
{
    m_socket->setParent(this);
    // Qt stops reading from the kernel when this much is buffered, so a client that streams
    // more than one request can hold costs no more memory than that (TCP slows it down).
    m_socket->setReadBufferSize(settings.maxRequestBytes + kMaxHeadBytes + 4);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &RpcHttpConnection::timedOut);
    connect(m_socket, &QTcpSocket::readyRead, this, &RpcHttpConnection::process);
    connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_state == State::Closing && m_socket->bytesToWrite() == 0)
            halfClose();
    });
    arm(m_settings.idleTimeoutMs);
    process();
}

void RpcHttpConnection::arm(int ms)
{
    m_timer.start(ms);
}

void RpcHttpConnection::process()
{
    while (true) {
        switch (m_state) {
        case State::Head:
            if (!handleHead())
                return;
            break;
        case State::Body:
            if (m_socket->bytesAvailable() < m_bodyLength)
                return;
            handleBody();
            break;
        case State::Waiting:
            return;
        case State::Closing:
            m_socket->readAll();  // dropped: the answer is out, the connection is going
            return;
        }
    }
}

// True when a request was taken off the socket and another may follow at once.
bool RpcHttpConnection::handleHead()
{
    if (m_socket->bytesAvailable() == 0)
        return false;
    if (!m_headTimerArmed) {
        // From the first byte of a head on, the whole head must arrive in time: a client that
        // trickles a byte now and then (slowloris) is cut off.
        m_headTimerArmed = true;
        arm(m_settings.headerTimeoutMs);
    }
    const QByteArray peeked = m_socket->peek(kMaxHeadBytes + 4);
    const qsizetype end = peeked.indexOf("\r\n\r\n");
    if (end < 0) {
        if (peeked.size() > kMaxHeadBytes)
            refuse(431, "Request head too large\n");
        return false;
    }
    const std::optional<RpcHttpHead> head = RpcHttpHead::parse(QByteArrayView(peeked).first(end));
    m_origin.clear();
    if (!head) {
        refuse(400, "Malformed request\n");
        return false;
    }
    if (head->version != "HTTP/1.1" && head->version != "HTTP/1.0") {
        refuse(505, "HTTP/1.0 or HTTP/1.1 only\n");
        return false;
    }
    if (head->count("host") != 1 || head->count("origin") > 1 || head->count("content-length") > 1) {
        refuse(400, "One Host header, at most one Origin and one Content-Length\n");
        return false;
    }
    // DNS rebinding: a page whose name now resolves to this machine still sends its own name.
    if (!m_access.hostAllowed(head->value("host"))) {
        refuse(403, "Host not allowed\n");
        return false;
    }
    if (head->count("origin") == 1) {
        if (!m_access.originAllowed(head->value("origin"))) {
            refuse(403, "Origin not allowed\n");
            return false;
        }
        m_origin = head->value("origin");
    }
    const bool onPath = head->path() == "/jsonrpc";
    if (head->method == "GET" && head->hasToken("upgrade", "websocket")) {
        if (!onPath) {
            refuse(404, "Not found\n");
            return false;
        }
        // The head stays unread: QWebSocketServer reads the handshake itself.
        m_timer.stop();
        m_socket->disconnect(this);
        m_socket->setParent(nullptr);
        QTcpSocket *socket = m_socket;
        m_socket = nullptr;
        deleteLater();
        Q_EMIT webSocketRequested(socket);
        return false;
    }
    m_socket->skip(end + 4);
    m_headTimerArmed = false;
    m_keepAlive = head->version == "HTTP/1.1" ? !head->hasToken("connection", "close")
                                              : head->hasToken("connection", "keep-alive");
    if (head->count("transfer-encoding") > 0) {
        refuse(411, "Send the body with Content-Length; chunked bodies are not accepted\n");
        return false;
    }
    m_bodyLength = 0;
    if (head->count("content-length") == 1) {
        const QByteArray text = head->value("content-length");
        bool ok = !text.isEmpty() && text.size() <= 18;
        for (const char c : text)
            ok = ok && c >= '0' && c <= '9';
        if (!ok) {
            refuse(400, "Bad Content-Length\n");
            return false;
        }
        m_bodyLength = text.toLongLong();
        if (m_bodyLength > m_settings.maxRequestBytes) {
            refuse(413, "Request body too large\n");
            return false;
        }
    }
    // A body this connection will not read would be taken for the next request: close instead.
    if (m_bodyLength > 0 && !(onPath && head->method == "POST"))
        m_keepAlive = false;
    if (!onPath) {
        respond(404, "Not found\n");
        return m_state == State::Head;
    }
    if (head->method == "OPTIONS") {
        QByteArray fields;
        if (!m_origin.isEmpty()) {
            fields = "Access-Control-Allow-Methods: POST, OPTIONS\r\n"
                     "Access-Control-Allow-Headers: " + safeHeaderList(head->value("access-control-request-headers"))
                + "\r\nAccess-Control-Max-Age: 1728000\r\n";
        }
        respond(204, {}, {}, fields);
        return m_state == State::Head;
    }
    if (head->method != "POST") {
        respond(405, "POST or OPTIONS only\n", "text/plain; charset=utf-8", "Allow: POST, OPTIONS\r\n");
        return m_state == State::Head;
    }
    m_state = State::Body;
    arm(m_settings.idleTimeoutMs);
    return true;
}

void RpcHttpConnection::handleBody()
{
    const QByteArray body = m_socket->read(m_bodyLength);
    const JsonRpcDispatcher::Reply reply = m_dispatcher.dispatch(body);
    m_state = State::Head;
    if (!reply.unauthorized || m_settings.unauthorizedDelayMs <= 0) {
        respond(reply.httpStatus, reply.body, "application/json-rpc");
        return;
    }
    // aria2 holds a wrong token's answer back a second; reading stops meanwhile, so one
    // connection guesses at most once a second.
    m_state = State::Waiting;
    m_timer.stop();
    QTimer::singleShot(m_settings.unauthorizedDelayMs, this, [this, reply] {
        m_state = State::Head;
        respond(reply.httpStatus, reply.body, "application/json-rpc");
        process();
    });
}

void RpcHttpConnection::timedOut()
{
    if (m_state == State::Closing) {
        m_socket->abort();
        return;
    }
    if (m_state == State::Head && m_socket->bytesAvailable() == 0 && !m_headTimerArmed) {
        m_socket->disconnectFromHost();  // idle keep-alive connection: nothing to say
        return;
    }
    refuse(408, "Request timed out\n");
}

void RpcHttpConnection::respond(int status, const QByteArray &body, const QByteArray &type, const QByteArray &extraFields)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    if (status != 204) {
        out += "Content-Type: " + type + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    }
    if (!m_origin.isEmpty())
        out += "Access-Control-Allow-Origin: " + m_origin + "\r\nVary: Origin\r\n";
    out += extraFields;
    out += m_keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    if (status != 204)
        out += body;
    m_socket->write(out);
    // Out to the kernel now: Qt treats a client's half-close (all sent, waiting for the answer)
    // as the end of the connection and drops what is still buffered.
    m_socket->flush();
    if (!m_keepAlive) {
        startClosing();
        return;
    }
    m_headTimerArmed = false;
    arm(m_settings.idleTimeoutMs);
}

void RpcHttpConnection::refuse(int status, const QByteArray &text)
{
    m_keepAlive = false;
    respond(status, text);
}

void RpcHttpConnection::startClosing()
{
    m_state = State::Closing;
    m_socket->readAll();
    arm(kLingerMs);
    if (m_socket->bytesToWrite() == 0)
        halfClose();
}

void RpcHttpConnection::halfClose()
{
    // Closing outright with unread input makes the kernel send a reset, which can destroy the
    // answer before the client reads it; so only our side is shut, and input is read and
    // dropped until the client closes or the linger time is up.
    if (m_socket->socketDescriptor() >= 0)
        ::shutdown(static_cast<int>(m_socket->socketDescriptor()), SHUT_WR);
}
