// Download's file side: creating or reopening its FileWriter under the existing-file policy,
// following what the writer reports, and deleting the file on request. GUI thread.
#include "download.h"

#include "downloadsegment.h"
#include "httpattempt.h"

#include <QFileInfo>

void Download::connectWriter()
{
    connect(m_writer, &FileWriter::opened, this, &Download::onWriterOpened);
    connect(m_writer, &FileWriter::skipped, this, &Download::onWriterSkipped);
    connect(m_writer, &FileWriter::progressed, this, [this] {
        m_written = m_writer->writtenTotal();
        touch();
    });
    connect(m_writer, &FileWriter::drained, this, &Download::pump);
    connect(m_writer, &FileWriter::durableChanged, this, [this] { Q_EMIT durableChanged(m_id); });
    connect(m_writer, &FileWriter::failed, this, &Download::onWriterFailed);
    connect(m_writer, &FileWriter::finished, this, [this](const QString &finalPath) {
        m_finalPath = finalPath;
        m_partPath.clear();
        m_error = {};
        setState(DownloadState::Completed);
        if (m_shuttingDown)
            Q_EMIT stopped(m_id);
    });
    connect(m_writer, &FileWriter::closed, this, [this] {
        if (m_shuttingDown)
            Q_EMIT stopped(m_id);
    });
}

void Download::ensureWriter()
{
    m_writer = new FileWriter(m_context.diskPool, m_context.budget, m_context.syncGroup, this);
    m_writerFailed = false;
    m_existingFile = m_context.settings->existingFile;
    connectWriter();
    m_writer->create(folder(), m_leafName, m_existingFile);
}

void Download::replaceFailedWriter()
{
    FileWriter *old = std::exchange(m_writer, nullptr);
    old->disconnect(this);
    old->deleteLater();
    m_writerFailed = false;
    // Only what the old writer reported written is in the file; a range fetch leaves holes.
    m_handed = m_partPath.isEmpty() ? QList<ByteRange>{} : old->writtenRanges();
    m_written = ByteRanges::total(m_handed);
    if (m_partPath.isEmpty())
        return;  // nothing on disk yet: the next response creates a fresh file
    m_writer = new FileWriter(m_context.diskPool, m_context.budget, m_context.syncGroup, this);
    connectWriter();
    m_writer->reopen(m_partPath, m_finalPath, m_existingFile, m_handed);
}

void Download::onWriterOpened(const QString &partPath, const QString &finalPath)
{
    m_partPath = partPath;
    m_finalPath = finalPath;
    m_leafName = QFileInfo(finalPath).fileName();
    touch();
    pump();
    if (m_bodyDone)
        completeBody();
    else
        settle();
}

void Download::onWriterFailed(const DownloadError &error)
{
    m_writerFailed = true;
    if (m_state == DownloadState::Verifying && (error.kind == ErrorKind::Checksum || error.kind == ErrorKind::Protocol))
        m_forceRestart = true;  // the bytes are wrong: a retry must not build on them
    dropAttempt();
    fail(error);
    m_writer->close();  // keeps the .part for a retry, but releases the descriptor now
    if (m_shuttingDown)
        Q_EMIT stopped(m_id);
}

void Download::onWriterSkipped(const QString &existingPath)
{
    FileWriter *writer = std::exchange(m_writer, nullptr);
    writer->disconnect(this);
    writer->deleteLater();
    dropAttempt();
    m_handed.clear();
    m_written = 0;
    m_bodyDone = false;
    m_partPath.clear();
    // Paused or failed while the name was being checked: nothing is on disk, so the next
    // response chooses, and checks, the name again.
    if (DownloadStates::isActive(m_state) || m_state == DownloadState::Verifying) {
        m_finalPath = existingPath;
        m_leafName = QFileInfo(existingPath).fileName();
        m_error = {};
        m_note = QStringLiteral("Skipped: %1 already exists").arg(m_leafName);
        setState(DownloadState::Completed);
    }
    if (m_shuttingDown)
        Q_EMIT stopped(m_id);  // the writer that would have reported it is gone
}

void Download::deleteFile(FileWriter::RemoveDone done)
{
    // Whatever the attempt still holds goes to the writer first; the removal runs after it.
    stopAttempt();
    if (m_writer) {
        FileWriter *writer = std::exchange(m_writer, nullptr);
        writer->disconnect(this);
        writer->remove(std::move(done));  // still runs on the pool after the object is gone
        writer->deleteLater();
    }
    cancel();  // a finished download keeps its state; the manager removes it next
}
