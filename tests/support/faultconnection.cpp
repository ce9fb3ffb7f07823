#include "faultconnection.h"

#include "faultstate.h"

#include <QSslSocket>
#include <QTcpSocket>

#ifdef Q_OS_UNIX
#include <sys/ioctl.h>
#include <sys/socket.h>
#endif

namespace {

constexpr qsizetype MaxHeadSize = 1024 * 1024;
constexpr qint64 MaxRequestBody = 16 * 1024 * 1024;
// Waiting longer than this for the peer to take the bytes before a reset means it stopped reading.
constexpr qint64 ResetDrainLimitMs = 5000;

} // namespace

FaultConnection::FaultConnection(QTcpSocket *socket, FaultState *state, QObject *parent)
    : QObject(parent), m_socket(socket), m_state(state), m_id(state->newConnection())
{
    m_socket->setParent(this);
    m_timer.setSingleShot(true);
    // A coarse timer may fire 5% early, and tests assert on the delays.
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &FaultConnection::onTimer);
    connect(m_socket, &QTcpSocket::readyRead, this, &FaultConnection::readRequests);
    connect(m_socket, &QTcpSocket::disconnected, this, &FaultConnection::onDisconnected);
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_phase == Phase::Body)
            pump();
        else if (m_phase == Phase::Flushing && pendingBytes() == 0)
            responseFlushed();
        else if (m_phase == Phase::ResetWait)
            tryReset();
    });
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket)) {
        connect(ssl, &QSslSocket::encryptedBytesWritten, this, [this] {
            if (m_phase == Phase::Flushing && pendingBytes() == 0)
                responseFlushed();
            else if (m_phase == Phase::ResetWait)
                tryReset();
        });
    }
}

FaultConnection::~FaultConnection()
{
    finishRecord();
}

void FaultConnection::readRequests()
{
    if (m_phase == Phase::Closed)
        return;
    m_buffer += m_socket->readAll();
    while (m_phase == Phase::Idle) {
        const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
        RecordedRequest request;
        if (headEnd < 0 && m_buffer.size() <= MaxHeadSize)
            return;
        if (headEnd < 0 || !parseHead(headEnd, &request)) {
            m_phase = Phase::Closed;
            m_socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            m_socket->disconnectFromHost();
            return;
        }
        bool ok = false;
        const qint64 bodyLength = qBound(qint64(0), request.header("content-length").trimmed().toLongLong(&ok),
                                                 MaxRequestBody);
        const qsizetype total = headEnd + 4 + (ok ? bodyLength : 0);
        if (m_buffer.size() < total)
            return;
        request.body = m_buffer.mid(headEnd + 4, total - headEnd - 4);
        m_buffer.remove(0, total);
        request.connection = m_id;

        FaultResponse response;
        m_serial = m_state->beginRequest(request, &response);
        m_plan = FaultPlan::make(response, request);
        m_sent = 0;
        if (m_plan.silent) {
            m_phase = Phase::Silent;
        } else if (m_plan.delayBeforeHeadersMs > 0) {
            m_phase = Phase::HeadDelay;
            m_timer.start(m_plan.delayBeforeHeadersMs);
        } else {
            sendHead();
        }
    }
}

bool FaultConnection::parseHead(qsizetype headEnd, RecordedRequest *request) const
{
    const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3)
        return false;
    request->method = requestLine.at(0);
    request->target = requestLine.at(1);
    request->version = requestLine.at(2);
    const qsizetype cut = request->target.indexOf('?');
    request->path = cut < 0 ? request->target : request->target.left(cut);
    if (const qsizetype hash = request->path.indexOf('#'); hash >= 0)
        request->path.truncate(hash);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return false;
        request->headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    return true;
}

void FaultConnection::sendHead()
{
    if (m_plan.sendBufferBytes > 0)
        m_socket->setSocketOption(QAbstractSocket::SendBufferSizeSocketOption, m_plan.sendBufferBytes);
    m_socket->write(m_plan.head);
    m_state->noteProgress(m_serial, m_plan.status, 0);
    m_phase = Phase::Body;
    m_bodyClock.start();
    pump();
}

void FaultConnection::pump()
{
    if (m_phase != Phase::Body)
        return;
    const qint64 target = m_plan.bytesToSend();
    // Keep Qt's write buffer short so that huge bodies are generated as the peer takes them.
    const qint64 highWater = qMax<qint64>(256 * 1024, 2 * qint64(m_plan.chunkSize));
    for (;;) {
        if (target >= 0 && m_sent >= target) {
            bodyDone();
            return;
        }
        if (m_timer.isActive() || pendingBytes() >= highWater)
            return;
        qint64 n = m_plan.chunkSize;
        if (target >= 0)
            n = qMin(n, target - m_sent);
        if (m_plan.bytesPerSecond > 0) {
            const qint64 bps = m_plan.bytesPerSecond;
            const qint64 elapsed = m_bodyClock.elapsed();
            const qint64 allowed = bps * elapsed / 1000 - m_sent;
            const qint64 quantum = qBound(qint64(1), bps / 20, n);
            if (allowed < quantum) {
                const qint64 due = ((m_sent + quantum) * 1000 + bps - 1) / bps;
                m_timer.start(int(qBound(qint64(1), due - elapsed, qint64(60 * 1000))));
                return;
            }
            n = qMin(n, allowed);
        }
        writeBody(n);
        if (m_plan.chunkDelayMs > 0 && (target < 0 || m_sent < target)) {
            m_timer.start(m_plan.chunkDelayMs);
            return;
        }
    }
}

void FaultConnection::writeBody(qint64 length)
{
    const QByteArray data = m_plan.bodySlice(m_sent, length);
    if (m_plan.chunked)
        m_socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
    else
        m_socket->write(data);
    m_sent += data.size();
    m_state->noteProgress(m_serial, m_plan.status, m_sent);
}

void FaultConnection::bodyDone()
{
    switch (m_plan.stop) {
    case FaultPlan::Stop::Fin:
        // The record finishes when the socket reports the close.
        m_phase = Phase::Closed;
        m_socket->disconnectFromHost();
        return;
    case FaultPlan::Stop::Reset:
        m_phase = Phase::ResetWait;
        m_resetClock.start();
        tryReset();
        return;
    case FaultPlan::Stop::None:
        break;
    }
    if (m_plan.chunked)
        m_socket->write("0\r\n\r\n");
    m_phase = Phase::Flushing;
    if (pendingBytes() == 0)
        responseFlushed();
}

void FaultConnection::responseFlushed()
{
    finishRecord();
    if (m_plan.closeAfter) {
        m_phase = Phase::Closed;
        m_socket->disconnectFromHost();
        return;
    }
    m_phase = Phase::Idle;
    readRequests();
}

// An RST discards whatever the kernel has not sent yet, so first wait until the peer has the
// body bytes; otherwise "reset after N bytes" would deliver fewer than N.
void FaultConnection::tryReset()
{
    if (m_phase != Phase::ResetWait || pendingBytes() > 0)
        return;
#ifdef Q_OS_UNIX
    const int fd = int(m_socket->socketDescriptor());
    int unsent = 0;
    if (::ioctl(fd, TIOCOUTQ, &unsent) == 0 && unsent > 0 && m_resetClock.elapsed() < ResetDrainLimitMs) {
        m_timer.start(2);
        return;
    }
    const struct linger hard{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
#endif
    m_phase = Phase::Closed;
    finishRecord();
    m_socket->abort();
}

void FaultConnection::finishRecord()
{
    if (m_serial < 0)
        return;
    m_state->finishRequest(m_serial);
    m_serial = -1;
}

void FaultConnection::onTimer()
{
    switch (m_phase) {
    case Phase::HeadDelay:
        sendHead();
        break;
    case Phase::Body:
        pump();
        break;
    case Phase::ResetWait:
        tryReset();
        break;
    case Phase::Idle:
    case Phase::Flushing:
    case Phase::Silent:
    case Phase::Closed:
        break;
    }
}

void FaultConnection::onDisconnected()
{
    m_timer.stop();
    m_phase = Phase::Closed;
    finishRecord();
    deleteLater();
}

qint64 FaultConnection::pendingBytes() const
{
    qint64 pending = m_socket->bytesToWrite();
    if (const auto *ssl = qobject_cast<const QSslSocket *>(m_socket))
        pending += ssl->encryptedBytesToWrite();
    return pending;
}
