#pragma once

#include <QList>
#include <QtGlobal>

// A half-open byte range [begin, end) of a file.
struct ByteRange {
    qint64 begin = 0;
    qint64 end = 0;
    qint64 size() const { return end - begin; }
    friend bool operator==(const ByteRange &, const ByteRange &) = default;
};

// Operations on a sorted list of disjoint, non-touching ranges: what a file holds. Plain
// functions, any thread.
namespace ByteRanges {

// Adds a range, merging what it touches or overlaps.
void insert(QList<ByteRange> &ranges, ByteRange added);
// Drops everything at or past size; true when the list changed.
bool clip(QList<ByteRange> &ranges, qint64 size);
qint64 total(const QList<ByteRange> &ranges);
// The parts of [0, size) not in ranges, in order.
QList<ByteRange> gaps(const QList<ByteRange> &ranges, qint64 size);
// The length of the run that starts at offset and is covered by ranges (0 when offset is not).
qint64 coveredFrom(const QList<ByteRange> &ranges, qint64 offset);

} // namespace ByteRanges
