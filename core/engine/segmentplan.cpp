#include "engine/segmentplan.h"

namespace SegmentPlan {

std::optional<Choice> next(const QList<ByteRange> &have, const QList<Running> &running, qint64 total,
                           qint64 minSize)
{
    QList<ByteRange> owned = have;
    for (const Running &connection : running)
        ByteRanges::insert(owned, ByteRange{connection.begin, connection.end});
    const QList<ByteRange> free = ByteRanges::gaps(owned, total);
    if (!free.isEmpty())
        return Choice{free.first(), -1};

    int widest = -1;
    qint64 widestLeft = 0;
    for (int i = 0; i < running.size(); ++i) {
        const qint64 left = running.at(i).end - running.at(i).read;
        if (left > widestLeft) {
            widest = i;
            widestLeft = left;
        }
    }
    if (widest < 0 || widestLeft < 2 * std::max<qint64>(minSize, 1))
        return std::nullopt;
    const Running &donor = running.at(widest);
    qint64 middle = donor.read + widestLeft / 2;
    const qint64 aligned = middle - middle % kAlignment;
    if (aligned - donor.read >= minSize)
        middle = aligned;
    return Choice{ByteRange{middle, donor.end}, widest};
}

} // namespace SegmentPlan
