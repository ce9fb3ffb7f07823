#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

#include <functional>
#include <optional>

class QTcpSocket;

// HTTP/1.1 spoken by hand over a QTcpSocket, for tests of the JSON-RPC listener: builds
// requests, reads and strictly checks responses while the event loop runs. Test thread.
struct HttpAnswer {
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> fields = {};  // names lower-case
    QByteArray body = {};

    QByteArray field(const QByteArray &name) const;
    bool has(const QByteArray &name) const;
};

class RawHttp final
{
public:
    enum class Take { Incomplete, Answer, Malformed };

    // "POST /jsonrpc HTTP/1.1" with Host, Content-Length and the extra lines ("Name: value\r\n").
    static QByteArray post(const QByteArray &host, const QByteArray &body, const QByteArray &extra = {});
    static QByteArray request(const QByteArray &method, const QByteArray &path, const QByteArray &host,
                              const QByteArray &extra = {});
    // Takes one whole response off the front of buffer. A response without Content-Length
    // (only 1xx, 204 and 304 may have none) ends at the end of input when atEnd.
    static Take take(QByteArray *buffer, HttpAnswer *answer, bool atEnd = false);
    // Runs the event loop until done() (true) or timeoutMs (false). Unlike QTest::qWaitFor,
    // which sleeps 10 ms between looks, it wakes on every event, so thousands of loopback
    // exchanges take seconds; deferred deletes run as in a real event loop.
    static bool waitUntil(const std::function<bool()> &done, int timeoutMs = 5000);
    // Writes the request and runs the event loop until one response is in (or timeoutMs).
    static std::optional<HttpAnswer> exchange(QTcpSocket &socket, const QByteArray &request, int timeoutMs = 5000);
};
