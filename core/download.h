#pragma once

#include "downloaderror.h"
#include "downloadsettings.h"
#include "downloadstate.h"
#include "filewriter.h"
#include "speedmeter.h"
#include "urlentry.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

class ConnectionBudget;
class SyncGroup;
class HttpAttempt;
class NetworkPool;
class QThreadPool;
class WriteBudget;
struct AttemptResult;
struct DownloadSegment;
struct ResponseInfo;

using DownloadId = quint64;

// What a Download needs from the engine, passed by the manager. Plain data.
struct DownloadContext {
    NetworkPool *network = nullptr;
    QThreadPool *diskPool = nullptr;
    WriteBudget *budget = nullptr;
    const DownloadSettings *settings = nullptr;
    ConnectionBudget *connections = nullptr;  // extra connections for segments; null = no limit
    std::shared_ptr<SyncGroup> syncGroup;     // shared syncs for files finishing together
};

// One URL's whole life: attempts and retries, pause/resume with validated ranges, the file it
// writes and the verdict. Fetches the file over one connection, or over several at once, each
// taking its own byte range, when the server takes ranges (settings.split). Owns its segments'
// HttpAttempts and its FileWriter. GUI thread.
class Download final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Download)

public:
    Download(DownloadId id, UrlEntry entry, DownloadContext context, QObject *parent = nullptr);
    ~Download() override;

    // Control. The manager calls start() when a slot is free; the rest come from the user.
    void start();
    void pause();
    void resume();
    void cancel();
    void retry();
    // Ctrl-C: stop the transfer, flush and fsync what arrived, keep the .part; emits stopped().
    void shutdown();
    // Stops like cancel() and deletes the file this download wrote: the completed file or the
    // .part it kept, after every write queued before, on the disk pool. done runs on a pool
    // thread, and only when there was a file; a download skipped under ExistingFile::Skip owns
    // no file. Used by the manager right before it removes the download.
    void deleteFile(FileWriter::RemoveDone done);
    // Called by the manager a few times a second while active: speed and the low-speed watchdog.
    void tick();

    DownloadId id() const { return m_id; }
    const UrlEntry &entry() const { return m_entry; }
    QUrl url() const { return m_entry.url; }
    QUrl finalUrl() const { return m_finalUrl; }
    DownloadState state() const { return m_state; }
    QString folder() const;
    QString fileName() const;        // leaf, once known
    QString filePath() const;        // final path once completed (the old file if skipped), else the .part
    qint64 bytesReceived() const { return m_written; }  // written to disk successfully
    int connectionCount() const;                        // connections fetching right now
    qint64 totalBytes() const { return m_total; }       // -1 unknown
    qint64 bytesPerSecond() const { return m_speed.bytesPerSecond(); }
    DownloadError error() const { return m_error; }
    QString note() const { return m_note; }             // a visible remark, e.g. a restart from zero
    int attempts() const { return m_attempts; }
    // Automatic retries used since the last retry() or the last attempt that made real progress.
    int retriesUsed() const { return m_retriesUsed; }
    QDateTime addedAt() const { return m_addedAt; }      // UTC: local time is a conversion per call
    qint64 elapsedMs() const;                           // time spent active so far
    QByteArray etag() const { return m_etag; }
    QByteArray lastModified() const { return m_lastModified; }
    QString originKey() const { return m_origin; }  // scheme://host:port, for per-host limits
    // Byte ranges of the .part known to be on disk (fsynced): what a saved record may claim.
    QList<ByteRange> durableRanges() const;

Q_SIGNALS:
    void changed(DownloadId id);
    void stateChanged(DownloadId id, DownloadState from, DownloadState to);
    void stopped(DownloadId id);  // shutdown() finished flushing
    void durableChanged(DownloadId id);  // durableRanges() grew (after an fsync)

private:
    void setState(DownloadState state);
    void touch();
    void beginAttempt();
    void onResponse(DownloadSegment *segment, const ResponseInfo &info);
    bool adoptFollowerResponse(DownloadSegment *segment, const ResponseInfo &info);
    void onSegmentFinished(DownloadSegment *segment, const AttemptResult &result);
    bool finishSegmentCleanly(DownloadSegment *segment, const AttemptResult &result);
    void onWriterOpened(const QString &partPath, const QString &finalPath);
    void onWriterFailed(const DownloadError &error);
    void onWriterSkipped(const QString &existingPath);
    void pump();
    bool readSegment(DownloadSegment *segment);
    void flushPending();
    void flushSegment(DownloadSegment *segment);
    void settle();
    void planSegments();
    DownloadSegment *startSegment(qint64 begin, qint64 end, bool extra);
    void startSegmentAttempt(DownloadSegment *segment);
    void dropSegment(DownloadSegment *segment, bool keepBytes);
    void dropAttempt();
    void abortTransfer(const DownloadError &error);
    void releaseConnection(DownloadSegment *segment);
    void completeBody();
    void fail(const DownloadError &error);
    void scheduleRetry(const DownloadError &error, std::optional<qint64> retryAfterMs);
    void stopAttempt();
    void ensureWriter();
    void replaceFailedWriter();
    void connectWriter();
    void restartFromZero(const QString &why);
    bool hasValidator() const;
    bool sameFileAs(const ResponseInfo &info) const;
    qint64 receivedTotal() const;  // handed to the writer plus read and not yet handed
    bool hasLiveSegments() const;
    void noteProgress(const DownloadSegment *segment);
    void drainSegment(DownloadSegment *segment, HttpAttempt *attempt);
    void sweepSegments();

    // Keeps segment pointers valid while in use: segments that ended are erased only when the
    // outermost user leaves, since a read can end a connection (and plan others) re-entrantly.
    class SegmentUse final
    {
        Q_DISABLE_COPY_MOVE(SegmentUse)
    public:
        explicit SegmentUse(Download *download) : m_download(download) { ++download->m_segmentUsers; }
        ~SegmentUse()
        {
            if (--m_download->m_segmentUsers == 0)
                m_download->sweepSegments();
        }
    private:
        Download *m_download;
    };

    DownloadId m_id;
    UrlEntry m_entry;
    DownloadContext m_context;
    DownloadState m_state = DownloadState::Queued;
    QDateTime m_addedAt;
    QUrl m_finalUrl;
    QString m_origin;

    // The connections at work, and finished ones whose bytes still wait for the file to open.
    std::vector<std::unique_ptr<DownloadSegment>> m_segments;
    FileWriter *m_writer = nullptr;
    QTimer *m_retryTimer = nullptr;
    QList<ByteRange> m_handed;  // file ranges handed to the writer
    qint64 m_written = 0;
    qint64 m_total = -1;
    QByteArray m_etag;
    QByteArray m_lastModified;
    QString m_partPath;
    QString m_finalPath;
    QString m_leafName;
    QString m_note;
    DownloadError m_error;
    int m_attempts = 0;
    int m_retriesUsed = 0;
    bool m_forceRestart = false;
    bool m_bodyDone = false;       // the response body fully arrived; waiting for the writer
    bool m_shuttingDown = false;
    bool m_splittable = false;     // the server takes ranges and names a validator
    int m_connectionCap = 0;       // lowered when the server refused an extra connection; 0 = settings
    int m_segmentUsers = 0;
    SpeedMeter m_speed;
    QElapsedTimer m_clock;          // started at the first start()
    qint64 m_endedMs = -1;          // m_clock time when a final state was reached
    qint64 m_watchStartMs = 0;      // low-speed watchdog window
    qint64 m_watchStartBytes = 0;
    bool m_writerFailed = false;
    // Fixed when the name is chosen, so a later settings change cannot alter a file in flight.
    DownloadSettings::ExistingFile m_existingFile = DownloadSettings::ExistingFile::Rename;
};
