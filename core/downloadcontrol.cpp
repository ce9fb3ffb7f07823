// Download's user-facing controls: pause, resume, cancel, retry, shutdown, and the periodic
// tick with the low-speed watchdog. The transfer itself lives in download.cpp.
#include "download.h"

#include "downloadsegment.h"
#include "filewriter.h"
#include "httpattempt.h"
#include "humanformat.h"

void Download::pause()
{
    switch (m_state) {
    case DownloadState::Queued:
    case DownloadState::Waiting:
        if (m_retryTimer)
            m_retryTimer->stop();
        setState(DownloadState::Paused);
        break;
    case DownloadState::Connecting:
    case DownloadState::Downloading:
        stopAttempt();
        if (m_writer && !m_writerFailed)
            m_writer->sync();
        setState(DownloadState::Paused);
        break;
    default:
        break;
    }
}

void Download::resume()
{
    if (m_state != DownloadState::Paused)
        return;
    if (m_writerFailed)
        replaceFailedWriter();
    setState(DownloadState::Queued);
}

void Download::cancel()
{
    if (DownloadStates::isFinal(m_state))
        return;
    if (m_retryTimer)
        m_retryTimer->stop();
    stopAttempt();
    if (m_writer) {
        FileWriter *writer = std::exchange(m_writer, nullptr);
        writer->disconnect(this);
        writer->discard();  // still runs on the pool after the object is gone
        writer->deleteLater();
    }
    m_writerFailed = false;
    dropAttempt();
    m_handed.clear();
    m_written = 0;
    m_total = -1;
    m_partPath.clear();
    m_finalPath.clear();
    m_error = DownloadError::make(ErrorKind::Cancelled, QStringLiteral("Cancelled"));
    setState(DownloadState::Cancelled);
}

void Download::retry()
{
    if (m_state != DownloadState::Failed && m_state != DownloadState::Cancelled)
        return;
    if (m_writerFailed)
        replaceFailedWriter();
    m_retriesUsed = 0;
    m_error = {};
    m_note.clear();
    setState(DownloadState::Queued);
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
    if (m_state == DownloadState::Verifying)
        return;  // the writer's finished() or failed() reports stopped()
    if (DownloadStates::isActive(m_state))
        stopAttempt();
    if (m_state == DownloadState::Queued || m_state == DownloadState::Waiting || DownloadStates::isActive(m_state)) {
        m_note = QStringLiteral("Interrupted");
        setState(DownloadState::Paused);
    }
    if (m_writer && !m_writerFailed)
        m_writer->close();  // fsync, then closed() reports stopped()
    else
        QMetaObject::invokeMethod(this, [this] { Q_EMIT stopped(m_id); }, Qt::QueuedConnection);
}

void Download::tick()
{
    if (m_state != DownloadState::Downloading)
        return;
    const SegmentUse use(this);
    // A slow trickle should still show up as progress, not sit in the batch buffer.
    flushPending();
    const qint64 now = m_clock.elapsed();
    const qint64 shownSpeed = m_speed.bytesPerSecond();
    m_speed.sample(now, m_written);
    // The speed (and the time left from it) falls while no byte arrives, without any other
    // change to announce it: say so, or a stalled row keeps its old speed on screen and in a
    // sort by speed. A download whose rate holds still costs nothing.
    if (m_speed.bytesPerSecond() != shownSpeed)
        touch();
    const DownloadSettings &settings = *m_context.settings;
    // Room for more connections may have opened since the last look (other downloads ended).
    planSegments();
    if (settings.lowSpeedLimit <= 0 || !hasLiveSegments())
        return;
    const qint64 window = now - m_watchStartMs;
    if (window < settings.lowSpeedTimeMs)
        return;
    const qint64 received = receivedTotal();
    const qint64 rate = (received - m_watchStartBytes) * 1000 / std::max<qint64>(window, 1);
    m_watchStartMs = now;
    m_watchStartBytes = received;
    if (rate < settings.lowSpeedLimit) {
        abortTransfer(DownloadError::make(
            ErrorKind::Timeout,
            QStringLiteral("Slower than %1/s for %2 s").arg(HumanFormat::bytes(settings.lowSpeedLimit)).arg(settings.lowSpeedTimeMs / 1000),
            true));
    }
}
