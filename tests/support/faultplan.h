#pragma once

// FaultPlan: the exact bytes and pacing FaultServer sends for one request, decided up front
// from a FaultResponse and the request (plain data, built and used in the server thread).

#include "faultrequest.h"
#include "faultresponse.h"

#include <QByteArray>

struct FaultPlan {
    enum class Stop { None, Fin, Reset };

    int status = 200;
    QByteArray head; // status line, headers and the blank line
    bool silent = false;

    bool generated = false;
    quint32 seed = 0;
    QByteArray staticBody;
    qint64 bodyOffset = 0;  // offset in the full body of the first byte sent
    qint64 bodyLength = 0;  // bytes to send; -1 = endless
    qint64 stopAfter = -1;  // body bytes sent before stopping early
    Stop stop = Stop::None;

    bool chunked = false;
    bool headerLines = false; // the "body" is header lines: a head that never ends
    bool closeAfter = false;
    int delayBeforeHeadersMs = 0;
    int chunkSize = 64 * 1024;
    int chunkDelayMs = 0;
    int sendBufferBytes = 0;
    qint64 bytesPerSecond = 0;

    static FaultPlan make(const FaultResponse &response, const RecordedRequest &request);

    // Body bytes to send in total (the early stop included); -1 = endless.
    qint64 bytesToSend() const;
    // Bytes [pos, pos + length) of the body as sent, pos counted from the first byte sent.
    QByteArray bodySlice(qint64 pos, qint64 length) const;
};
