#include "rawhttp.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTcpSocket>
#include <QTimer>

QByteArray HttpAnswer::field(const QByteArray &name) const
{
    for (const auto &f : fields) {
        if (f.first == name)
            return f.second;
    }
    return {};
}

bool HttpAnswer::has(const QByteArray &name) const
{
    for (const auto &f : fields) {
        if (f.first == name)
            return true;
    }
    return false;
}

QByteArray RawHttp::post(const QByteArray &host, const QByteArray &body, const QByteArray &extra)
{
    return "POST /jsonrpc HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\n" + extra + "\r\n" + body;
}

QByteArray RawHttp::request(const QByteArray &method, const QByteArray &path, const QByteArray &host,
                            const QByteArray &extra)
{
    return method + ' ' + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + extra + "\r\n";
}

RawHttp::Take RawHttp::take(QByteArray *buffer, HttpAnswer *answer, bool atEnd)
{
    const qsizetype end = buffer->indexOf("\r\n\r\n");
    if (end < 0)
        return atEnd && !buffer->isEmpty() ? Take::Malformed : Take::Incomplete;
    QList<QByteArray> lines = buffer->left(end + 2).split('\n');
    lines.removeLast();  // after the last line's LF
    HttpAnswer result;
    const QByteArray statusLine = lines.first();
    if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.size() < 13 || !statusLine.endsWith('\r'))
        return Take::Malformed;
    bool ok = false;
    result.status = statusLine.mid(9, 3).toInt(&ok);
    if (!ok || result.status < 100 || result.status > 599)
        return Take::Malformed;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (!line.endsWith('\r') || colon <= 0)
            return Take::Malformed;
        result.fields.append({line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
    }
    qsizetype bodyLength = 0;
    if (result.has("content-length")) {
        bodyLength = result.field("content-length").toLongLong(&ok);
        if (!ok || bodyLength < 0)
            return Take::Malformed;
    } else if (result.status >= 200 && result.status != 204 && result.status != 304) {
        if (!atEnd)
            return Take::Incomplete;
        bodyLength = buffer->size() - end - 4;
    }
    if (buffer->size() < end + 4 + bodyLength)
        return atEnd ? Take::Malformed : Take::Incomplete;
    result.body = buffer->mid(end + 4, bodyLength);
    buffer->remove(0, end + 4 + bodyLength);
    *answer = result;
    return Take::Answer;
}

bool RawHttp::waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    QTimer wake;  // so that waiting for more events ends at the deadline at the latest
    wake.setSingleShot(true);
    wake.start(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }
    return true;
}

std::optional<HttpAnswer> RawHttp::exchange(QTcpSocket &socket, const QByteArray &request, int timeoutMs)
{
    socket.write(request);
    QByteArray buffer;
    HttpAnswer answer;
    Take taken = Take::Incomplete;
    const bool done = waitUntil([&] {
        buffer += socket.readAll();
        taken = take(&buffer, &answer, socket.state() != QAbstractSocket::ConnectedState);
        return taken != Take::Incomplete || socket.state() != QAbstractSocket::ConnectedState;
    }, timeoutMs);
    if (taken != Take::Answer) {
        qWarning("no whole HTTP answer (%s, socket state %d): %s", taken == Take::Malformed ? "malformed" : "incomplete",
                 int(socket.state()), buffer.left(400).toPercentEncoding(" :/;,=-_.").constData());
    }
    if (!done || taken != Take::Answer)
        return std::nullopt;
    return answer;
}
