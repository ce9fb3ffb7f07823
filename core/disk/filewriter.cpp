#include "disk/filewriter.h"

#include "disk/writebudget.h"
#include "disk/writerstrand.h"

#include <QLoggingCategory>
#include <algorithm>

namespace {

Q_LOGGING_CATEGORY(lcWriter, "gather.filewriter")

} // namespace

FileWriter::FileWriter(QThreadPool *pool, WriteBudget *budget, std::shared_ptr<SyncGroup> syncGroup,
                       QObject *parent)
    : QObject(parent)
    , m_strand(std::make_shared<WriterStrand>(pool, std::move(syncGroup)))
    , m_budget(budget)
{
    m_strand->attach(this, [this](const WriterStrand::Event &event) {
        using Kind = WriterStrand::Event::Kind;
        switch (event.kind) {
        case Kind::Opened:
            onOpened(event.partPath, event.finalPath, event.size);
            break;
        case Kind::Skipped:
            onSkipped(event.finalPath);
            break;
        case Kind::Written:
            onWritten(event.written, event.released);
            break;
        case Kind::Truncated:
            onTruncated(event.size);
            break;
        case Kind::Synced:
            onSynced();
            break;
        case Kind::Finished:
            onFinished(event.finalPath);
            break;
        case Kind::Failed:
            onFailed(event.error);
            break;
        case Kind::Closed:
            onClosed();
            break;
        }
    });
}

FileWriter::~FileWriter()
{
    // Queued operations keep the strand alive and still run; they just report to no one.
    m_strand->detach();
    unwatchBudget();
    if (m_budget)
        m_budget->give(m_inFlight);
}

void FileWriter::create(const QString &dir, const QString &leafName, ExistingFile policy)
{
    if (!canStartOpening()) {
        qCWarning(lcWriter) << "create() while a file is open; ignored";
        return;
    }
    m_state = State::Opening;
    m_written.clear();
    m_durable.clear();
    m_writtenTotal = 0;
    m_trusted.reset();
    m_strand->create(dir, leafName, policy);
}

void FileWriter::reopen(const QString &partPath, const QString &finalPath, ExistingFile policy,
                        std::optional<QList<ByteRange>> trusted)
{
    if (!canStartOpening()) {
        qCWarning(lcWriter) << "reopen() while a file is open; ignored";
        return;
    }
    m_state = State::Opening;
    m_written.clear();
    m_durable.clear();
    m_writtenTotal = 0;
    m_trusted = std::move(trusted);
    m_strand->reopen(partPath, finalPath, policy);
}

bool FileWriter::write(qint64 offset, QByteArray data)
{
    if ((m_state != State::Opening && m_state != State::Open) || offset < 0)
        return false;
    if (data.isEmpty())
        return true;
    const qint64 size = data.size();
    m_inFlight += size;
    if (m_budget)
        m_budget->take(size);
    if (!canAccept())
        m_blocked = true;
    m_strand->write(offset, std::move(data));
    return true;
}

void FileWriter::truncate(qint64 size)
{
    if ((m_state == State::Opening || m_state == State::Open) && size >= 0)
        m_strand->truncate(size);
}

void FileWriter::sync()
{
    if (m_state == State::Opening || m_state == State::Open)
        m_strand->sync();
}

void FileWriter::finish(qint64 expectedSize, const std::optional<ChecksumSpec> &checksum)
{
    if (m_state != State::Opening && m_state != State::Open) {
        qCWarning(lcWriter) << "finish() on a writer that is not open; ignored";
        return;
    }
    m_state = State::Closing;
    m_strand->finish(expectedSize, checksum);
}

void FileWriter::close()
{
    if (m_state == State::Opening || m_state == State::Open)
        m_state = State::Closing;
    m_strand->close();
}

void FileWriter::discard()
{
    if (m_state == State::Opening || m_state == State::Open)
        m_state = State::Closing;
    m_strand->discard();
}

void FileWriter::remove(RemoveDone done)
{
    if (m_state == State::Opening || m_state == State::Open)
        m_state = State::Closing;
    m_strand->remove(std::move(done));
}

void FileWriter::removeFile(const QString &path, RemoveDone done)
{
    m_strand->removePath(path, std::move(done));
}

bool FileWriter::canAccept() const
{
    const bool ownRoom = m_inFlight < m_maxInFlight;
    const bool sharedRoom = !m_budget || m_budget->hasRoom();
    if (ownRoom && sharedRoom)
        return true;
    m_blocked = true;
    // Our own completions wake us when our own limit is the reason; the shared budget only
    // when it is, because another writer may be the one holding it.
    if (!sharedRoom && m_budgetListener == 0) {
        FileWriter *self = const_cast<FileWriter *>(this);
        m_budgetListener = m_budget->addRoomListener([self] { self->onBudgetRoom(); });
    }
    return false;
}

void FileWriter::unwatchBudget()
{
    if (m_budget && m_budgetListener != 0)
        m_budget->removeRoomListener(m_budgetListener);
    m_budgetListener = 0;
}

qint64 FileWriter::bytesInFlight() const
{
    return m_inFlight;
}

qint64 FileWriter::bytesWritten() const
{
    return !m_written.isEmpty() && m_written.first().begin == 0 ? m_written.first().end : 0;
}

QList<ByteRange> FileWriter::durableRanges() const
{
    return m_durable;
}

QString FileWriter::partPath() const
{
    return m_partPath;
}

QString FileWriter::finalPath() const
{
    return m_finalPath;
}

bool FileWriter::isOpen() const
{
    return m_state == State::Open;
}

void FileWriter::onOpened(const QString &partPath, const QString &finalPath, qint64 existingSize)
{
    m_partPath = partPath;
    m_finalPath = finalPath;
    if (m_trusted) {
        m_written = *std::exchange(m_trusted, std::nullopt);
        ByteRanges::clip(m_written, existingSize);
    } else if (existingSize > 0) {
        m_written = {ByteRange{0, existingSize}};
    }
    m_durable = m_written;
    m_sinceDurable.start();
    m_writtenTotal = ByteRanges::total(m_written);
    if (m_state == State::Opening)
        m_state = State::Open;
    Q_EMIT opened(partPath, finalPath);
}

void FileWriter::onSkipped(const QString &existingPath)
{
    m_finalPath = existingPath;
    m_state = State::Closed;
    Q_EMIT skipped(existingPath);
}

void FileWriter::onWritten(const QList<ByteRange> &written, qint64 released)
{
    for (const ByteRange &range : written)
        ByteRanges::insert(m_written, range);
    if (!written.isEmpty())
        m_writtenTotal = ByteRanges::total(m_written);
    m_inFlight -= released;
    if (!written.isEmpty())
        Q_EMIT progressed(bytesWritten());
    if (m_budget)
        m_budget->give(released);  // may already report drained() through onBudgetRoom()
    if (m_blocked && canAccept()) {
        unwatchBudget();
        m_blocked = false;
        Q_EMIT drained();
    }
}

void FileWriter::onTruncated(qint64 size)
{
    ByteRanges::clip(m_written, size);
    m_writtenTotal = ByteRanges::total(m_written);
    const bool durableShrank = ByteRanges::clip(m_durable, size);
    Q_EMIT progressed(bytesWritten());
    if (durableShrank)
        Q_EMIT durableChanged(m_durable);
}

void FileWriter::checkpoint()
{
    const bool waiting = m_writtenTotal > ByteRanges::total(m_durable);
    if (waiting && m_sinceDurable.isValid() && m_sinceDurable.hasExpired(WriterStrand::kAutoSyncMaxAgeMs)) {
        m_sinceDurable.start();  // one request per period, not one per tick until the answer
        sync();
    }
}

void FileWriter::onSynced()
{
    m_sinceDurable.start();
    m_durable = m_written;
    Q_EMIT durableChanged(m_durable);
}

void FileWriter::onFinished(const QString &finalPath)
{
    m_finalPath = finalPath;
    m_state = State::Closed;
    Q_EMIT finished(finalPath);
}

void FileWriter::onFailed(const DownloadError &error)
{
    m_state = State::Failed;
    Q_EMIT failed(error);
}

void FileWriter::onClosed()
{
    m_state = State::Closed;
    Q_EMIT closed();
}

void FileWriter::onBudgetRoom()
{
    unwatchBudget();
    if (m_blocked && (m_state == State::Opening || m_state == State::Open) && canAccept()) {
        m_blocked = false;
        Q_EMIT drained();
    }
}

bool FileWriter::canStartOpening() const
{
    return m_state == State::Idle || m_state == State::Closed || m_state == State::Failed;
}
