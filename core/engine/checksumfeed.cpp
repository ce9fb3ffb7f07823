#include "engine/checksumfeed.h"

#include "base/guardedreceiver.h"
#include "intake/checksumapplier.h"
#include "intake/checksumfile.h"
#include "intake/textfilereader.h"

#include <QFile>
#include <QFileInfo>
#include <QThreadPool>

ChecksumFeed::ChecksumFeed(QThreadPool *pool, QObject *receiver, Finder find)
    : m_pool(pool)
    , m_replies(std::make_shared<GuardedReceiver>(receiver))
    , m_find(std::move(find))
{
}

ChecksumFeed::~ChecksumFeed()
{
    m_replies->detach();
}

QList<DownloadId> ChecksumFeed::watch(const QList<DownloadId> &ids)
{
    QList<DownloadId> sums;
    std::shared_ptr<Batch> batch;
    for (const DownloadId id : ids) {
        const Download *download = m_find(id);
        if (download && ChecksumFile::isChecksumFileName(ChecksumApplier::nameOf(download->entry())))
            sums.append(id);
    }
    if (sums.isEmpty() || sums.size() == ids.size())
        return sums;
    batch = std::make_shared<Batch>();
    batch->members.reserve(ids.size() - sums.size());
    for (const DownloadId id : ids) {
        if (!sums.contains(id))
            batch->members.append(id);
    }
    for (const DownloadId id : std::as_const(sums))
        m_batchOfSums.insert(id, batch);
    return sums;
}

void ChecksumFeed::finished(DownloadId id)
{
    Download *download = m_find(id);
    if (const QString source = m_verifyWhenDone.take(id); !source.isEmpty() && download
        && download->state() == DownloadState::Completed && download->entry().checksum) {
        verifyAfterwards(id, *download->entry().checksum);
    }
    const std::shared_ptr<Batch> batch = m_batchOfSums.take(id);
    if (batch && download && download->state() == DownloadState::Completed)
        read(id, batch);
}

void ChecksumFeed::read(DownloadId sumsId, std::shared_ptr<Batch> batch)
{
    const QString path = m_find(sumsId)->filePath();
    ++m_running;
    m_pool->start([this, replies = m_replies, path, batch = std::move(batch)] {
        const Result<QString> text = TextFileReader::read(path, ChecksumFile::kMaxBytes);
        const QString name = QFileInfo(path).fileName();
        // Unreadable sums verify nothing; the downloads go on as they were.
        ChecksumList sums = text ? ChecksumFile::parse(*text, name) : ChecksumList{};
        replies->post([this, sums = std::move(sums), name, batch] {
            apply(sums, name, *batch);
            workDone();
        });
    });
}

void ChecksumFeed::apply(const ChecksumList &sums, const QString &source, const Batch &batch)
{
    for (const DownloadId id : batch.members) {
        Download *download = m_find(id);
        if (!download)
            continue;  // removed meanwhile
        const QString name = download->fileName().isEmpty() ? ChecksumApplier::nameOf(download->entry()) : download->fileName();
        const auto listed = sums.byName.constFind(name);
        if (listed == sums.byName.constEnd() || !download->expectChecksum(*listed, source))
            continue;
        if (download->state() == DownloadState::Completed)
            verifyAfterwards(id, *listed);
        else if (!DownloadStates::isFinal(download->state()))
            m_verifyWhenDone.insert(id, source);  // being verified without it right now
    }
}

void ChecksumFeed::verifyAfterwards(DownloadId id, const ChecksumSpec &checksum)
{
    const QString path = m_find(id)->filePath();
    ++m_running;
    m_pool->start([this, replies = m_replies, id, path, checksum] {
        const Result<QByteArray> actual = hashFile(path, checksum.algorithm);
        replies->post([this, id, checksum, actual] {
            Download *download = m_find(id);
            if (!download) {
                workDone();
                return;
            }
            if (!actual) {
                download->failVerification(DownloadError::make(ErrorKind::Checksum,
                    QStringLiteral("Could not check the finished file: %1").arg(actual.problem())));
            } else if (actual.value() != checksum.expected) {
                download->failVerification(DownloadError::make(ErrorKind::Checksum,
                    QStringLiteral("Checksum mismatch (%1): expected %2, got %3; the file stays at %4")
                        .arg(checksum.algorithmName(), checksum.expectedHex(), QString::fromLatin1(actual.value().toHex()),
                             download->filePath())));
            }
            workDone();
        });
    });
}

void ChecksumFeed::workDone()
{
    if (--m_running == 0 && m_settled)
        m_settled();
}

Result<QByteArray> ChecksumFeed::hashFile(const QString &path, QCryptographicHash::Algorithm algorithm)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Result<QByteArray>::invalid(QStringLiteral("%1: %2").arg(path, file.errorString()));
    QCryptographicHash hash(algorithm);
    if (!hash.addData(&file))
        return Result<QByteArray>::invalid(QStringLiteral("%1: %2").arg(path, file.errorString()));
    return hash.result();
}
