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
    // Its request asks for the byte after a body that announced no length (chunked or ended by a
    // close), to prove that body whole: a 416 confirms it, a 206 brings what was missing, anything
    // else leaves the body as it ended. Needed because Qt 6.4 calls a chunked body that the server
    // cut off between two chunks complete about half the time (a close seen after the socket ran
    // dry ends any body), and a body ended by a close says nothing of its length.
    bool provingEnd = false;

    qint64 readEnd() const { return next + pending.size(); }
    bool reachedEnd() const { return end >= 0 && readEnd() >= end; }
    // Prove once, and again after a proof that brought bytes (those may have ended early too).
    bool mayProveEnd() const { return readEnd() > 0 && (!provingEnd || readEnd() > startedAt); }
    // Reached its end while its connection would go on (total: the file's size): a split moved
    // the end before the one its request asked for, or the server answers a bounded range with
    // more than was asked (moreWaiting: bytes past the end are there). Reading on would take the
    // next connection's bytes, and waiting for the answer's end could wait for the whole file.
    bool readsPast(qint64 total, bool moreWaiting) const
    {
        const bool asksBeyond = askedEnd < 0 ? end < total : askedEnd > end;
        return attempt && reachedEnd() && (asksBeyond || (moreWaiting && end < total));
    }
};
