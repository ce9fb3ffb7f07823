#include "disk/writerstrand.h"

#include "disk/syncgroup.h"

#include <QMetaObject>
#include <QMutexLocker>
#include <QObject>
#include <QThreadPool>
#include <utility>

namespace {

// Completions go back in batches so a fast disk does not send one event per chunk, yet memory is
// released soon enough that the network side keeps reading.
constexpr qint64 kFlushBytes = 1024 * 1024;

} // namespace

WriterStrand::WriterStrand(QThreadPool *pool, std::shared_ptr<SyncGroup> syncGroup)
    : m_pool(pool)
    , m_syncGroup(std::move(syncGroup))
    , m_file(m_syncGroup.get())
{
}

void WriterStrand::attach(QObject *receiver, Deliver deliver)
{
    QMutexLocker lock(&m_mutex);
    m_receiver = receiver;
    m_deliver = std::move(deliver);
}

void WriterStrand::detach()
{
    QMutexLocker lock(&m_mutex);
    m_receiver = nullptr;
    m_deliver = {};
}

void WriterStrand::create(const QString &dir, const QString &leaf, PartFile::ExistingFile policy)
{
    Operation op(Operation::Kind::Create);
    op.first = dir;
    op.second = leaf;
    op.policy = policy;
    enqueue(std::move(op));
}

void WriterStrand::reopen(const QString &partPath, const QString &finalPath, PartFile::ExistingFile policy)
{
    Operation op(Operation::Kind::Reopen);
    op.first = partPath;
    op.second = finalPath;
    op.policy = policy;
    enqueue(std::move(op));
}

void WriterStrand::write(qint64 offset, QByteArray data)
{
    Operation op(Operation::Kind::Write);
    op.offset = offset;
    op.data = std::move(data);
    enqueue(std::move(op));
}

void WriterStrand::truncate(qint64 size)
{
    Operation op(Operation::Kind::Truncate);
    op.offset = size;
    enqueue(std::move(op));
}

void WriterStrand::sync()
{
    enqueue(Operation(Operation::Kind::Sync));
}

void WriterStrand::finish(qint64 expectedSize, const std::optional<ChecksumSpec> &checksum)
{
    Operation op(Operation::Kind::Finish);
    op.offset = expectedSize;
    op.checksum = checksum;
    enqueue(std::move(op));
}

void WriterStrand::close()
{
    enqueue(Operation(Operation::Kind::Close));
}

void WriterStrand::discard()
{
    enqueue(Operation(Operation::Kind::Discard));
}

void WriterStrand::remove(RemoveDone done)
{
    Operation op(Operation::Kind::Remove);
    op.done = std::move(done);
    enqueue(std::move(op));
}

void WriterStrand::removePath(const QString &path, RemoveDone done)
{
    Operation op(Operation::Kind::Remove);
    op.first = path;
    op.done = std::move(done);
    enqueue(std::move(op));
}

void WriterStrand::enqueue(Operation operation)
{
    {
        QMutexLocker lock(&m_mutex);
        m_queue.push_back(std::move(operation));
        if (m_running)
            return;
        m_running = true;
    }
    m_pool->start([self = shared_from_this()] { self->drain(); });
}

void WriterStrand::drain()
{
    std::deque<Operation> batch;
    {
        QMutexLocker lock(&m_mutex);
        batch.swap(m_queue);
    }
    for (Operation &operation : batch)
        run(operation);
    flushWritten();
    {
        QMutexLocker lock(&m_mutex);
        if (m_queue.empty()) {
            m_running = false;
            return;
        }
    }
    // Requeue instead of looping, so the other writers' tasks waiting in the pool get a turn.
    m_pool->start([self = shared_from_this()] { self->drain(); });
}

void WriterStrand::run(Operation &operation)
{
    using Kind = Operation::Kind;
    if (operation.kind == Kind::Write) {
        runWrite(operation);
        return;
    }
    flushWritten();
    const bool usable = !m_failed && m_file.isOpen();
    switch (operation.kind) {
    case Kind::Create:
    case Kind::Reopen:
        runOpen(operation);
        return;
    case Kind::Truncate:
        if (!usable)
            return;
        if (const Result<void> done = m_file.truncate(operation.offset); !done) {
            fail(done.error());
            return;
        }
        post(Event{Event::Kind::Truncated, {}, 0, operation.offset, {}, {}, {}});
        return;
    case Kind::Sync:
        if (usable)
            syncNow();
        return;
    case Kind::Finish:
        runFinish(operation);
        return;
    case Kind::Close: {
        const bool wasOpen = m_file.isOpen();
        if (const Result<void> done = m_file.close(); !done) {
            fail(done.error());
        } else if (wasOpen) {
            m_unsynced = 0;
            post(Event{Event::Kind::Synced, {}, 0, 0, {}, {}, {}});
        }
        post(Event{Event::Kind::Closed, {}, 0, 0, {}, {}, {}});
        return;
    }
    case Kind::Discard:
        m_file.discard();
        post(Event{Event::Kind::Closed, {}, 0, 0, {}, {}, {}});
        return;
    case Kind::Remove: {
        const PartFile::Removal removal = operation.first.isEmpty() ? m_file.remove() : PartFile::removeFile(operation.first);
        if (!removal.path.isEmpty() && operation.done)
            operation.done(removal.path, removal.result);
        post(Event{Event::Kind::Closed, {}, 0, 0, {}, {}, {}});
        return;
    }
    case Kind::Write:
        return;
    }
}

void WriterStrand::runOpen(const Operation &operation)
{
    m_failed = false;
    m_unsynced = 0;
    m_sinceSync.start();
    const Result<void> opened = operation.kind == Operation::Kind::Create
        ? m_file.create(operation.first, operation.second, operation.policy)
        : m_file.reopen(operation.first, operation.second, operation.policy);
    if (!opened) {
        fail(opened.error());
        return;
    }
    if (m_file.skipped()) {
        post(Event{Event::Kind::Skipped, {}, 0, 0, {}, m_file.finalPath(), {}});
        return;
    }
    // What an earlier run left may still sit only in the page cache; once synced, all of it
    // can be reported as written and durable.
    if (operation.kind == Operation::Kind::Reopen) {
        if (const Result<void> done = m_file.sync(); !done) {
            fail(done.error());
            return;
        }
    }
    const qint64 existing = qMax<qint64>(0, m_file.size());
    post(Event{Event::Kind::Opened, {}, 0, existing, m_file.partPath(), m_file.finalPath(), {}});
}

void WriterStrand::runWrite(Operation &operation)
{
    const qint64 size = operation.data.size();
    if (!m_failed && m_file.isOpen()) {
        if (const Result<void> done = m_file.write(operation.offset, operation.data); !done) {
            fail(done.error());
        } else {
            ByteRanges::insert(m_pendingWritten.written, ByteRange{operation.offset, operation.offset + size});
            m_unsynced += size;
        }
    }
    operation.data = QByteArray();  // the memory goes now, not when the whole batch is done
    m_pendingWritten.released += size;
    if (m_pendingWritten.released >= kFlushBytes)
        flushWritten();
    const bool due = m_sinceSync.hasExpired(kAutoSyncMaxAgeMs)
        || (m_unsynced >= kAutoSyncBytes && m_sinceSync.hasExpired(kAutoSyncIntervalMs));
    if (!m_failed && m_unsynced > 0 && due)
        syncNow();
}

void WriterStrand::runFinish(const Operation &operation)
{
    if (m_failed)
        return;
    if (!m_file.isOpen()) {
        fail(DownloadError::make(ErrorKind::Disk, QStringLiteral("Cannot finish: the file is not open")));
        return;
    }
    // Data only: commit() syncs the folder after the rename, which makes the name durable too.
    if (!syncNow(PartFile::SyncScope::Data))
        return;
    if (const Result<void> done = m_file.verify(operation.offset, operation.checksum); !done) {
        fail(done.error());
        return;
    }
    if (const Result<void> done = m_file.commit(); !done) {
        fail(done.error());
        return;
    }
    post(Event{Event::Kind::Finished, {}, 0, 0, {}, m_file.finalPath(), {}});
}

bool WriterStrand::syncNow(PartFile::SyncScope scope)
{
    if (const Result<void> done = m_file.sync(scope); !done) {
        fail(done.error());
        return false;
    }
    m_unsynced = 0;
    m_sinceSync.start();
    flushWritten();  // the receiver must know every range this sync covers before it hears of it
    post(Event{Event::Kind::Synced, {}, 0, 0, {}, {}, {}});
    return true;
}

void WriterStrand::fail(const DownloadError &error)
{
    if (m_failed)
        return;
    m_failed = true;
    flushWritten();
    post(Event{Event::Kind::Failed, {}, 0, 0, {}, {}, error});
}

void WriterStrand::flushWritten()
{
    if (m_pendingWritten.released == 0 && m_pendingWritten.written.isEmpty())
        return;
    Event event = std::exchange(m_pendingWritten, Event{});
    event.kind = Event::Kind::Written;
    post(std::move(event));
}

void WriterStrand::post(Event event)
{
    QMutexLocker lock(&m_mutex);
    if (!m_receiver)
        return;
    QMetaObject::invokeMethod(
        m_receiver, [deliver = m_deliver, event = std::move(event)] { deliver(event); },
        Qt::QueuedConnection);
}
