#pragma once

// FaultResponse: one scripted HTTP answer of the loopback FaultServer (plain data, any thread).

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QtGlobal>

// How a response treats a request that carries a Range header.
enum class RangeMode {
    Honour,         // 206 with the requested slice and Content-Range; 416 past the end
    Ignore,         // 200 with the full body
    WrongRange,     // 206 whose Content-Range (and bytes) start at another offset
    NoContentRange, // 206 with the requested slice but no Content-Range header
    ToTheEnd,       // 206 from the requested start to the end of the file, whatever end was asked
};

struct FaultResponse {
    int status = 200;
    QByteArray reason; // empty: the standard phrase for status
    // Extra raw header lines, sent in order, duplicates and invalid values allowed. A name given
    // here replaces the header the server would add itself (Content-Length, Content-Range,
    // Transfer-Encoding, Connection, ETag, ...); overriding the framing closes the connection
    // after the response.
    QList<QPair<QByteArray, QByteArray>> headers;

    QByteArray body;
    qint64 bodySize = -1; // >= 0: FaultServer::generatedBody(bodySize, seed) instead of body
    quint32 seed = 0;

    bool sendContentLength = true;
    bool chunked = false;
    bool closeConnection = false; // send Connection: close and close after the response

    int delayBeforeHeadersMs = 0;
    int chunkSize = 64 * 1024;   // body bytes per write (and per chunk when chunked)
    int chunkDelayMs = 0;        // pause between two writes
    // The socket's kernel send buffer (SO_SNDBUF), fixed; 0 = the kernel's autotuning, which on
    // loopback lets megabytes count as "sent" long before the client reads them. Tests that
    // judge a client's pace from the server's side fix it small.
    int sendBufferBytes = 0;
    qint64 bytesPerSecond = 0;   // throttle; 0 = unlimited

    qint64 truncateAfter = -1; // close cleanly (FIN) after this many body bytes
    qint64 resetAfter = -1;    // RST after this many body bytes have reached the peer
    bool streamForever = false; // endless generated body, no Content-Length
    bool neverRespond = false;  // read the request, then stay silent
    bool endlessHeaders = false; // a status line, then header lines without end (paced like a body)

    RangeMode range = RangeMode::Honour; // applies to 200 responses when the request has Range
    bool sendAcceptRanges = true;        // Accept-Ranges: bytes, with RangeMode::Honour and ToTheEnd only

    QByteArray etag;         // sent as ETag when non-empty; If-Range is checked against it
    QByteArray lastModified; // sent as Last-Modified when non-empty; If-Range dates match it
    QByteArray retryAfter;   // sent as Retry-After when non-empty
    QByteArray location;     // sent as Location when non-empty

    // Convenience for the common cases.
    static FaultResponse ok(const QByteArray &body)
    {
        FaultResponse r;
        r.body = body;
        return r;
    }
    static FaultResponse generated(qint64 size, quint32 seed = 0)
    {
        FaultResponse r;
        r.bodySize = size;
        r.seed = seed;
        return r;
    }
    static FaultResponse withStatus(int status)
    {
        FaultResponse r;
        r.status = status;
        return r;
    }
    static FaultResponse redirect(int status, const QByteArray &location)
    {
        FaultResponse r;
        r.status = status;
        r.location = location;
        return r;
    }
};
