#include "engine/downloadfile.h"

#include "disk/filewriter.h"

#include <QFileInfo>

DownloadFile::DownloadFile(Disk disk, QObject *parent)
    : QObject(parent)
    , m_disk(std::move(disk))
{
}

DownloadFile::~DownloadFile() = default;

FileWriter *DownloadFile::makeWriter()
{
    auto *writer = new FileWriter(m_disk.pool, m_disk.budget, m_disk.syncGroup, this);
    m_failed = false;
    connect(writer, &FileWriter::opened, this, [this](const QString &partPath, const QString &finalPath) {
        m_partPath = partPath;
        m_finalPath = finalPath;
        m_leafName = QFileInfo(finalPath).fileName();
        Q_EMIT opened();
    });
    connect(writer, &FileWriter::skipped, this, [this](const QString &existingPath) {
        dropWriter();
        m_written = 0;
        m_partPath.clear();
        Q_EMIT skipped(existingPath);
    });
    connect(writer, &FileWriter::progressed, this, [this] {
        m_written = m_writer->writtenTotal();
        Q_EMIT progressed();
    });
    connect(writer, &FileWriter::drained, this, &DownloadFile::drained);
    connect(writer, &FileWriter::durableChanged, this, &DownloadFile::durableChanged);
    connect(writer, &FileWriter::failed, this, [this](const DownloadError &error) {
        m_failed = true;
        m_writer->close();  // keeps the .part for a retry, but releases the descriptor now
        Q_EMIT failed(error);
    });
    connect(writer, &FileWriter::finished, this, [this](const QString &finalPath) {
        m_finalPath = finalPath;
        m_partPath.clear();
        Q_EMIT finished();
    });
    connect(writer, &FileWriter::closed, this, &DownloadFile::closed);
    return writer;
}

void DownloadFile::dropWriter()
{
    if (FileWriter *writer = std::exchange(m_writer, nullptr)) {
        writer->disconnect(this);
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

void DownloadFile::adoptExisting(const QString &path)
{
    m_finalPath = path;
    m_leafName = QFileInfo(path).fileName();
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
        writer->disconnect(this);
        writer->discard();  // still runs on the pool after the object is gone
        writer->deleteLater();
    }
    m_failed = false;
    m_written = 0;
    m_partPath.clear();
    m_finalPath.clear();
}

void DownloadFile::remove(std::function<void(const QString &path, const Result<void> &result)> done)
{
    if (!m_writer)
        return;
    FileWriter *writer = std::exchange(m_writer, nullptr);
    writer->disconnect(this);
    writer->remove(std::move(done));  // still runs on the pool after the object is gone
    writer->deleteLater();
    m_failed = false;
}

QList<ByteRange> DownloadFile::durableRanges() const
{
    return m_writer ? m_writer->durableRanges() : QList<ByteRange>{};
}

QString DownloadFile::fileName() const
{
    if (!m_finalPath.isEmpty())
        return QFileInfo(m_finalPath).fileName();
    return m_leafName;
}
