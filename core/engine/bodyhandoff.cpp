#include "engine/bodyhandoff.h"

#include "engine/downloadfile.h"
#include "engine/downloadsegment.h"
#include "net/httpattempt.h"

#include <algorithm>

namespace {

// The first offset a segment may not read: its end or the size limit, whichever comes first.
qint64 limitOf(const DownloadSegment &segment, qint64 stopAt)
{
    if (segment.end < 0)
        return stopAt;
    return stopAt < 0 ? segment.end : std::min(segment.end, stopAt);
}

} // namespace

void BodyHandoff::read(DownloadSegment &segment, qint64 stopAt, qint64 &allowance)
{
    const qint64 limit = limitOf(segment, stopAt);
    // Reserve no more than the body can still bring: a 100 KiB file must not pin a 512 KiB
    // buffer while it waits for the disk (the write budget counts bytes, not capacity).
    const qint64 remaining = limit >= 0 ? limit - segment.readEnd() : kWriteBatch;
    const qint64 reserve = std::clamp<qint64>(remaining, 0, kWriteBatch);
    while (segment.attempt && m_file->canAccept() && allowance > 0) {
        if (segment.pending.capacity() < reserve)
            segment.pending.reserve(reserve);
        qint64 room = std::min(kWriteBatch - segment.pending.size(), allowance);
        if (limit >= 0)
            room = std::min(room, limit - segment.readEnd());
        const qint64 moved = room > 0 ? segment.attempt->readInto(segment.pending, room) : 0;
        allowance -= moved;
        if (segment.pending.size() >= kWriteBatch || segment.reachedEnd())
            flush(segment);
        if (moved == 0)
            break;
    }
}

qint64 BodyHandoff::drain(DownloadSegment &segment, HttpAttempt &attempt, qint64 stopAt)
{
    // Whatever arrived before the end sits at proven offsets: keep it, up to the segment's end.
    const qint64 limit = limitOf(segment, stopAt);
    qint64 read = 0;
    for (;;) {
        qint64 room = kWriteBatch;
        if (limit >= 0)
            room = std::min(room, limit - segment.readEnd());
        const qint64 moved = room > 0 ? attempt.readInto(segment.pending, room) : 0;
        if (moved == 0)
            break;
        read += moved;
        if (segment.pending.size() >= kWriteBatch)
            flush(segment);
    }
    flush(segment);
    return read;
}

void BodyHandoff::flush(DownloadSegment &segment)
{
    if (segment.pending.isEmpty() || !m_file->isOpen())
        return;
    const qint64 size = segment.pending.size();
    if (m_file->write(segment.next, std::exchange(segment.pending, QByteArray()))) {
        ByteRanges::insert(m_handed, ByteRange{segment.next, segment.next + size});
        segment.next += size;
    }
}
