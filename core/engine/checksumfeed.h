#pragma once

#include "base/downloaderror.h"
#include "engine/download.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <functional>
#include <memory>

struct ChecksumList;
class GuardedReceiver;
class QObject;
class QThreadPool;

// Checksum files listed as links (SHA256SUMS among the URLs of one add()): the manager fetches
// them first; once one has arrived it is read on the disk pool and each other download of that
// batch whose file it names gets the checksum before it finishes. A download that finished before
// the sums arrived is checked afterwards on the disk pool and fails with both digests on a
// mismatch. GUI thread; owned by the DownloadManager.
class ChecksumFeed final
{
    Q_DISABLE_COPY_MOVE(ChecksumFeed)

public:
    using Finder = std::function<Download *(DownloadId id)>;

    // receiver: the thread answers from the pool come back to; find: a listed download, or null.
    ChecksumFeed(QThreadPool *pool, QObject *receiver, Finder find);
    ~ChecksumFeed();

    // The ids of one add(), in order; returns those that are checksum files (to fetch first).
    QList<DownloadId> watch(const QList<DownloadId> &ids);
    // Tells the feed a download reached a final state.
    void finished(DownloadId id);
    // A checksum file is being read or a finished file checked: the batch is not done yet.
    bool isBusy() const { return m_running > 0; }
    // Runs when the last piece of such work is done.
    void setSettled(std::function<void()> settled) { m_settled = std::move(settled); }

    // Completed downloads are hashed this many bytes at a time, off the GUI thread.
    static Result<QByteArray> hashFile(const QString &path, QCryptographicHash::Algorithm algorithm);

private:
    struct Batch {
        QList<DownloadId> members;  // the downloads the checksum files may name
    };

    void read(DownloadId sumsId, std::shared_ptr<Batch> batch);
    void apply(const ChecksumList &sums, const QString &source, const Batch &batch);
    void verifyAfterwards(DownloadId id, const ChecksumSpec &checksum);
    void workDone();

    QThreadPool *m_pool;
    std::shared_ptr<GuardedReceiver> m_replies;
    Finder m_find;
    QHash<DownloadId, std::shared_ptr<Batch>> m_batchOfSums;   // each listed checksum file's batch
    QHash<DownloadId, QString> m_verifyWhenDone;  // finishing without the checksum: check after, from which file
    int m_running = 0;  // pool tasks whose answer has not come back
    std::function<void()> m_settled;
};
