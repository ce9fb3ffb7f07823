// Download's connections: each segment's request, reading every body into its own byte range,
// handing bytes to the writer, spreading the file over more connections, and what an ended or
// failed connection means for the whole download. GUI thread.
#include "download.h"

#include "connectionbudget.h"
#include "downloadsegment.h"
#include "httpattempt.h"
#include "httprules.h"
#include "humanformat.h"
#include "segmentplan.h"

namespace {

// Body bytes are handed to the disk pool in batches this large: big enough that one pool job
// moves real work, small enough that memory stays flat.
constexpr qint64 kWriteBatch = 512 * 1024;
// An attempt that delivered at least this much made progress: its failure does not use up a retry.
constexpr qint64 kProgressResetsRetries = 64 * 1024;

} // namespace

int Download::connectionCount() const
{
    return int(std::count_if(m_segments.cbegin(), m_segments.cend(), [](const auto &segment) { return segment->attempt; }));
}

bool Download::hasLiveSegments() const
{
    return std::any_of(m_segments.cbegin(), m_segments.cend(), [](const auto &segment) { return segment->attempt; });
}

void Download::sweepSegments()
{
    std::erase_if(m_segments, [](const auto &segment) { return !segment->attempt && segment->pending.isEmpty(); });
}

DownloadSegment *Download::startSegment(qint64 begin, qint64 end, bool extra)
{
    auto owned = std::make_unique<DownloadSegment>();
    DownloadSegment *segment = owned.get();
    segment->next = begin;
    segment->end = end;
    // A range that runs to the end of the file is asked for open-ended, like a plain resume.
    segment->askedEnd = (end < 0 || end == m_total) ? -1 : end;
    segment->extra = extra;
    m_segments.push_back(std::move(owned));
    startSegmentAttempt(segment);
    return segment;
}

void Download::startSegmentAttempt(DownloadSegment *segment)
{
    HttpAttempt::Request request;
    request.url = m_entry.url;
    request.headers = m_entry.headers;
    request.offset = segment->readEnd();
    request.rangeEnd = segment->askedEnd;
    if (request.offset > 0 || request.rangeEnd > 0) {
        request.ifRange = HttpRules::isStrongEtag(m_etag) ? m_etag : m_lastModified;
        request.expectedTotal = m_total;
        request.expectedEtag = m_etag;
    }
    segment->startedAt = segment->readEnd();
    auto *attempt = new HttpAttempt(m_context.network, *m_context.settings, request, this);
    segment->attempt = attempt;
    connect(attempt, &HttpAttempt::responseAccepted, this, [this, segment](const ResponseInfo &info) {
        const SegmentUse use(this);
        onResponse(segment, info);
    });
    connect(attempt, &HttpAttempt::bodyAvailable, this, &Download::pump);
    connect(attempt, &HttpAttempt::finished, this, [this, segment](const AttemptResult &result) {
        const SegmentUse use(this);
        onSegmentFinished(segment, result);
    });
    connect(attempt, &HttpAttempt::redirected, this, [this](const QUrl &to) {
        m_finalUrl = to;
        touch();
    });
    attempt->start();
}

void Download::pump()
{
    if (!m_writer || !m_writer->isOpen())
        return;
    // While in use no segment is erased, so indexes stay valid; one started during the loop is
    // appended and read on its own bodyAvailable(). No list is built per chunk.
    const SegmentUse use(this);
    bool ended = false;
    const size_t count = m_segments.size();
    for (size_t i = 0; i < count; ++i) {
        DownloadSegment *segment = m_segments[i].get();
        // A read may end this connection (or, through it, every other one): check it still runs.
        if (segment->attempt && readSegment(segment)) {
            // Its range was split while it ran: the rest belongs to another connection.
            dropSegment(segment, true);
            ended = true;
        }
    }
    const qint64 limit = m_context.settings->maxSize;
    if (limit > 0 && receivedTotal() > limit && hasLiveSegments()) {
        abortTransfer(DownloadError::make(
            ErrorKind::TooLarge, QStringLiteral("Stopped at the size limit of %1").arg(HumanFormat::bytes(limit))));
        return;
    }
    if (ended)
        settle();
}

bool Download::readSegment(DownloadSegment *segment)
{
    // Reserve no more than the body can still bring: a 100 KiB file must not pin a 512 KiB
    // buffer while it waits for the disk (the write budget counts bytes, not capacity).
    const qint64 remaining = segment->end >= 0 ? segment->end - segment->readEnd() : kWriteBatch;
    const qint64 reserve = std::clamp<qint64>(remaining, 0, kWriteBatch);
    while (segment->attempt && m_writer->canAccept()) {
        if (segment->pending.capacity() < reserve)
            segment->pending.reserve(reserve);
        qint64 room = kWriteBatch - segment->pending.size();
        if (segment->end >= 0)
            room = std::min(room, segment->end - segment->readEnd());
        const qint64 moved = room > 0 ? segment->attempt->readInto(segment->pending, room) : 0;
        if (segment->pending.size() >= kWriteBatch || segment->reachedEnd())
            flushSegment(segment);
        if (moved == 0)
            break;
    }
    // A connection whose range was shortened by a split would go on into the next one's bytes.
    const bool asksBeyond = segment->askedEnd < 0 ? segment->end < m_total : segment->askedEnd > segment->end;
    return segment->attempt && segment->reachedEnd() && asksBeyond;
}

void Download::drainSegment(DownloadSegment *segment, HttpAttempt *attempt)
{
    // Whatever arrived before the end sits at proven offsets: keep it, up to the segment's end.
    for (;;) {
        qint64 room = kWriteBatch;
        if (segment->end >= 0)
            room = std::min(room, segment->end - segment->readEnd());
        if (room <= 0 || attempt->readInto(segment->pending, room) == 0)
            break;
        if (segment->pending.size() >= kWriteBatch)
            flushSegment(segment);
    }
    flushSegment(segment);
}

void Download::flushSegment(DownloadSegment *segment)
{
    if (segment->pending.isEmpty() || !m_writer || !m_writer->isOpen())
        return;
    const qint64 size = segment->pending.size();
    if (m_writer->write(segment->next, std::exchange(segment->pending, QByteArray()))) {
        ByteRanges::insert(m_handed, ByteRange{segment->next, segment->next + size});
        segment->next += size;
    }
}

void Download::flushPending()
{
    for (const auto &segment : m_segments)
        flushSegment(segment.get());
}

void Download::noteProgress(const DownloadSegment *segment)
{
    if (segment->readEnd() - segment->startedAt >= kProgressResetsRetries)
        m_retriesUsed = 0;
}

void Download::releaseConnection(DownloadSegment *segment)
{
    if (!segment->extra) {
        // The download's own slot passes to a connection that borrowed one, which goes back.
        for (const auto &other : m_segments) {
            if (other.get() != segment && other->attempt && other->extra) {
                other->extra = false;
                segment->extra = true;
                break;
            }
        }
    }
    if (segment->extra) {
        segment->extra = false;
        if (m_context.connections)
            m_context.connections->give(m_origin);
    }
}

void Download::dropSegment(DownloadSegment *segment, bool keepBytes)
{
    if (HttpAttempt *attempt = std::exchange(segment->attempt, nullptr)) {
        attempt->disconnect(this);
        if (keepBytes)
            drainSegment(segment, attempt);
        noteProgress(segment);
        attempt->abort();
        attempt->deleteLater();
    }
    if (keepBytes)
        flushSegment(segment);
    else
        segment->pending.clear();
    releaseConnection(segment);
}

void Download::stopAttempt()
{
    const SegmentUse use(this);
    for (const auto &segment : m_segments)
        dropSegment(segment.get(), true);
}

void Download::dropAttempt()
{
    const SegmentUse use(this);
    for (const auto &segment : m_segments)
        dropSegment(segment.get(), false);
}

void Download::abortTransfer(const DownloadError &error)
{
    // One connection carries the verdict through the usual retry path; the others just stop.
    DownloadSegment *carrier = nullptr;
    for (const auto &segment : m_segments) {
        if (!segment->attempt)
            continue;
        if (carrier)
            dropSegment(segment.get(), true);
        else
            carrier = segment.get();
    }
    if (carrier)
        carrier->attempt->abortWithError(error);
}

void Download::onSegmentFinished(DownloadSegment *segment, const AttemptResult &result)
{
    HttpAttempt *attempt = std::exchange(segment->attempt, nullptr);
    if (!attempt)
        return;
    attempt->disconnect(this);
    drainSegment(segment, attempt);
    attempt->deleteLater();
    noteProgress(segment);

    if (result.aborted) {
        releaseConnection(segment);
        return;  // pause, cancel or shutdown decided what happens next
    }
    if (!result.error.isError() && finishSegmentCleanly(segment, result))
        return;
    releaseConnection(segment);
    if (result.alreadyComplete) {
        completeBody();
        return;
    }
    DownloadError error = result.error;
    if (!error.isError()) {
        error = DownloadError::make(ErrorKind::Network,
                                    QStringLiteral("Server ended the response at byte %1 of %2")
                                        .arg(segment->readEnd()).arg(segment->end), true);
    }
    if (result.mustRestart) {
        dropAttempt();
        m_forceRestart = true;
    } else if (hasLiveSegments()) {
        // The others still fetch: this range waits for a connection that works, and the
        // download stays at the number of connections the server did allow.
        m_connectionCap = connectionCount();
        return;
    }
    if (error.retryable)
        scheduleRetry(error, result.retryAfterMs);
    else
        fail(error);
}

bool Download::finishSegmentCleanly(DownloadSegment *segment, const AttemptResult &result)
{
    if (result.alreadyComplete)
        return false;
    if (segment->end < 0 || segment->reachedEnd()) {
        releaseConnection(segment);
        settle();
        return true;
    }
    if (segment->readEnd() > segment->startedAt) {
        startSegmentAttempt(segment);  // the server sent a shorter range than asked: fetch the rest
        return true;
    }
    return false;
}

void Download::settle()
{
    if (m_state != DownloadState::Downloading)
        return;
    flushPending();
    if (!hasLiveSegments()) {
        const bool waitingForFile = std::any_of(m_segments.cbegin(), m_segments.cend(),
                                                [](const auto &segment) { return !segment->pending.isEmpty(); });
        if (waitingForFile)
            return;  // onWriterOpened() settles again
        if (m_total < 0 || ByteRanges::total(m_handed) >= m_total) {
            completeBody();
            return;
        }
    }
    planSegments();
}

void Download::planSegments()
{
    if (!m_writer || !m_writer->isOpen() || m_state != DownloadState::Downloading || m_shuttingDown || m_total <= 0)
        return;
    const DownloadSettings &settings = *m_context.settings;
    // The manager clamps settings.split to 1..kMaxSplit (DownloadManager::normalized).
    int cap = m_splittable ? settings.split : 1;
    if (m_connectionCap > 0)
        cap = std::min(cap, m_connectionCap);
    int live = connectionCount();
    while (live < cap) {
        QList<SegmentPlan::Running> running;
        QList<DownloadSegment *> owners;
        for (const auto &segment : m_segments) {
            if (segment->end < 0)
                continue;
            // A segment that ended still owns the bytes it read and has not handed over yet.
            const qint64 end = segment->attempt ? segment->end : segment->readEnd();
            running.append(SegmentPlan::Running{segment->next, segment->readEnd(), end});
            owners.append(segment.get());
        }
        const auto choice = SegmentPlan::next(m_handed, running, m_total, settings.minSegmentSize);
        if (!choice)
            return;
        const bool extra = live > 0;
        if (extra && m_context.connections && !m_context.connections->tryTake(m_origin))
            return;
        if (choice->shortened >= 0)
            owners.at(choice->shortened)->end = choice->range.begin;
        startSegment(choice->range.begin, choice->range.end, extra);
        ++live;
    }
}
