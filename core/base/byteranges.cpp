#include "base/byteranges.h"

#include <algorithm>

namespace ByteRanges {

void insert(QList<ByteRange> &ranges, ByteRange added)
{
    if (added.begin >= added.end)
        return;
    // Appending in order is the common case (one connection writing forward).
    if (ranges.isEmpty() || ranges.last().end < added.begin) {
        ranges.append(added);
        return;
    }
    if (ranges.last().end == added.begin && ranges.last().begin <= added.begin) {
        ranges.last().end = std::max(ranges.last().end, added.end);
        return;
    }
    QList<ByteRange> merged;
    merged.reserve(ranges.size() + 1);
    bool placed = false;
    for (const ByteRange &range : std::as_const(ranges)) {
        if (range.end < added.begin) {
            merged.append(range);
        } else if (added.end < range.begin) {
            if (!placed)
                merged.append(added);
            placed = true;
            merged.append(range);
        } else {
            added.begin = std::min(added.begin, range.begin);
            added.end = std::max(added.end, range.end);
        }
    }
    if (!placed)
        merged.append(added);
    ranges = std::move(merged);
}

bool clip(QList<ByteRange> &ranges, qint64 size)
{
    const QList<ByteRange> before = ranges;
    ranges.removeIf([size](const ByteRange &range) { return range.begin >= size; });
    if (!ranges.isEmpty())
        ranges.last().end = std::min(ranges.last().end, size);
    return ranges != before;
}

qint64 total(const QList<ByteRange> &ranges)
{
    qint64 sum = 0;
    for (const ByteRange &range : ranges)
        sum += range.size();
    return sum;
}

QList<ByteRange> gaps(const QList<ByteRange> &ranges, qint64 size)
{
    QList<ByteRange> result;
    qint64 at = 0;
    for (const ByteRange &range : ranges) {
        if (range.begin >= size)
            break;
        if (range.begin > at)
            result.append(ByteRange{at, range.begin});
        at = std::max(at, range.end);
    }
    if (at < size)
        result.append(ByteRange{at, size});
    return result;
}

qint64 coveredFrom(const QList<ByteRange> &ranges, qint64 offset)
{
    for (const ByteRange &range : ranges) {
        if (range.begin <= offset && offset < range.end)
            return range.end - offset;
    }
    return 0;
}

} // namespace ByteRanges
