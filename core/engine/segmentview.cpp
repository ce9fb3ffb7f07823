#include "engine/segmentview.h"

#include <algorithm>
#include <array>
#include <vector>

namespace {

using Kind = SegmentView::Kind;
using Span = SegmentView::Span;

// Walks one sorted list of ranges alongside a sweep that only moves forward.
class Cursor final
{
public:
    explicit Cursor(const QList<ByteRange> &ranges) : m_ranges(ranges) {}
    int covering(qint64 at)
    {
        while (m_next < m_ranges.size() && m_ranges.at(m_next).end <= at)
            ++m_next;
        return m_next < m_ranges.size() && m_ranges.at(m_next).begin <= at ? int(m_next) : -1;
    }

private:
    const QList<ByteRange> &m_ranges;
    qsizetype m_next = 0;
};

void append(QList<Span> &spans, Span span)
{
    if (span.end <= span.begin)
        return;
    if (!spans.isEmpty() && spans.last().kind == span.kind && spans.last().connection == span.connection
        && spans.last().end == span.begin) {
        spans.last().end = span.end;
        return;
    }
    spans.append(span);
}

// Each cell [c * total / cells, (c + 1) * total / cells) takes the kind covering most of it; a
// connection's cell shows the connection covering most of it.
QList<Span> mergeToCells(const QList<Span> &spans, qint64 total, int cells, int connectionCount)
{
    QList<Span> merged;
    qsizetype next = 0;
    std::vector<qint64> perConnection(size_t(std::max(connectionCount, 0)), 0);
    for (int cell = 0; cell < cells; ++cell) {
        const qint64 begin = total * cell / cells;
        const qint64 end = total * (cell + 1) / cells;
        if (end <= begin)
            continue;
        std::array<qint64, 4> perKind{};
        std::fill(perConnection.begin(), perConnection.end(), 0);
        while (next < spans.size() && spans.at(next).end <= begin)
            ++next;
        for (qsizetype i = next; i < spans.size() && spans.at(i).begin < end; ++i) {
            const Span &span = spans.at(i);
            const qint64 covered = std::min(span.end, end) - std::max(span.begin, begin);
            perKind[size_t(span.kind)] += covered;
            if (span.kind == Kind::Fetching && span.connection >= 0 && size_t(span.connection) < perConnection.size())
                perConnection[size_t(span.connection)] += covered;
        }
        const auto kind = Kind(std::max_element(perKind.cbegin(), perKind.cend()) - perKind.cbegin());
        int connection = -1;
        if (kind == Kind::Fetching && !perConnection.empty())
            connection = int(std::max_element(perConnection.cbegin(), perConnection.cend()) - perConnection.cbegin());
        append(merged, Span{begin, end, kind, connection});
    }
    return merged;
}

} // namespace

SegmentView SegmentView::build(qint64 total, const QList<ByteRange> &durable, const QList<ByteRange> &written,
                               QList<Connection> connections, int cells)
{
    SegmentView view;
    if (total <= 0)
        return view;
    view.total = total;
    std::sort(connections.begin(), connections.end(),
              [](const Connection &a, const Connection &b) { return a.begin < b.begin; });
    QList<ByteRange> owned;
    for (Connection &c : connections) {
        c.end = std::min(c.end < 0 ? total : c.end, total);
        c.position = std::clamp(c.position, c.begin, c.end);
        owned.append(ByteRange{c.begin, c.end});
    }
    view.connections = connections;

    // Every boundary of every list, then one forward sweep: each piece between two boundaries
    // takes the strongest claim on it (a connection, then durable, then written).
    std::vector<qint64> points{0, total};
    const QList<ByteRange> &claimed = owned;
    for (const QList<ByteRange> *list : {&durable, &written, &claimed}) {
        for (const ByteRange &r : *list) {
            points.push_back(std::clamp(r.begin, qint64(0), total));
            points.push_back(std::clamp(r.end, qint64(0), total));
        }
    }
    std::sort(points.begin(), points.end());
    points.erase(std::unique(points.begin(), points.end()), points.end());
    Cursor onDisk(durable);
    Cursor handed(written);
    Cursor fetching(owned);
    QList<Span> spans;
    for (size_t i = 0; i + 1 < points.size(); ++i) {
        const qint64 at = points[i];
        Span span{at, points[i + 1], Kind::Missing, -1};
        if (const int c = fetching.covering(at); c >= 0) {
            span.kind = Kind::Fetching;
            span.connection = c;
        } else if (onDisk.covering(at) >= 0) {
            span.kind = Kind::Durable;
        } else if (handed.covering(at) >= 0) {
            span.kind = Kind::Written;
        }
        append(spans, span);
    }
    view.spans = cells > 0 && spans.size() > cells ? mergeToCells(spans, total, cells, int(connections.size()))
                                                   : spans;
    return view;
}

SegmentView SegmentView::complete(qint64 total)
{
    SegmentView view;
    if (total > 0) {
        view.total = total;
        view.spans.append(Span{0, total, Kind::Durable, -1});
    }
    return view;
}

qint64 SegmentView::bytesOf(Kind kind) const
{
    qint64 sum = 0;
    for (const Span &span : spans) {
        if (span.kind == kind)
            sum += span.end - span.begin;
    }
    return sum;
}
