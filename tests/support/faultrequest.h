#pragma once

// RecordedRequest: what FaultServer saw of one HTTP request and when (plain data, any thread).

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QtGlobal>

struct RecordedRequest {
    QByteArray method;
    QByteArray target;  // as on the request line, query included
    QByteArray path;    // target without query or fragment, still percent-encoded
    QByteArray version; // "HTTP/1.1"
    QList<QPair<QByteArray, QByteArray>> headers; // names and values as received, in order
    QByteArray body;    // request body (Content-Length framed only)
    int connection = 0; // serial number of the TCP connection that carried it (1, 2, ...)
    qint64 startedMs = -1;  // ms since server start: request head received
    qint64 finishedMs = -1; // ms since server start: response fully sent or connection closed; -1 while in flight
    int status = 0;         // status actually sent; 0 if nothing was sent
    qint64 bodyBytesSent = 0; // body bytes handed to the socket (framing excluded)

    // The first value of a header, compared case-insensitively; empty when absent.
    QByteArray header(QByteArrayView lowercaseName) const
    {
        for (const auto &h : headers) {
            if (QByteArrayView(h.first).compare(lowercaseName, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
    bool hasHeader(QByteArrayView lowercaseName) const
    {
        for (const auto &h : headers) {
            if (QByteArrayView(h.first).compare(lowercaseName, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    }
    // The first byte a "Range: bytes=N-..." asked for; -1 without a Range header.
    qint64 rangeStart() const
    {
        const QByteArray range = header("range");
        if (!range.startsWith("bytes="))
            return -1;
        return range.mid(6, range.indexOf('-') - 6).toLongLong();
    }
};
