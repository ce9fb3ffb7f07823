#pragma once

#include "base/byteranges.h"

#include <QList>
#include <QtGlobal>

// What a segment map draws of one download's file: which byte ranges are safely on disk, handed
// to the disk, being fetched (and by which connection, up to where) or missing. Merged to at most
// a given number of cells, so its size stays bounded however fragmented the file is. Plain data,
// built on the GUI thread from what the transfer and the file already hold.
struct SegmentView {
    enum class Kind { Missing, Written, Durable, Fetching };
    struct Span {
        qint64 begin = 0;
        qint64 end = 0;
        Kind kind = Kind::Missing;
        int connection = -1;  // Fetching: index into connections
        friend bool operator==(const Span &, const Span &) = default;
    };
    // A connection at work: it owns [begin, end) and has read up to position (the bytes before
    // it wait in memory for the disk).
    struct Connection {
        qint64 begin = 0;
        qint64 position = 0;
        qint64 end = 0;
        friend bool operator==(const Connection &, const Connection &) = default;
    };

    qint64 total = -1;         // -1: the size is not known, nothing to map
    QList<Span> spans;         // in order, covering [0, total) without gaps
    QList<Connection> connections;  // by begin

    // Builds the view. durable and written are sorted disjoint lists (written covers durable);
    // connections may come in any order and are sorted here. cells > 0 bounds spans.size().
    static SegmentView build(qint64 total, const QList<ByteRange> &durable, const QList<ByteRange> &written,
                             QList<Connection> connections, int cells);
    // Everything on disk: a completed file.
    static SegmentView complete(qint64 total);
    qint64 bytesOf(Kind kind) const;
};
