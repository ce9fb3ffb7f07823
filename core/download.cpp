#include "download.h"

#include "filenames.h"
#include "filewriter.h"
#include "httpattempt.h"
#include "httprules.h"
#include "humanformat.h"
#include "networkpool.h"
#include "retrybackoff.h"

#include <QDir>
#include <QRandomGenerator>

namespace {

// Body bytes are handed to the disk pool in batches this large: big enough that one pool job
// moves real work, small enough that memory stays flat.
constexpr qint64 kWriteBatch = 512 * 1024;
// An attempt that delivered at least this much made progress: its failure does not use up a retry.
constexpr qint64 kProgressResetsRetries = 64 * 1024;

} // namespace

Download::Download(DownloadId id, UrlEntry entry, DownloadContext context, QObject *parent)
    : QObject(parent)
    , m_id(id)
    , m_entry(std::move(entry))
    , m_context(context)
    , m_addedAt(QDateTime::currentDateTime())
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

void Download::restartFromZero(const QString &why)
{
    if (m_writer && m_handed > 0)
        m_writer->truncate(0);
    m_handed = 0;
    m_written = 0;
    m_pending.clear();
    if (!why.isEmpty())
        m_note = why;
}

void Download::beginAttempt()
{
    ++m_attempts;
    HttpAttempt::Request request;
    request.url = m_entry.url;
    request.headers = m_entry.headers;
    if (m_forceRestart) {
        m_forceRestart = false;
        restartFromZero(QStringLiteral("Restarted from zero: the server's earlier answer could not be continued"));
    }
    // Bytes still waiting for the file to open count as received: the range continues after them.
    const qint64 received = m_handed + m_pending.size();
    if (received > 0) {
        if (hasValidator() && m_total >= 0) {
            request.offset = received;
            request.ifRange = HttpRules::isStrongEtag(m_etag) ? m_etag : m_lastModified;
            request.expectedTotal = m_total;
            request.expectedEtag = m_etag;
        } else {
            restartFromZero(QStringLiteral("Restarted from zero: the server gave no validator to resume against"));
        }
    }
    m_attemptStartBytes = m_handed;
    m_watchStartMs = m_clock.elapsed();
    m_watchStartBytes = m_handed;
    m_attempt = new HttpAttempt(m_context.network, *m_context.settings, request, this);
    connect(m_attempt, &HttpAttempt::responseAccepted, this, &Download::onResponse);
    connect(m_attempt, &HttpAttempt::bodyAvailable, this, &Download::pump);
    connect(m_attempt, &HttpAttempt::finished, this, &Download::onAttemptFinished);
    connect(m_attempt, &HttpAttempt::redirected, this, [this](const QUrl &to) {
        m_finalUrl = to;
        touch();
    });
    m_attempt->start();
}

void Download::onResponse(const ResponseInfo &info)
{
    if (info.restartedFromZero)
        restartFromZero(QStringLiteral("Restarted from zero: the server sent the whole file instead of the rest"));
    m_total = info.totalSize;
    m_etag = info.etag;
    m_lastModified = info.lastModified;
    m_finalUrl = info.finalUrl;
    if (info.bodyOffset != m_handed + m_pending.size()) {
        m_pending.clear();
        m_handed = info.bodyOffset;
    }
    m_bodyDone = false;
    const qint64 limit = m_context.settings->maxSize;
    if (limit > 0 && m_total > limit) {
        m_attempt->abortWithError(DownloadError::make(
            ErrorKind::TooLarge, QStringLiteral("File is %1, over the size limit of %2")
                                     .arg(HumanFormat::bytes(m_total), HumanFormat::bytes(limit))));
        return;
    }
    m_speed.reset(m_clock.elapsed(), m_written);
    setState(DownloadState::Downloading);
    if (!m_writer) {
        m_leafName = FileNames::choose(m_entry.outName, info.contentDisposition, m_entry.url, info.mimeType);
        ensureWriter();
    } else {
        pump();
    }
}

void Download::pump()
{
    if (!m_attempt || !m_writer || !m_writer->isOpen())
        return;
    // Reserve no more than the body can still bring: a 100 KiB file must not pin a 512 KiB
    // buffer while it waits for the disk (the write budget counts bytes, not capacity).
    const qint64 remaining = m_total >= 0 ? m_total - m_handed : kWriteBatch;
    const qint64 reserve = std::clamp<qint64>(remaining, 0, kWriteBatch);
    while (m_writer->canAccept()) {
        if (m_pending.capacity() < reserve)
            m_pending.reserve(reserve);
        const qint64 moved = m_attempt->readInto(m_pending, kWriteBatch - m_pending.size());
        if (m_pending.size() >= kWriteBatch)
            flushPending();
        if (moved == 0)
            break;
    }
    const qint64 limit = m_context.settings->maxSize;
    if (limit > 0 && m_handed + m_pending.size() > limit && m_attempt) {
        m_attempt->abortWithError(DownloadError::make(
            ErrorKind::TooLarge, QStringLiteral("Stopped at the size limit of %1").arg(HumanFormat::bytes(limit))));
    }
}

void Download::flushPending()
{
    if (m_pending.isEmpty() || !m_writer || !m_writer->isOpen())
        return;
    const qint64 size = m_pending.size();
    if (m_writer->write(m_handed, std::exchange(m_pending, QByteArray())))
        m_handed += size;
}

void Download::stopAttempt()
{
    if (m_attempt)
        m_attempt->abort();  // finishes synchronously through onAttemptFinished
}

void Download::onAttemptFinished(const AttemptResult &result)
{
    HttpAttempt *attempt = std::exchange(m_attempt, nullptr);
    if (!attempt)
        return;
    // Whatever arrived before the end sits at proven offsets: keep it.
    while (attempt->readInto(m_pending, kWriteBatch) > 0) {
        if (m_pending.size() >= kWriteBatch)
            flushPending();
    }
    flushPending();
    attempt->deleteLater();
    if (m_handed - m_attemptStartBytes >= kProgressResetsRetries)
        m_retriesUsed = 0;

    if (result.aborted)
        return;  // pause, cancel or shutdown decided what happens next
    if (result.alreadyComplete) {
        completeBody();
        return;
    }
    if (!result.error.isError()) {
        if (m_total >= 0 && m_handed < m_total && m_handed > m_attemptStartBytes) {
            beginAttempt();  // the server sent a shorter range than asked: fetch the rest
            return;
        }
        completeBody();
        return;
    }
    if (result.mustRestart)
        m_forceRestart = true;
    if (result.error.retryable)
        scheduleRetry(result.error, result.retryAfterMs);
    else
        fail(result.error);
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
    setState(DownloadState::Verifying);
    m_bodyDone = false;
    m_writer->finish(m_total >= 0 ? m_total : m_handed, m_entry.checksum);
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
