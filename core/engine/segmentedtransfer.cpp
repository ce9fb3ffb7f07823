#include "engine/segmentedtransfer.h"

#include "base/downloadsettings.h"
#include "base/humanformat.h"
#include "engine/connectionbudget.h"
#include "engine/downloadfile.h"
#include "engine/downloadsegment.h"
#include "engine/segmentplan.h"
#include "net/httpattempt.h"

#include <algorithm>

SegmentedTransfer::SegmentedTransfer(Context context, DownloadFile *file)
    : m_context(std::move(context))
    , m_file(file)
    , m_handoff(file)
    , m_pace(m_context.settings, m_context.overallLimit, &m_context.entry->maxBytesPerSecond)
{
}

SegmentedTransfer::~SegmentedTransfer()
{
    // The attempts are the receiver's children and would outlive this object: nothing of theirs
    // may reach it any more.
    for (const auto &segment : m_segments) {
        if (HttpAttempt *attempt = std::exchange(segment->attempt, nullptr)) {
            attempt->disconnect(m_context.receiver);
            delete attempt;
        }
    }
}

qint64 SegmentedTransfer::receivedTotal() const
{
    return m_handoff.handedTotal() + m_segments.pendingTotal();
}

void SegmentedTransfer::start(qint64 begin, qint64 end)
{
    m_running = true;
    m_aborting = false;
    startSegment(begin, end, false);
}

bool SegmentedTransfer::restartFromZero()
{
    const bool hadBytes = receivedTotal() > 0;
    m_file->startOver(!m_handoff.handed().isEmpty());
    m_handoff.setHanded({});
    for (const auto &segment : m_segments) {
        segment->pending.clear();
        segment->next = segment->startedAt = 0;
    }
    return hadBytes;
}

DownloadSegment *SegmentedTransfer::startSegment(qint64 begin, qint64 end, bool extra)
{
    DownloadSegment *segment = m_segments.add();
    segment->next = begin;
    segment->end = end;
    // A range that runs to the end of the file is asked for open-ended, like a plain resume.
    segment->askedEnd = (end < 0 || end == m_remote.total) ? -1 : end;
    segment->extra = extra;
    startAttempt(segment);
    return segment;
}

void SegmentedTransfer::startAttempt(DownloadSegment *segment)
{
    FetchRequest request;
    request.url = m_context.url;
    request.headers = m_context.entry->headers;
    request.offset = segment->readEnd();
    request.rangeEnd = segment->askedEnd;
    if (request.asksRange()) {
        request.ifRange = m_remote.ifRange();
        request.expectedTotal = m_remote.total;
        request.expectedEtag = m_remote.etag;
    }
    segment->startedAt = segment->readEnd();
    QObject *receiver = m_context.receiver;
    auto *attempt = new HttpAttempt(m_context.network, *m_context.settings, request, receiver);
    m_pace.followSettings();  // a connection opened before the first read needs its limit already
    attempt->setReadBuffer(m_pace.readBuffer(connectionCount() + 1));
    segment->attempt = attempt;
    QObject::connect(attempt, &HttpAttempt::responseAccepted, receiver,
                     [this, segment](const ResponseInfo &info) { onResponse(segment, info); });
    QObject::connect(attempt, &HttpAttempt::bodyAvailable, receiver, [this] { pump(); });
    QObject::connect(attempt, &HttpAttempt::finished, receiver,
                     [this, segment](const AttemptResult &result) { onFinished(segment, result); });
    QObject::connect(attempt, &HttpAttempt::redirected, receiver,
                     [this](const QUrl &to) { m_context.listener->transferRedirected(to); });
    attempt->start();
}

void SegmentedTransfer::onResponse(DownloadSegment *segment, const ResponseInfo &info)
{
    if (segment->provingEnd && (info.status != 206 || info.bodyOffset != segment->readEnd())) {
        // No proof either way (the server would start over, or answers another range): the body
        // stands as it ended.
        end(segment, true);
        settle();
        return;
    }
    if (info.restartedFromZero) {
        // A whole file in answer to a range while other connections fetch their parts: either
        // the server ignores ranges for this request, or the file changed under us.
        if (m_segments.anyLiveBesides(segment)) {
            if (m_remote.sameAs(info)) {
                followWithoutRanges(segment);
                return;
            }
            // The file changed: what the others fetched belongs to the old one.
            for (const auto &other : m_segments) {
                if (other.get() != segment && other->attempt)
                    end(other.get(), false);
            }
            restartFromZero();
            m_context.listener->transferRestarted(QStringLiteral("Restarted from zero: the file changed on the server"));
        } else if (const bool changed = !m_remote.sameAs(info); restartFromZero()) {
            m_context.listener->transferRestarted(
                changed ? QStringLiteral("Restarted from zero: the file changed on the server")
                        : QStringLiteral("Restarted from zero: the server sent the whole file instead of the rest"));
        }
        segment->askedEnd = -1;
    }
    m_remote.adopt(info);
    const qint64 total = m_remote.total;
    if (info.bodyOffset != segment->readEnd()) {
        segment->pending.clear();
        segment->next = segment->startedAt = info.bodyOffset;
    }
    const qint64 bodyEnd = total < 0 ? -1 : (segment->askedEnd > 0 ? std::min(segment->askedEnd, total) : total);
    // A split made while this request was on its way already moved the end forward; the answer
    // must not undo that, or two connections fetch the same bytes.
    const bool shortenedInFlight = !info.restartedFromZero && segment->end >= 0 && bodyEnd >= 0;
    segment->end = shortenedInFlight ? std::min(segment->end, bodyEnd) : bodyEnd;
    m_splittable = m_splittable || (info.acceptsRanges && total > 0 && m_remote.hasValidator());
    m_remote.rangesOffered = m_remote.rangesOffered || info.acceptsRanges;
    const qint64 limit = m_context.settings->maxSize;
    if (limit > 0 && total > limit) {
        segment->attempt->abortWithError(DownloadError::make(
            ErrorKind::TooLarge, QStringLiteral("File is %1, over the size limit of %2")
                                     .arg(HumanFormat::bytes(total), HumanFormat::bytes(limit))));
        return;
    }
    m_context.listener->transferResponded(info);
    // The first answer makes the file (opened later); later ones find it ready.
    if (m_file->isOpen()) {
        pump();
        plan();
    }
}

void SegmentedTransfer::followWithoutRanges(DownloadSegment *segment)
{
    // The server ignores ranges here: its body starts at byte 0, not where this part does.
    m_splittable = false;
    m_connectionCap = 1;
    end(segment, false);
    // A connection that asked for the rest of the file can simply carry on to its end.
    for (const auto &other : m_segments) {
        if (other->attempt && other->askedEnd < 0)
            other->end = m_remote.total;
    }
    settle();
}

void SegmentedTransfer::noteProgress()
{
    // Only bytes kept past the best so far count: the same first 300 KB again is no progress.
    const qint64 kept = receivedTotal();
    if (kept >= m_bestKept + kProgressResetsRetries) {
        m_bestKept = kept;
        m_context.listener->transferMadeProgress();
    }
}

void SegmentedTransfer::releaseConnection(DownloadSegment *segment)
{
    if (m_segments.releaseSlot(segment) && m_context.connections)
        m_context.connections->give(m_context.origin);
}

void SegmentedTransfer::end(DownloadSegment *segment, bool keepBytes)
{
    if (HttpAttempt *attempt = std::exchange(segment->attempt, nullptr)) {
        attempt->disconnect(m_context.receiver);
        if (keepBytes)
            m_pace.spend(m_handoff.drain(*segment, *attempt, sizeLimit()));  // the bucket pays it back
        noteProgress();
        attempt->abort();
        attempt->deleteLater();
    }
    if (keepBytes)
        m_handoff.flush(*segment);
    else
        segment->pending.clear();
    releaseConnection(segment);
}

void SegmentedTransfer::stop()
{
    m_running = false;
    for (const auto &segment : m_segments)
        end(segment.get(), true);
    m_segments.sweep();
}

void SegmentedTransfer::drop()
{
    m_running = false;
    for (const auto &segment : m_segments)
        end(segment.get(), false);
    m_segments.sweep();
}

void SegmentedTransfer::clear()
{
    flush();
    drop();
    m_segments.clear();
}

void SegmentedTransfer::forget()
{
    drop();
    m_handoff.setHanded({});
}

void SegmentedTransfer::abort(const DownloadError &error)
{
    // One connection carries the verdict through the usual retry path; the others just stop, and
    // none opens until the carrier's end is heard (it may have ended well just before).
    m_aborting = true;
    DownloadSegment *carrier = nullptr;
    for (const auto &segment : m_segments) {
        if (!segment->attempt)
            continue;
        if (carrier)
            end(segment.get(), true);
        else
            carrier = segment.get();
    }
    if (carrier)
        carrier->attempt->abortWithError(error);
    else
        m_aborting = false;
}

void SegmentedTransfer::onFinished(DownloadSegment *segment, const AttemptResult &result)
{
    HttpAttempt *attempt = std::exchange(segment->attempt, nullptr);
    if (!attempt)
        return;
    attempt->disconnect(m_context.receiver);
    m_pace.spend(m_handoff.drain(*segment, *attempt, sizeLimit()));  // the bucket pays it back
    attempt->deleteLater();
    noteProgress();
    m_aborting = false;

    if (result.aborted) {
        releaseConnection(segment);
        return;  // pause, cancel or shutdown decided what happens next
    }
    if (segment->provingEnd && result.error.isError() && !result.mustRestart) {
        releaseConnection(segment);  // no proof of more: the body stands as it ended
        settle();
        return;
    }
    if (!result.error.isError() && finishCleanly(segment, result))
        return;
    releaseConnection(segment);
    if (result.alreadyComplete) {
        m_running = false;
        m_context.listener->transferComplete();
        return;
    }
    DownloadError error = result.error;
    if (!error.isError()) {
        error = DownloadError::make(ErrorKind::Network,
                                    QStringLiteral("Server ended the response at byte %1 of %2")
                                        .arg(segment->readEnd()).arg(segment->end), true);
    }
    if (result.mustRestart) {
        drop();
        m_context.listener->transferFailed(error, result.retryAfterMs, true);
        return;
    }
    if (isLive()) {
        // The others still fetch: this range waits for a connection that works, and the
        // download stays at the number of connections the server did allow.
        m_connectionCap = connectionCount();
        return;
    }
    m_running = false;
    m_context.listener->transferFailed(error, result.retryAfterMs, false);
}

bool SegmentedTransfer::finishCleanly(DownloadSegment *segment, const AttemptResult &result)
{
    if (result.alreadyComplete)
        return false;
    if (segment->end < 0 && m_remote.canProveEnd() && segment->mayProveEnd()) {
        segment->provingEnd = true;
        startAttempt(segment);
        return true;
    }
    if (segment->end < 0 || segment->reachedEnd()) {
        releaseConnection(segment);
        settle();
        return true;
    }
    if (segment->readEnd() > segment->startedAt) {
        startAttempt(segment);  // the server sent a shorter range than asked: fetch the rest
        return true;
    }
    return false;
}

void SegmentedTransfer::settle()
{
    if (!m_running)
        return;
    flush();
    m_segments.sweep();
    if (!isLive()) {
        if (m_segments.anyPending())
            return;  // waiting for the file to open: fileOpened() settles again
        if (m_remote.total < 0 || m_handoff.handedTotal() >= m_remote.total) {
            m_running = false;
            m_context.listener->transferComplete();
            return;
        }
    }
    plan();
}

void SegmentedTransfer::plan()
{
    if (!m_running || m_aborting || !m_file->isOpen() || m_remote.total <= 0)
        return;
    m_segments.sweep();
    const DownloadSettings &settings = *m_context.settings;
    // The manager runs with settings.normalized(): split is within 1..kMaxSplit, and the
    // download's own within 1..UrlEntry::kMaxSplit (Download::setProperties()).
    int cap = m_splittable ? m_context.entry->split.value_or(settings.split) : 1;
    if (m_connectionCap > 0)
        cap = std::min(cap, m_connectionCap);
    int live = connectionCount();
    while (live < cap) {
        QList<DownloadSegment *> owners;
        const QList<SegmentPlan::Running> running = m_segments.ranges(owners);
        const auto choice = SegmentPlan::next(m_handoff.handed(), running, m_remote.total, settings.minSegmentSize);
        if (!choice)
            return;
        const bool extra = live > 0;
        if (extra && m_context.connections && !m_context.connections->tryTake(m_context.origin))
            return;
        if (choice->shortened >= 0)
            owners.at(choice->shortened)->end = choice->range.begin;
        startSegment(choice->range.begin, choice->range.end, extra);
        ++live;
    }
}
