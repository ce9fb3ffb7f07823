#include "engine/downloadfile.h"

#include "base/guardedreceiver.h"
#include "base/humanformat.h"
#include "disk/filewriter.h"
#include "disk/partfile.h"
#include "disk/partmove.h"

#include <QDir>
#include <QFileInfo>
#include <QMutex>
#include <QThreadPool>

// What a running move shares with its pool task: the way back to the receiver (detached when this
// file goes, so the answer is dropped), and a removal asked for meanwhile, which the task carries
// out on the file where the move left it.
struct DownloadFile::MoveJob {
    explicit MoveJob(QObject *receiver) : replies(receiver) {}

    GuardedReceiver replies;
    QMutex mutex;
    bool removeAfter = false;
    RemoveDone removeDone;
};

DownloadFile::DownloadFile(Disk disk, QObject *receiver, FileListener *listener)
    : m_disk(std::move(disk))
    , m_receiver(receiver)
    , m_listener(listener)
{
}

DownloadFile::~DownloadFile()
{
    if (m_move)
        m_move->replies.detach();  // a move still running finishes on disk, telling no one
    // The writer is the receiver's child and would outlive this object; its queued disk work
    // still runs, reporting to no one.
    if (m_writer) {
        m_writer->disconnect(m_receiver);
        delete m_writer;
    }
}

FileWriter *DownloadFile::makeWriter()
{
    auto *writer = new FileWriter(m_disk.pool, m_disk.budget, m_disk.syncGroup, m_receiver);
    m_failed = false;
    QObject *receiver = m_receiver;
    QObject::connect(writer, &FileWriter::opened, receiver, [this](const QString &partPath, const QString &finalPath) {
        m_partPath = partPath;
        m_finalPath = finalPath;
        m_leafName = QFileInfo(finalPath).fileName();
        m_listener->fileOpened();
    });
    QObject::connect(writer, &FileWriter::skipped, receiver, [this](const QString &existingPath) {
        dropWriter();
        m_written = 0;
        m_partPath.clear();
        m_listener->fileSkipped(existingPath);
    });
    QObject::connect(writer, &FileWriter::progressed, receiver, [this] {
        m_written = m_writer->writtenTotal();
        m_listener->fileProgressed();
    });
    QObject::connect(writer, &FileWriter::drained, receiver, [this] { m_listener->fileDrained(); });
    QObject::connect(writer, &FileWriter::durableChanged, receiver, [this] { m_listener->fileDurableChanged(); });
    QObject::connect(writer, &FileWriter::failed, receiver, [this](const DownloadError &failure) {
        m_failed = true;
        m_writer->close();  // keeps the .part for a retry, but releases the descriptor now
        DownloadError error = failure;
        // The .part is kept for a resume, and with other downloads on the same disk that space
        // is what they lack: say how much it is and how to get it back.
        if (error.kind == ErrorKind::DiskFull && !m_partPath.isEmpty() && m_written > 0) {
            error.message += QStringLiteral(". %1 keeps %2 for a resume; delete it (or cancel the download) to free the space")
                                 .arg(QFileInfo(m_partPath).fileName(), HumanFormat::bytes(m_written));
        }
        m_listener->fileFailed(error);
    });
    QObject::connect(writer, &FileWriter::finished, receiver, [this](const QString &finalPath) {
        m_finalPath = finalPath;
        m_partPath.clear();
        m_listener->fileFinished();
    });
    QObject::connect(writer, &FileWriter::closed, receiver, [this] { m_listener->fileClosed(); });
    return writer;
}

void DownloadFile::dropWriter()
{
    if (FileWriter *writer = std::exchange(m_writer, nullptr)) {
        writer->disconnect(m_receiver);
        writer->deleteLater();  // its queued work still runs on the pool
    }
    m_failed = false;
}

void DownloadFile::create(const QString &folder, const QString &leaf, ExistingFile policy)
{
    dropWriter();
    m_leafName = leaf;
    m_policy = policy;
    m_writer = makeWriter();
    m_writer->create(folder, leaf, policy);
}

QList<ByteRange> DownloadFile::reopenAfterFailure()
{
    if (!m_writer)
        return {};
    // Only what the old writer reported written is in the file; a range fetch leaves holes.
    const QList<ByteRange> kept = m_partPath.isEmpty() ? QList<ByteRange>{} : m_writer->writtenRanges();
    dropWriter();
    m_written = ByteRanges::total(kept);
    if (m_partPath.isEmpty())
        return kept;  // nothing on disk yet: the next response creates a fresh file
    m_writer = makeWriter();
    m_writer->reopen(m_partPath, m_finalPath, m_policy, kept);
    return kept;
}

void DownloadFile::restore(const QString &partPath, const QString &finalPath, const QString &leaf,
                           ExistingFile policy, qint64 written, QList<ByteRange> durable)
{
    m_partPath = partPath;
    m_finalPath = finalPath;
    m_leafName = leaf;
    m_policy = policy;
    m_written = written;
    m_restoredDurable = std::move(durable);
}

void DownloadFile::reopen(QList<ByteRange> trusted)
{
    if (!needsReopen())
        return;
    m_written = ByteRanges::total(trusted);
    m_restoredDurable.clear();
    // Bytes past the last trusted one are unproven: a crash may have left them half written.
    const qint64 end = trusted.isEmpty() ? 0 : trusted.last().end;
    m_writer = makeWriter();
    m_writer->reopen(m_partPath, m_finalPath, m_policy, std::move(trusted));
    m_writer->truncate(end);
}

void DownloadFile::adoptExisting(const QString &path)
{
    m_finalPath = path;
    m_leafName = QFileInfo(path).fileName();
}

void DownloadFile::forget()
{
    dropWriter();
    m_partPath.clear();
    m_written = 0;
    m_restoredDurable.clear();
}

bool DownloadFile::isOpen() const
{
    return m_writer && m_writer->isOpen();
}

bool DownloadFile::canAccept() const
{
    return m_writer && m_writer->canAccept();
}

bool DownloadFile::write(qint64 offset, QByteArray data)
{
    return m_writer && m_writer->write(offset, std::move(data));
}

void DownloadFile::startOver(bool truncate)
{
    if (truncate && m_writer)
        m_writer->truncate(0);
    m_written = 0;
}

void DownloadFile::sync()
{
    if (isWritable())
        m_writer->sync();
}

void DownloadFile::checkpoint()
{
    if (isWritable())
        m_writer->checkpoint();
}

void DownloadFile::close()
{
    if (isWritable())
        m_writer->close();  // fsync first; closed() follows
}

void DownloadFile::finish(qint64 expectedSize, const std::optional<ChecksumSpec> &checksum)
{
    if (m_writer)
        m_writer->finish(expectedSize, checksum);
}

void DownloadFile::discard()
{
    if (m_writer) {
        FileWriter *writer = std::exchange(m_writer, nullptr);
        writer->disconnect(m_receiver);
        writer->discard();  // still runs on the pool after the object is gone
        writer->deleteLater();
    } else if (!m_partPath.isEmpty()) {
        FileWriter *writer = makeWriter();  // the .part of an earlier run goes the same way
        writer->disconnect(m_receiver);
        writer->removeFile(m_partPath, {});
        writer->deleteLater();
    }
    m_failed = false;
    m_written = 0;
    m_partPath.clear();
    m_finalPath.clear();
    m_restoredDurable.clear();
}

void DownloadFile::letGo()
{
    if (FileWriter *writer = std::exchange(m_writer, nullptr)) {
        writer->disconnect(m_receiver);
        writer->close();  // still runs on the pool after the object is gone
        writer->deleteLater();
    }
}

void DownloadFile::moveTo(const QString &folder, const QString &leaf, std::function<void(const Result<void> &result)> done)
{
    Q_ASSERT(!m_move);
    m_move = std::make_shared<MoveJob>(m_receiver);
    if (m_writer && m_writer->isOpen()) {
        // Every queued write lands and is synced first; then what was written is what a reopen trusts.
        QObject::connect(m_writer, &FileWriter::closed, m_receiver, [this, folder, leaf, done] { movePart(folder, leaf, done); },
                         Qt::SingleShotConnection);
        m_writer->close();
        return;
    }
    movePart(folder, leaf, std::move(done));
}

void DownloadFile::movePart(const QString &folder, const QString &newLeaf, std::function<void(const Result<void> &result)> done)
{
    if (m_writer) {
        // A failed writer, or one just closed: what it wrote is on disk, and a new writer reopens it.
        m_restoredDurable = m_partPath.isEmpty() ? QList<ByteRange>{} : m_writer->writtenRanges();
        m_written = ByteRanges::total(m_restoredDurable);
        dropWriter();
    }
    const QString leaf = newLeaf.isEmpty() ? fileName() : newLeaf;
    if (m_partPath.isEmpty()) {
        m_move.reset();  // nothing on disk yet: the next attempt creates the file in the new folder
        m_finalPath.clear();
        m_leafName = leaf;
        done({});
        return;
    }
    std::shared_ptr<MoveJob> job = m_move;
    m_disk.pool->start([this, job, from = m_partPath, leaf, folder, done = std::move(done)] {
        const Result<QString> moved = PartMove::move(from, leaf, folder);
        const QString now = moved ? moved.value() : from;
        {
            QMutexLocker lock(&job->mutex);
            if (job->removeAfter) {
                const PartFile::Removal removal = PartFile::removeFile(now);
                if (job->removeDone)
                    job->removeDone(removal.path, removal.result);
                return;
            }
        }
        // Told on the receiver's thread; not at all when the download is gone.
        job->replies.post([this, moved, folder, leaf, done] {
            m_move.reset();
            if (moved) {
                m_partPath = moved.value();
                m_leafName = leaf;
                m_finalPath = QDir::cleanPath(folder) % u'/' % leaf;
                done({});
            } else {
                done(moved.error());
            }
        });
    });
}

void DownloadFile::remove(std::function<void(const QString &path, const Result<void> &result)> done)
{
    if (m_move && !m_writer) {
        // The move's task deletes the file where it ends up.
        QMutexLocker lock(&m_move->mutex);
        m_move->removeAfter = true;
        m_move->removeDone = std::move(done);
    } else if (m_writer) {
        m_move.reset();  // a move still waiting for the close is called off: the file goes instead
        FileWriter *writer = std::exchange(m_writer, nullptr);
        writer->disconnect(m_receiver);
        writer->remove(std::move(done));  // still runs on the pool after the object is gone
        writer->deleteLater();
    } else if (const QString path = m_partPath.isEmpty() ? m_finalPath : m_partPath; !path.isEmpty()) {
        // A file of an earlier run: the .part while unfinished, else the final file.
        FileWriter *writer = makeWriter();
        writer->disconnect(m_receiver);
        writer->removeFile(path, std::move(done));
        writer->deleteLater();
    }
    // The .part is going: nothing is left for a later discard() to delete.
    m_partPath.clear();
    m_restoredDurable.clear();
    m_failed = false;
}

QList<ByteRange> DownloadFile::durableRanges() const
{
    return m_writer ? m_writer->durableRanges() : m_restoredDurable;
}

QString DownloadFile::fileName() const
{
    if (!m_finalPath.isEmpty())
        return QFileInfo(m_finalPath).fileName();
    return m_leafName;
}
