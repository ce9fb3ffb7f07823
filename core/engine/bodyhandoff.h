#pragma once

#include "base/byteranges.h"

#include <QList>

class DownloadFile;
class HttpAttempt;
struct DownloadSegment;

// Moves body bytes from a connection to the file: in batches, at the offsets they belong to,
// never past the segment's end, and only while the file takes more; remembers which ranges it
// handed over. Owned by a SegmentedTransfer; GUI thread.
class BodyHandoff final
{
public:
    // Bytes go to the disk pool in batches this large: big enough that one pool job moves real
    // work, small enough that memory stays flat.
    static constexpr qint64 kWriteBatch = 512 * 1024;

    explicit BodyHandoff(DownloadFile *file) : m_file(file) {}

    // Reads what the segment's connection has, while the file accepts more and at most
    // allowance bytes (the speed limits' grant, reduced by what was read); never at or past
    // stopAt (the size limit; -1 = none), so nothing beyond it reaches the file.
    void read(DownloadSegment &segment, qint64 stopAt, qint64 &allowance);
    // Everything attempt still holds, up to the segment's end and stopAt, then hands it over.
    // Returns how many bytes it read.
    qint64 drain(DownloadSegment &segment, HttpAttempt &attempt, qint64 stopAt);
    // Hands the segment's pending bytes to the file (once it is open).
    void flush(DownloadSegment &segment);

    const QList<ByteRange> &handed() const { return m_handed; }
    qint64 handedTotal() const { return ByteRanges::total(m_handed); }
    void setHanded(QList<ByteRange> ranges) { m_handed = std::move(ranges); }

private:
    DownloadFile *m_file;
    QList<ByteRange> m_handed;
};
