#pragma once

#include "engine/downloadsegment.h"
#include "engine/segmentplan.h"

#include <QList>

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

// The connections of one transfer: those at work, and ended ones whose bytes still wait for the
// file to open. Owns the segments; a segment's address stays valid until sweep() or clear()
// removes it. GUI thread; owned by a SegmentedTransfer.
class SegmentList final
{
public:
    using Segments = std::vector<std::unique_ptr<DownloadSegment>>;

    DownloadSegment *add()
    {
        m_segments.push_back(std::make_unique<DownloadSegment>());
        return m_segments.back().get();
    }
    // Forgets ended segments that hold no bytes.
    void sweep()
    {
        std::erase_if(m_segments, [](const auto &segment) { return !segment->attempt && segment->pending.isEmpty(); });
    }
    void clear() { m_segments.clear(); }

    // Ends segment's hold on a connection slot: the download's own slot passes to a connection
    // that borrowed one. True when a borrowed slot is left over, for the budget to take back.
    bool releaseSlot(DownloadSegment *segment)
    {
        if (!segment->extra) {
            for (const auto &other : m_segments) {
                if (other.get() != segment && other->attempt && other->extra) {
                    other->extra = false;
                    segment->extra = true;
                    break;
                }
            }
        }
        return std::exchange(segment->extra, false);
    }

    int liveCount() const
    {
        return int(std::count_if(m_segments.cbegin(), m_segments.cend(), [](const auto &s) { return s->attempt; }));
    }
    bool anyLiveBesides(const DownloadSegment *segment) const
    {
        return std::any_of(m_segments.cbegin(), m_segments.cend(),
                           [segment](const auto &other) { return other.get() != segment && other->attempt; });
    }
    bool anyPending() const
    {
        return std::any_of(m_segments.cbegin(), m_segments.cend(), [](const auto &s) { return !s->pending.isEmpty(); });
    }
    qint64 pendingTotal() const
    {
        qint64 total = 0;
        for (const auto &segment : m_segments)
            total += segment->pending.size();
        return total;
    }

    // What SegmentPlan needs to know of the segments with a known end, and those segments in
    // the same order. One that ended still owns the bytes it read and has not handed over yet.
    QList<SegmentPlan::Running> ranges(QList<DownloadSegment *> &owners) const
    {
        QList<SegmentPlan::Running> running;
        for (const auto &segment : m_segments) {
            if (segment->end < 0)
                continue;
            const qint64 end = segment->attempt ? segment->end : segment->readEnd();
            running.append(SegmentPlan::Running{segment->next, segment->readEnd(), end});
            owners.append(segment.get());
        }
        return running;
    }

    size_t size() const { return m_segments.size(); }
    DownloadSegment *at(size_t i) const { return m_segments[i].get(); }
    Segments::const_iterator begin() const { return m_segments.cbegin(); }
    Segments::const_iterator end() const { return m_segments.cend(); }

private:
    Segments m_segments;
};
