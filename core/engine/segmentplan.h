#pragma once

#include "base/byteranges.h"

#include <QList>
#include <optional>

// Decides which byte range the next connection of a segmented download fetches. Plain functions,
// any thread.
namespace SegmentPlan {

// A connection at work: it owes [begin, end) and has read up to read (begin <= read <= end).
struct Running {
    qint64 begin = 0;
    qint64 read = 0;
    qint64 end = 0;
};

struct Choice {
    ByteRange range;     // what the new connection fetches
    int shortened = -1;  // index of the running connection that now ends at range.begin, or -1
};

// Split points land on this boundary, so ranges meet on whole pages.
constexpr qint64 kAlignment = 64 * 1024;

// The first part of [0, total) that nobody has or fetches; otherwise the back half of the running
// connection with the most left to read, when both halves keep at least minSize. Nothing when
// neither exists.
std::optional<Choice> next(const QList<ByteRange> &have, const QList<Running> &running, qint64 total,
                           qint64 minSize);

} // namespace SegmentPlan
