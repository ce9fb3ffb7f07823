#include "faultplan.h"

#include "faultbody.h"

namespace {

enum class RangeResult { None, Satisfiable, Unsatisfiable };

bool parseDigits(QByteArrayView text, qint64 *value)
{
    if (text.isEmpty() || text.size() > 18)
        return false;
    qint64 v = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *value = v;
    return true;
}

// A single "bytes=" range; anything else (multi-range, garbage, last < first) serves the full
// body, as RFC 9110 lets a server ignore a Range it does not like.
RangeResult parseRange(const QByteArray &value, qint64 total, qint64 *first, qint64 *last)
{
    const QByteArray v = value.trimmed();
    if (!v.startsWith("bytes=") || v.contains(','))
        return RangeResult::None;
    const QByteArrayView spec = QByteArrayView(v).sliced(6).trimmed();
    const qsizetype dash = spec.indexOf('-');
    if (dash < 0)
        return RangeResult::None;
    const QByteArrayView a = spec.first(dash).trimmed();
    const QByteArrayView b = spec.sliced(dash + 1).trimmed();
    qint64 x = 0;
    qint64 y = 0;
    if (a.isEmpty()) {
        if (!parseDigits(b, &y))
            return RangeResult::None;
        if (y == 0 || total == 0)
            return RangeResult::Unsatisfiable;
        *first = qMax<qint64>(0, total - y);
        *last = total - 1;
        return RangeResult::Satisfiable;
    }
    if (!parseDigits(a, &x))
        return RangeResult::None;
    if (b.isEmpty()) {
        y = total - 1;
    } else {
        if (!parseDigits(b, &y) || y < x)
            return RangeResult::None;
        y = qMin(y, total - 1);
    }
    if (x >= total)
        return RangeResult::Unsatisfiable;
    *first = x;
    *last = y;
    return RangeResult::Satisfiable;
}

// If-Range holds either an entity tag (strong comparison: a weak tag never matches) or a date
// (exact match with Last-Modified).
bool ifRangeMatches(const QByteArray &ifRange, const FaultResponse &response)
{
    const QByteArray v = ifRange.trimmed();
    if (v.startsWith('"') || v.startsWith("W/"))
        return !response.etag.isEmpty() && !v.startsWith("W/") && v == response.etag;
    return !response.lastModified.isEmpty() && v == response.lastModified;
}

bool requestWantsClose(const RecordedRequest &request)
{
    const QByteArray connection = request.header("connection").toLower();
    if (request.version == "HTTP/1.0")
        return !connection.contains("keep-alive");
    return connection.contains("close");
}

class HeadBuilder final
{
public:
    explicit HeadBuilder(const FaultResponse &response) : m_response(response) { }

    void add(const QByteArray &name, const QByteArray &value)
    {
        if (!overridden(name))
            m_lines += name + ": " + value + "\r\n";
    }
    bool overridden(QByteArrayView name) const
    {
        for (const auto &h : m_response.headers) {
            if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    }
    QByteArray finish(int status) const
    {
        const QByteArray reason = m_response.reason.isEmpty() ? FaultBody::reasonPhrase(status)
                                                              : m_response.reason;
        QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n" + m_lines;
        for (const auto &h : m_response.headers)
            head += h.first + ": " + h.second + "\r\n";
        return head + "\r\n";
    }

private:
    const FaultResponse &m_response;
    QByteArray m_lines;
};

} // namespace

FaultPlan FaultPlan::make(const FaultResponse &response, const RecordedRequest &request)
{
    FaultPlan plan;
    plan.silent = response.neverRespond;
    plan.status = response.status;
    plan.generated = response.bodySize >= 0 || response.streamForever;
    plan.seed = response.seed;
    plan.staticBody = plan.generated ? QByteArray() : response.body;
    plan.chunked = response.chunked;
    plan.delayBeforeHeadersMs = response.delayBeforeHeadersMs;
    plan.chunkSize = qMax(1, response.chunkSize);
    plan.chunkDelayMs = response.chunkDelayMs;
    plan.sendBufferBytes = response.sendBufferBytes;
    plan.bytesPerSecond = response.bytesPerSecond;

    if (response.endlessHeaders) {
        plan.head = "HTTP/1.1 200 OK\r\n";
        plan.headerLines = true;
        plan.generated = false;
        plan.bodyLength = -1;
        plan.chunked = false;
        plan.closeAfter = true;
        return plan;
    }

    const qint64 total = response.streamForever ? -1
                         : response.bodySize >= 0 ? response.bodySize
                                                  : response.body.size();
    plan.bodyLength = total;

    HeadBuilder head(response);
    QByteArray contentRange;
    const bool rangeApplies = response.status == 200 && !response.streamForever
            && request.hasHeader("range")
            && (!request.hasHeader("if-range") || ifRangeMatches(request.header("if-range"), response));
    if (rangeApplies && response.range != RangeMode::Ignore) {
        qint64 first = 0;
        qint64 last = 0;
        const RangeResult r = parseRange(request.header("range"), total, &first, &last);
        if (r == RangeResult::Unsatisfiable && response.range == RangeMode::Honour) {
            plan.status = 416;
            plan.bodyLength = 0;
            contentRange = "bytes */" + QByteArray::number(total);
        } else if (r == RangeResult::Satisfiable) {
            if (response.range == RangeMode::ToTheEnd)
                last = total - 1;
            qint64 length = last - first + 1;
            if (response.range == RangeMode::WrongRange) {
                first = first > 0 ? 0 : qMin<qint64>(1, total - 1);
                length = qMin(length, total - first);
            }
            plan.status = 206;
            plan.bodyOffset = first;
            plan.bodyLength = length;
            if (response.range != RangeMode::NoContentRange) {
                contentRange = "bytes " + QByteArray::number(first) + '-'
                        + QByteArray::number(first + length - 1) + '/' + QByteArray::number(total);
            }
        }
    }

    const bool endless = plan.bodyLength < 0;
    const bool lengthFramed = !plan.chunked && !endless && response.sendContentLength;
    qint64 stopAt = -1;
    if (response.truncateAfter >= 0 && (endless || response.truncateAfter < plan.bodyLength)) {
        stopAt = response.truncateAfter;
        plan.stop = Stop::Fin;
    }
    if (response.resetAfter >= 0 && (endless || response.resetAfter < plan.bodyLength)
        && (stopAt < 0 || response.resetAfter <= stopAt)) {
        stopAt = response.resetAfter;
        plan.stop = Stop::Reset;
    }
    plan.stopAfter = stopAt;

    plan.closeAfter = response.closeConnection || requestWantsClose(request) || plan.stop != Stop::None
            || (!plan.chunked && !lengthFramed) || head.overridden("content-length")
            || head.overridden("transfer-encoding");

    head.add("Server", "FaultServer");
    if (lengthFramed)
        head.add("Content-Length", QByteArray::number(plan.bodyLength));
    if (plan.chunked)
        head.add("Transfer-Encoding", "chunked");
    if (!contentRange.isEmpty())
        head.add("Content-Range", contentRange);
    if (response.status == 200 && (response.range == RangeMode::Honour || response.range == RangeMode::ToTheEnd) && response.sendAcceptRanges
        && !response.streamForever)
        head.add("Accept-Ranges", "bytes");
    if (!response.etag.isEmpty())
        head.add("ETag", response.etag);
    if (!response.lastModified.isEmpty())
        head.add("Last-Modified", response.lastModified);
    if (!response.retryAfter.isEmpty())
        head.add("Retry-After", response.retryAfter);
    if (!response.location.isEmpty())
        head.add("Location", response.location);
    if (plan.closeAfter)
        head.add("Connection", "close");
    plan.head = head.finish(plan.status);

    if (request.method == "HEAD") {
        plan.bodyLength = 0;
        plan.stop = Stop::None;
        plan.stopAfter = -1;
    }
    return plan;
}

qint64 FaultPlan::bytesToSend() const
{
    if (stopAfter >= 0)
        return stopAfter;
    return bodyLength;
}

QByteArray FaultPlan::bodySlice(qint64 pos, qint64 length) const
{
    if (headerLines) {
        static const QByteArray line = "X-Flood: " + QByteArray(53, 'f') + "\r\n"; // 64 bytes
        QByteArray slice;
        slice.reserve(length);
        for (qint64 at = pos; at < pos + length;) {
            const qint64 from = at % line.size();
            const qint64 take = qMin<qint64>(line.size() - from, pos + length - at);
            slice.append(line.constData() + from, take);
            at += take;
        }
        return slice;
    }
    if (generated)
        return FaultBody::generate(bodyOffset + pos, length, seed);
    return staticBody.mid(bodyOffset + pos, length);
}
