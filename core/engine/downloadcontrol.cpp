// Download's user-facing controls: pause, resume, cancel, retry, shutdown, deleting the file, and
// the periodic tick with the low-speed watchdog. The life of an attempt lives in download.cpp.
#include "base/humanformat.h"
#include "engine/download.h"
#include "engine/downloadcommands.h"
#include "engine/downloadfile.h"
#include "engine/segmentedtransfer.h"
#include "net/networkpool.h"

#include <QDir>

void Download::pause()
{
    if (!DownloadCommands::allows(DownloadCommand::Pause, m_state))
        return;
    if (m_retryTimer)
        m_retryTimer->stop();
    if (DownloadStates::isActive(m_state)) {
        m_transfer->stop();
        m_file->sync();
    }
    setState(DownloadState::Paused);
}

void Download::resume()
{
    if (!DownloadCommands::allows(DownloadCommand::Resume, m_state))
        return;
    if (isMoving()) {
        m_resumeAfterMove = true;
        return;
    }
    m_attemptsSinceStart = 0;
    requeue();
}

void Download::requeue()
{
    m_finishSent = false;  // the next finish verifies with the checksum known then
    // A writer that failed gives way to one on the same .part, trusting what the old one wrote.
    if (m_file && m_file->hasFailed())
        m_transfer->setHanded(m_file->reopenAfterFailure());
    setState(DownloadState::Queued);
}

void Download::cancel()
{
    if (!DownloadCommands::allows(DownloadCommand::Cancel, m_state))
        return;
    if (isMoving()) {
        m_cancelAfterMove = true;  // the .part is on its way; it is deleted where it arrives
        return;
    }
    if (m_retryTimer)
        m_retryTimer->stop();
    if (m_transfer) {
        m_transfer->stop();  // what arrived goes to the file first; the discard runs after it
        m_file->discard();
        m_transfer->forget();
    }
    m_error = DownloadError::make(ErrorKind::Cancelled, QStringLiteral("Cancelled"));
    setState(DownloadState::Cancelled);
}

void Download::retry()
{
    if (!DownloadCommands::allows(DownloadCommand::Retry, m_state))
        return;
    if (isMoving()) {
        m_resumeAfterMove = true;
        return;
    }
    m_retriesUsed = 0;
    m_attemptsSinceStart = 0;
    m_error = {};
    setNote({});
    requeue();
}

void Download::shutdown()
{
    if (DownloadStates::isFinal(m_state)) {
        QMetaObject::invokeMethod(this, [this] { Q_EMIT stopped(m_id); }, Qt::QueuedConnection);
        return;
    }
    m_shuttingDown = true;
    if (m_retryTimer)
        m_retryTimer->stop();
    if (m_state == DownloadState::Verifying || isMoving())
        return;  // fileFinished(), fileFailed() or moveFinished() reports stopped()
    if (DownloadStates::isActive(m_state))
        m_transfer->stop();
    if (m_state == DownloadState::Queued || m_state == DownloadState::Waiting || DownloadStates::isActive(m_state)) {
        // Paused for now, but a snapshot still says it was on its way, so it goes on next time.
        m_interrupted = true;
        setNote(QStringLiteral("Interrupted"));
        setState(DownloadState::Paused);
    }
    if (m_file && m_file->isWritable())
        m_file->close();  // fsync, then closed() reports stopped()
    else
        QMetaObject::invokeMethod(this, [this] { Q_EMIT stopped(m_id); }, Qt::QueuedConnection);
}

void Download::deleteFile(DeleteDone done)
{
    if (m_transfer) {
        // Whatever the connections still hold goes to the file first; the removal runs after it.
        m_transfer->stop();
        m_file->remove(std::move(done));
    }
    cancel();  // a finished download keeps its state; the manager removes it next
}

void Download::letGo()
{
    pause();  // where it applies: the transfer stops and hands what arrived to the file
    if (m_retryTimer)
        m_retryTimer->stop();
    if (m_transfer) {
        m_transfer->stop();
        m_file->letGo();  // the close runs after every queued write
    }
}

bool Download::isMoving() const
{
    return m_file && m_file->isMoving();
}

void Download::moveTo(const QString &folder, const QString &leaf)
{
    if (!DownloadCommands::allows(DownloadCommand::Move, m_state) || isMoving() || m_shuttingDown)
        return;
    const QString target = QDir::cleanPath(folder);
    if (!QDir::isAbsolutePath(target))
        return;
    const QString where = leaf.isEmpty() ? target : target % u'/' % leaf;
    if (!m_file) {
        // Nothing fetched yet: the file is simply made there, under that name.
        m_entry.dir = target;
        m_entry.folderByCategory = false;  // a person chose it
        if (!leaf.isEmpty())
            m_entry.outName = leaf;
        setNote(leaf.isEmpty() ? QStringLiteral("Will be saved in %1").arg(target) : QStringLiteral("Will be saved as %1").arg(where),
                NoteEnds::AtStart);
        touch();
        return;
    }
    if (m_state == DownloadState::Queued || m_state == DownloadState::Waiting) {
        if (m_retryTimer)
            m_retryTimer->stop();
        m_resumeAfterMove = true;
        setState(DownloadState::Paused);  // not started by the queue while its file moves
    }
    setNote(QStringLiteral("Moving to %1…").arg(where), NoteEnds::AtStart);
    touch();
    m_file->moveTo(target, leaf, [this, target, leaf](const Result<void> &result) { moveFinished(target, leaf, result); });
}

void Download::moveFinished(const QString &folder, const QString &leaf, const Result<void> &result)
{
    if (result) {
        m_entry.dir = folder;
        m_entry.folderByCategory = false;
        if (!leaf.isEmpty())
            m_entry.outName = leaf;  // a restart from zero keeps the name the person gave
        setNote(QStringLiteral("Moved to %1").arg(leaf.isEmpty() ? folder : folder % u'/' % leaf), NoteEnds::AtStart);
        // The writer is gone; the next start reopens the .part, trusting what was written.
        m_transfer->setHanded(m_file->durableRanges());
    } else {
        setNote(QStringLiteral("Not moved: %1").arg(result.error().message), NoteEnds::AtStart);
    }
    touch();
    Q_EMIT durableChanged(m_id);  // the paths the store keeps changed
    if (m_shuttingDown) {
        reportStoppedIfShuttingDown();
        return;
    }
    // What was asked for during the move happens now, through the same commands.
    const bool cancelNow = std::exchange(m_cancelAfterMove, false);
    const bool goOn = std::exchange(m_resumeAfterMove, false);
    if (cancelNow)
        cancel();
    else if (goOn && m_state == DownloadState::Paused)
        resume();
    else if (goOn)
        retry();
}

void Download::changeLink(const QUrl &url, const LinkFacts &facts, bool keepData)
{
    if (DownloadStates::isActive(m_state) || m_state == DownloadState::Verifying || isMoving())
        return;
    m_entry.url = url;
    m_finalUrl = url;
    m_origin = NetworkPool::originKey(url);
    if (m_transfer) {
        const RemoteFile kept = m_transfer->remote();
        RemoteFile remote{facts.total >= 0 ? facts.total : kept.total, facts.etag, facts.lastModified, kept.rangesOffered};
        if (keepData) {
            m_transfer->changeLink(url, m_origin, std::move(remote));
        } else {
            m_transfer->changeLink(url, m_origin, RemoteFile{});
            m_transfer->restartFromZero();
            // A writer that failed would be trusted again by the next start: it starts over then too.
            m_forceRestart = m_file->hasFailed();
        }
    }
    m_error = {};
    setNote(keepData ? QStringLiteral("Link changed; the bytes fetched before were kept")
                     : QStringLiteral("Link changed; fetched again from zero"));
    touch();
    Q_EMIT durableChanged(m_id);  // the store keeps the link with the rest of the record
}

void Download::tick()
{
    if (m_state != DownloadState::Downloading)
        return;
    // A slow trickle should still show up as progress, not sit in the batch buffer; and what
    // is written should not wait long for an fsync, or a crash costs it.
    m_transfer->flush();
    m_file->checkpoint();
    const qint64 now = m_clock.elapsed();
    const qint64 shownSpeed = m_speed.bytesPerSecond();
    m_speed.sample(now, bytesReceived());
    // The speed (and the time left from it) falls while no byte arrives, without any other
    // change to announce it: say so, or a stalled row keeps its old speed on screen and in a
    // sort by speed. A download whose rate holds still costs nothing.
    if (m_speed.bytesPerSecond() != shownSpeed)
        touch();
    // Room for more connections may have opened since the last look (other downloads ended).
    m_transfer->plan();
    const DownloadSettings &settings = *m_context.settings;
    // Under a speed limit the user chose the slowness (shared by many, a download may get less
    // than the watchdog's floor): only the idle timeout watches for a dead server then.
    if (settings.lowSpeedLimit <= 0 || !m_transfer->isLive() || m_transfer->isRateLimited())
        return;
    const qint64 window = now - m_watchStartMs;
    if (window < settings.lowSpeedTimeMs)
        return;
    const qint64 received = m_transfer->receivedTotal();
    const qint64 rate = (received - m_watchStartBytes) * 1000 / std::max<qint64>(window, 1);
    m_watchStartMs = now;
    m_watchStartBytes = received;
    if (rate < settings.lowSpeedLimit) {
        m_transfer->abort(DownloadError::make(
            ErrorKind::Timeout,
            QStringLiteral("Slower than %1/s for %2 s").arg(HumanFormat::bytes(settings.lowSpeedLimit)).arg(settings.lowSpeedTimeMs / 1000),
            true));
    }
}

bool Download::expectChecksum(const ChecksumSpec &checksum, const QString &source)
{
    if (m_entry.checksum) {
        if (*m_entry.checksum != checksum) {
            setNote(QStringLiteral("%1 lists %2=%3 for this file; its own checksum is kept")
                        .arg(source, checksum.algorithmName(), checksum.expectedHex()));
            touch();
        }
        return false;
    }
    m_entry.checksum = checksum;
    touch();
    return m_finishSent;
}

void Download::failVerification(const DownloadError &error)
{
    if (m_state != DownloadState::Completed)
        return;
    m_transfer->drop();
    m_transfer->setHanded({});
    m_file->forget();
    fail(error);
}

SegmentView Download::segmentView(int cells) const
{
    if (m_state == DownloadState::Completed)
        return SegmentView::complete(totalBytes() >= 0 ? totalBytes() : bytesReceived());
    if (!m_transfer || !m_file)
        return {};
    return SegmentView::build(m_transfer->remote().total, m_file->durableRanges(), m_transfer->handed(),
                              m_transfer->fetching(), cells);
}
