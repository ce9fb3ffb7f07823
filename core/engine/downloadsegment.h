#pragma once

#include <QByteArray>
#include <QtGlobal>

class HttpAttempt;

// One connection of a Download: the HttpAttempt fetching a byte range and the bytes it read that
// are not yet handed to the file. Plain data owned by its transfer's SegmentList; GUI thread.
struct DownloadSegment {
    HttpAttempt *attempt = nullptr;  // null once its response ended
    qint64 next = 0;       // file offset of pending's first byte: everything before it is handed
    qint64 end = -1;       // stop reading before this offset; -1 = the body's own end (size unknown)
    qint64 askedEnd = -1;  // the end its request asked for; -1 = to the end of the file
    qint64 startedAt = 0;  // next when its attempt began: progress that resets the retry count
    QByteArray pending;
    bool extra = false;    // holds a connection taken from the ConnectionBudget

    qint64 readEnd() const { return next + pending.size(); }
    bool reachedEnd() const { return end >= 0 && readEnd() >= end; }
    // Reached an end that a split moved before the one its request asked for (total: the file's
    // size): reading on would take the next connection's bytes.
    bool readsPast(qint64 total) const
    {
        const bool asksBeyond = askedEnd < 0 ? end < total : askedEnd > end;
        return attempt && reachedEnd() && asksBeyond;
    }
};
