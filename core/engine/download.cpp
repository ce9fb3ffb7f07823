#include "engine/download.h"

#include "base/humanformat.h"
#include "engine/downloadfile.h"
#include "engine/retrybackoff.h"
#include "engine/segmentedtransfer.h"
#include "net/filenames.h"
#include "net/networkpool.h"
#include "net/responsecheck.h"

#include <QDir>
#include <QRandomGenerator>

Download::Download(DownloadId id, UrlEntry entry, DownloadContext context, QObject *parent)
    : QObject(parent)
    , m_id(id)
    , m_entry(std::move(entry))
    , m_context(std::move(context))
    , m_addedAt(QDateTime::currentDateTimeUtc())
    , m_finalUrl(m_entry.url)
    , m_origin(NetworkPool::originKey(m_entry.url))
{
}

Download::Download(const DownloadSnapshot &snapshot, DownloadContext context, bool resume, QObject *parent)
    : QObject(parent)
    , m_id(snapshot.id)
    , m_entry(snapshot.entry)
    , m_context(std::move(context))
    , m_state(snapshot.state)
    , m_addedAt(snapshot.addedAt)
    , m_finishedAt(snapshot.finishedAt)
    , m_finalUrl(snapshot.finalUrl.isEmpty() ? snapshot.entry.url : snapshot.finalUrl)
    , m_origin(NetworkPool::originKey(snapshot.entry.url))
    , m_note(snapshot.note)
    , m_error(snapshot.error)
    , m_attempts(snapshot.attempts)
{
    // What was on its way when Gather stopped goes on, or waits for the user.
    if (DownloadStates::isPending(m_state)) {
        m_state = resume ? DownloadState::Queued : DownloadState::Paused;
        m_note.clear();  // "Interrupted" said why it stopped; it is going on now, or waiting
    }
    if (!snapshot.fileName.isEmpty() || !snapshot.partPath.isEmpty() || !snapshot.finalPath.isEmpty()) {
        makeParts();
        const bool unfinished = m_state != DownloadState::Completed;
        m_file->restore(snapshot.partPath, snapshot.finalPath, snapshot.fileName, snapshot.existingFile,
                        unfinished ? ByteRanges::total(snapshot.durable) : snapshot.bytesWritten, snapshot.durable);
        m_transfer->restore(RemoteFile{snapshot.totalBytes, snapshot.etag, snapshot.lastModified},
                            unfinished ? snapshot.durable : QList<ByteRange>{});
    }
}

Download::~Download() = default;

DownloadSnapshot Download::snapshot() const
{
    DownloadSnapshot s;
    s.id = m_id;
    s.entry = m_entry;
    s.finalUrl = m_finalUrl;
    s.state = m_interrupted && m_state == DownloadState::Paused ? DownloadState::Queued : m_state;
    if (m_file) {
        s.fileName = m_file->fileName();
        s.partPath = m_file->partPath();
        s.finalPath = m_file->finalPath();
        s.existingFile = m_file->policy();
        s.bytesWritten = m_file->written();
        s.durable = m_file->durableRanges();
    }
    if (m_transfer) {
        s.totalBytes = m_transfer->remote().total;
        s.etag = m_transfer->remote().etag;
        s.lastModified = m_transfer->remote().lastModified;
    }
    s.addedAt = m_addedAt;
    s.finishedAt = m_finishedAt;
    s.attempts = m_attempts;
    s.error = m_error;
    s.note = m_note;
    return s;
}

void Download::makeParts()
{
    if (m_transfer)
        return;
    FileListener *fileListener = this;
    TransferListener *transferListener = this;
    m_file = std::make_unique<DownloadFile>(DownloadFile::Disk{m_context.diskPool, m_context.budget, m_context.syncGroup},
                                            this, fileListener);
    SegmentedTransfer::Context transfer{m_context.network, m_context.settings, m_context.connections, m_origin,
                                        m_entry.url, this, transferListener, m_context.overallLimit, &m_entry};
    m_transfer = std::make_unique<SegmentedTransfer>(std::move(transfer), m_file.get());
}

QString Download::folder() const
{
    const QString base = m_context.settings->folder.isEmpty() ? QDir::currentPath() : m_context.settings->folder;
    return m_entry.folderIn(QDir::cleanPath(QDir(base).absolutePath()));
}

QString Download::fileName() const
{
    return m_file ? m_file->fileName() : QString();
}

QString Download::filePath() const
{
    if (!m_file)
        return {};
    if (m_state == DownloadState::Completed || m_file->partPath().isEmpty())
        return m_file->finalPath();
    return m_file->partPath();
}

qint64 Download::bytesReceived() const
{
    return m_file ? m_file->written() : 0;
}

qint64 Download::bytesArrived() const
{
    return m_transfer ? m_transfer->receivedTotal() : 0;
}

int Download::connectionCount() const
{
    return m_transfer ? m_transfer->connectionCount() : 0;
}

qint64 Download::totalBytes() const
{
    return m_transfer ? m_transfer->remote().total : -1;
}

QByteArray Download::etag() const
{
    return m_transfer ? m_transfer->remote().etag : QByteArray();
}

QByteArray Download::lastModified() const
{
    return m_transfer ? m_transfer->remote().lastModified : QByteArray();
}

QList<ByteRange> Download::durableRanges() const
{
    return m_file ? m_file->durableRanges() : QList<ByteRange>{};
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
    // "Retry 2 of 5 in 1.0 s" describes the wait and ends with it; a completed download has no
    // error left to show.
    if (from == DownloadState::Waiting && m_noteEnds == NoteEnds::WithTheWait)
        setNote({});
    if (state == DownloadState::Completed)
        m_error = {};
    if (DownloadStates::isFinal(state)) {
        m_finishedAt = QDateTime::currentDateTimeUtc();
        if (m_clock.isValid())
            m_endedMs = m_clock.elapsed();
    }
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
    makeParts();
    if (m_noteEnds == NoteEnds::AtStart)
        setNote({});
    // A .part of an earlier run opens again before its first answer can need it.
    if (m_file->needsReopen())
        m_file->reopen(m_transfer->handed());
    if (!m_clock.isValid())
        m_clock.start();
    m_endedMs = -1;
    setState(DownloadState::Connecting);
    beginAttempt();
}

void Download::restartFromZero(const QString &why)
{
    if (m_transfer->restartFromZero())
        setNote(why);
}

void Download::beginAttempt()
{
    ++m_attempts;
    ++m_attemptsSinceStart;
    if (m_forceRestart) {
        m_forceRestart = false;
        restartFromZero(QStringLiteral("Restarted from zero: the server's earlier answer could not be continued"));
    }
    qint64 begin = 0;
    qint64 end = -1;
    if (m_transfer->receivedTotal() > 0) {
        if (m_transfer->remote().canResume()) {
            const QList<ByteRange> gaps = ByteRanges::gaps(m_transfer->handed(), m_transfer->remote().total);
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
    m_watchStartBytes = m_transfer->receivedTotal();
    m_transfer->start(begin, end);
}

void Download::transferRedirected(const QUrl &to)
{
    m_finalUrl = to;
    touch();
}

void Download::transferResponded(const ResponseInfo &info)
{
    m_finalUrl = info.finalUrl;
    m_bodyDone = false;
    if (m_state != DownloadState::Downloading) {
        m_speed.reset(m_clock.elapsed(), bytesReceived());
        setState(DownloadState::Downloading);
    }
    if (!m_file->exists()) {
        m_file->setLeafName(FileNames::choose(m_entry.outName, info.contentDisposition, m_entry.url, info.mimeType));
        // The server's name and type know the file's kind better than the URL did.
        if (m_entry.folderByCategory)
            m_entry.dir = m_context.settings->categories.folderFor(m_file->fileName(), info.mimeType, m_context.settings->folder)
                              .value_or(m_entry.dir);
        createFile();
    }
}

void Download::createFile()
{
    m_file->create(folder(), m_file->fileName(), m_context.settings->existingFile);
}

void Download::transferFailed(const DownloadError &error, std::optional<qint64> retryAfterMs, bool mustRestart)
{
    if (mustRestart)
        m_forceRestart = true;
    if (error.retryable)
        scheduleRetry(error, retryAfterMs);
    else
        fail(error);
}

void Download::completeBody()
{
    m_bodyDone = true;
    if (!m_file->exists()) {
        // An empty body can finish before any file exists: create it now.
        createFile();
        setState(DownloadState::Verifying);
        return;
    }
    if (!m_file->isOpen()) {
        setState(DownloadState::Verifying);
        return;  // fileOpened() comes back here
    }
    m_transfer->clear();
    setState(DownloadState::Verifying);
    m_bodyDone = false;
    m_finishSent = true;
    const qint64 total = m_transfer->remote().total;
    m_file->finish(total >= 0 ? total : ByteRanges::total(m_transfer->handed()), m_entry.checksum);
}

void Download::fileDrained()
{
    m_transfer->pump();
}

void Download::fileOpened()
{
    touch();
    m_transfer->pump();
    if (m_bodyDone)
        completeBody();
    else
        m_transfer->settle();
}

void Download::fileFailed(const DownloadError &error)
{
    if (m_state == DownloadState::Verifying && (error.kind == ErrorKind::Checksum || error.kind == ErrorKind::Protocol))
        m_forceRestart = true;  // the bytes are wrong: a retry must not build on them
    m_transfer->drop();
    fail(error);
    reportStoppedIfShuttingDown();
}

void Download::fileSkipped(const QString &existingPath)
{
    m_transfer->drop();
    m_transfer->setHanded({});
    m_bodyDone = false;
    // Paused or failed while the name was being checked: nothing is on disk, so the next
    // response chooses, and checks, the name again.
    if (DownloadStates::isActive(m_state) || m_state == DownloadState::Verifying) {
        m_file->adoptExisting(existingPath);
        m_error = {};
        setNote(QStringLiteral("Skipped: %1 already exists").arg(m_file->fileName()));
        setState(DownloadState::Completed);
    }
    reportStoppedIfShuttingDown();  // the writer that would have reported it is gone
}

void Download::fileFinished()
{
    m_error = {};
    setState(DownloadState::Completed);
    reportStoppedIfShuttingDown();
}

void Download::reportStoppedIfShuttingDown()
{
    if (m_shuttingDown)
        Q_EMIT stopped(m_id);
}

void Download::fail(const DownloadError &error)
{
    if (m_retryTimer)
        m_retryTimer->stop();
    m_error = error;
    if (m_file)
        m_file->sync();
    setState(DownloadState::Failed);
}

void Download::scheduleRetry(const DownloadError &error, std::optional<qint64> retryAfterMs)
{
    const DownloadSettings &settings = *m_context.settings;
    const int allowed = error.maxRetries >= 0 ? std::min(error.maxRetries, settings.retries) : settings.retries;
    if (m_retriesUsed >= allowed) {
        DownloadError final = error;
        if (allowed > 0)
            final.message += allowed == 1 ? QStringLiteral(" (gave up after 1 retry)")
                                          : QStringLiteral(" (gave up after %1 retries)").arg(allowed);
        fail(final);
        return;
    }
    // Progress gives retries back, so a server that keeps sending new bytes is followed to the
    // end; this cap holds whatever the progress, so nothing loops for ever.
    if (m_attemptsSinceStart >= kMaxAttemptsPerStart) {
        DownloadError final = error;
        final.message += QStringLiteral(" (gave up after %1 attempts)").arg(m_attemptsSinceStart);
        fail(final);
        return;
    }
    ++m_retriesUsed;
    const qint64 delay = RetryBackoff::delayMs(m_retriesUsed, settings, retryAfterMs,
                                               QRandomGenerator::global()->generateDouble());
    m_error = error;
    setNote(QStringLiteral("Retry %1 of %2 in %3 s").arg(m_retriesUsed).arg(allowed).arg(QString::number(double(delay) / 1000.0, 'f', 1)),
            NoteEnds::WithTheWait);
    if (!m_retryTimer) {
        m_retryTimer = new QTimer(this);
        m_retryTimer->setSingleShot(true);
        connect(m_retryTimer, &QTimer::timeout, this, [this] {
            if (m_state == DownloadState::Waiting)
                setState(DownloadState::Queued);
        });
    }
    m_file->sync();
    m_retryTimer->start(int(std::min<qint64>(delay, std::numeric_limits<int>::max())));
    setState(DownloadState::Waiting);
}
