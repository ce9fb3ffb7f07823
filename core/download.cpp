#include "download.h"

#include "downloadsegment.h"
#include "filenames.h"
#include "filewriter.h"
#include "httpattempt.h"
#include "httprules.h"
#include "humanformat.h"
#include "networkpool.h"
#include "retrybackoff.h"

#include <QDir>
#include <QRandomGenerator>

Download::Download(DownloadId id, UrlEntry entry, DownloadContext context, QObject *parent)
    : QObject(parent)
    , m_id(id)
    , m_entry(std::move(entry))
    , m_context(context)
    , m_addedAt(QDateTime::currentDateTimeUtc())
    , m_finalUrl(m_entry.url)
    , m_origin(NetworkPool::originKey(m_entry.url))
{
}

Download::~Download() = default;

QString Download::folder() const
{
    const QString base = m_context.settings->folder.isEmpty() ? QDir::currentPath() : m_context.settings->folder;
    if (m_entry.dir.isEmpty())
        return QDir::cleanPath(QDir(base).absolutePath());
    return QDir::cleanPath(QDir(base).absoluteFilePath(m_entry.dir));
}

QString Download::fileName() const
{
    if (!m_finalPath.isEmpty())
        return QFileInfo(m_finalPath).fileName();
    return m_leafName;
}

QString Download::filePath() const
{
    if (m_state == DownloadState::Completed || m_partPath.isEmpty())
        return m_finalPath;
    return m_partPath;
}

QList<ByteRange> Download::durableRanges() const
{
    return m_writer ? m_writer->durableRanges() : QList<ByteRange>{};
}

qint64 Download::elapsedMs() const
{
    if (!m_clock.isValid())
        return 0;
    return m_endedMs >= 0 ? m_endedMs : m_clock.elapsed();
}

void Download::setState(DownloadState state)
{
    if (state == m_state)
        return;
    const DownloadState from = m_state;
    m_state = state;
    if (DownloadStates::isFinal(state) && m_clock.isValid())
        m_endedMs = m_clock.elapsed();
    Q_EMIT stateChanged(m_id, from, state);
    touch();
}

void Download::touch()
{
    Q_EMIT changed(m_id);
}

void Download::start()
{
    if (m_state != DownloadState::Queued)
        return;
    if (!m_clock.isValid())
        m_clock.start();
    m_endedMs = -1;
    setState(DownloadState::Connecting);
    beginAttempt();
}

bool Download::hasValidator() const
{
    return HttpRules::isStrongEtag(m_etag) || !m_lastModified.isEmpty();
}

bool Download::sameFileAs(const ResponseInfo &info) const
{
    return info.totalSize == m_total && info.etag == m_etag && info.lastModified == m_lastModified;
}

qint64 Download::receivedTotal() const
{
    qint64 total = ByteRanges::total(m_handed);
    for (const auto &segment : m_segments)
        total += segment->pending.size();
    return total;
}

void Download::restartFromZero(const QString &why)
{
    const bool hadBytes = receivedTotal() > 0;
    if (m_writer && !m_handed.isEmpty())
        m_writer->truncate(0);
    m_handed.clear();
    m_written = 0;
    for (const auto &segment : m_segments) {
        segment->pending.clear();
        segment->next = segment->startedAt = 0;
    }
    if (hadBytes && !why.isEmpty())
        m_note = why;
}

void Download::beginAttempt()
{
    ++m_attempts;
    if (m_forceRestart) {
        m_forceRestart = false;
        restartFromZero(QStringLiteral("Restarted from zero: the server's earlier answer could not be continued"));
    }
    qint64 begin = 0;
    qint64 end = -1;
    if (receivedTotal() > 0) {
        if (hasValidator() && m_total >= 0) {
            const QList<ByteRange> gaps = ByteRanges::gaps(m_handed, m_total);
            if (gaps.isEmpty()) {
                completeBody();  // every byte is in the file already (a retry after a failed finish)
                return;
            }
            begin = gaps.first().begin;
            end = gaps.first().end;
        } else {
            restartFromZero(QStringLiteral("Restarted from zero: the server gave no validator to resume against"));
        }
    }
    m_watchStartMs = m_clock.elapsed();
    m_watchStartBytes = receivedTotal();
    startSegment(begin, end, false);
}

void Download::onResponse(DownloadSegment *segment, const ResponseInfo &info)
{
    if (info.restartedFromZero && !adoptFollowerResponse(segment, info))
        return;
    if (info.restartedFromZero) {
        restartFromZero(QStringLiteral("Restarted from zero: the server sent the whole file instead of the rest"));
        segment->askedEnd = -1;
    }
    m_total = info.totalSize;
    m_etag = info.etag;
    m_lastModified = info.lastModified;
    m_finalUrl = info.finalUrl;
    if (info.bodyOffset != segment->readEnd()) {
        segment->pending.clear();
        segment->next = segment->startedAt = info.bodyOffset;
    }
    const qint64 bodyEnd = m_total < 0 ? -1 : (segment->askedEnd > 0 ? std::min(segment->askedEnd, m_total) : m_total);
    // A split made while this request was on its way already moved the end forward; the answer
    // must not undo that, or two connections fetch the same bytes.
    const bool shortenedInFlight = !info.restartedFromZero && segment->end >= 0 && bodyEnd >= 0;
    segment->end = shortenedInFlight ? std::min(segment->end, bodyEnd) : bodyEnd;
    m_splittable = m_splittable || (info.acceptsRanges && m_total > 0 && hasValidator());
    m_bodyDone = false;
    const qint64 limit = m_context.settings->maxSize;
    if (limit > 0 && m_total > limit) {
        segment->attempt->abortWithError(DownloadError::make(
            ErrorKind::TooLarge, QStringLiteral("File is %1, over the size limit of %2")
                                     .arg(HumanFormat::bytes(m_total), HumanFormat::bytes(limit))));
        return;
    }
    if (m_state != DownloadState::Downloading) {
        m_speed.reset(m_clock.elapsed(), m_written);
        setState(DownloadState::Downloading);
    }
    if (!m_writer) {
        m_leafName = FileNames::choose(m_entry.outName, info.contentDisposition, m_entry.url, info.mimeType);
        ensureWriter();
    } else {
        pump();
        planSegments();
    }
}

bool Download::adoptFollowerResponse(DownloadSegment *segment, const ResponseInfo &info)
{
    // A whole file in answer to a range while other connections fetch their parts: either the
    // server ignores ranges for this request, or the file changed under us.
    const bool others = std::any_of(m_segments.cbegin(), m_segments.cend(), [segment](const auto &other) {
        return other.get() != segment && other->attempt;
    });
    if (!others)
        return true;
    if (sameFileAs(info)) {
        // The server ignores ranges here: its body starts at byte 0, not where this part does.
        m_splittable = false;
        m_connectionCap = 1;
        dropSegment(segment, false);
        // A connection that asked for the rest of the file can simply carry on to its end.
        for (const auto &other : m_segments) {
            if (other->attempt && other->askedEnd < 0)
                other->end = m_total;
        }
        settle();
        return false;
    }
    // The file changed: what the others fetched belongs to the old one.
    for (const auto &other : m_segments) {
        if (other.get() != segment && other->attempt)
            dropSegment(other.get(), false);
    }
    restartFromZero({});
    m_note = QStringLiteral("Restarted from zero: the file changed on the server");
    return true;
}

void Download::completeBody()
{
    m_bodyDone = true;
    if (!m_writer) {
        // An empty body can finish before any file exists: create it now.
        ensureWriter();
        setState(DownloadState::Verifying);
        return;
    }
    if (!m_writer->isOpen()) {
        setState(DownloadState::Verifying);
        return;  // onWriterOpened() comes back here
    }
    flushPending();
    m_segments.clear();
    setState(DownloadState::Verifying);
    m_bodyDone = false;
    m_writer->finish(m_total >= 0 ? m_total : ByteRanges::total(m_handed), m_entry.checksum);
}

void Download::fail(const DownloadError &error)
{
    if (m_retryTimer)
        m_retryTimer->stop();
    m_error = error;
    if (m_writer && !m_writerFailed)
        m_writer->sync();
    setState(DownloadState::Failed);
}

void Download::scheduleRetry(const DownloadError &error, std::optional<qint64> retryAfterMs)
{
    const DownloadSettings &settings = *m_context.settings;
    if (m_retriesUsed >= settings.retries) {
        DownloadError final = error;
        if (settings.retries > 0)
            final.message += QStringLiteral(" (gave up after %1 retries)").arg(settings.retries);
        fail(final);
        return;
    }
    ++m_retriesUsed;
    const qint64 delay = RetryBackoff::delayMs(m_retriesUsed, settings, retryAfterMs,
                                               QRandomGenerator::global()->generateDouble());
    m_error = error;
    m_note = QStringLiteral("Retry %1 of %2 in %3 s")
                 .arg(m_retriesUsed).arg(settings.retries).arg(QString::number(double(delay) / 1000.0, 'f', 1));
    if (!m_retryTimer) {
        m_retryTimer = new QTimer(this);
        m_retryTimer->setSingleShot(true);
        connect(m_retryTimer, &QTimer::timeout, this, [this] {
            if (m_state == DownloadState::Waiting)
                setState(DownloadState::Queued);
        });
    }
    if (m_writer && !m_writerFailed)
        m_writer->sync();
    m_retryTimer->start(int(std::min<qint64>(delay, std::numeric_limits<int>::max())));
    setState(DownloadState::Waiting);
}
