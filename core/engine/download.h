#pragma once

#include "base/byteranges.h"
#include "base/downloaderror.h"
#include "base/downloadsettings.h"
#include "base/downloadstate.h"
#include "base/result.h"
#include "base/urlentry.h"
#include "engine/downloadsnapshot.h"
#include "engine/filelistener.h"
#include "engine/propertychanges.h"
#include "engine/segmentview.h"
#include "engine/linkcheck.h"
#include "engine/speedmeter.h"
#include "engine/transferlistener.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

class ConnectionBudget;
class DownloadFile;
class NetworkPool;
class RateLimiter;
class QThreadPool;
class SegmentedTransfer;
class SyncGroup;
class WriteBudget;

using DownloadId = quint64;

// What a Download needs from the engine, passed by the manager. Plain data.
struct DownloadContext {
    NetworkPool *network = nullptr;
    QThreadPool *diskPool = nullptr;
    WriteBudget *budget = nullptr;
    const DownloadSettings *settings = nullptr;
    ConnectionBudget *connections = nullptr;  // extra connections for segments; null = no limit
    std::shared_ptr<SyncGroup> syncGroup;     // shared syncs for files finishing together
    RateLimiter *overallLimit = nullptr;      // the speed limit all downloads share; null = none
};

// One URL's whole life as a state machine: attempts, retries with backoff, pause and resume,
// the low-speed watchdog and the verdict. The bytes travel through its SegmentedTransfer (the
// connections) into its DownloadFile (the .part and the final name); both are made at the first
// start and report back through the listener interfaces, so a download costs one QObject (and
// its writer's once it writes). GUI thread.
class Download final : public QObject, private TransferListener, private FileListener
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Download)

public:
    // Runs on a pool thread with the path deleted, and whether it is gone (or why not).
    using DeleteDone = std::function<void(const QString &path, const Result<void> &result)>;

    Download(DownloadId id, UrlEntry entry, DownloadContext context, QObject *parent = nullptr);
    // A download of an earlier run, as the store kept it. One that was on its way comes back
    // Queued when resume is true, else Paused; its .part is reopened (trusting only the durable
    // ranges) when it starts.
    Download(const DownloadSnapshot &snapshot, DownloadContext context, bool resume, QObject *parent = nullptr);
    ~Download() override;

    // What the store keeps of it (position is left to the manager).
    DownloadSnapshot snapshot() const;

    // Control (DownloadCommands says in which states each applies; elsewhere they do nothing).
    // The manager calls start() when a slot is free; the rest come from the user.
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
    void deleteFile(DeleteDone done);
    // Stops for good and keeps every byte: what arrived is written, synced and the .part closed
    // on the disk pool. Used by the manager right before it removes the download from the list.
    void letGo();
    // Moves a download that is not under way (DownloadCommand::Move) to folder, an absolute path:
    // its .part follows on the disk pool (PartMove), and the finished file will be there. A queued
    // or waiting one pauses for the move and goes on after it; resume, retry or cancel asked for
    // meanwhile happen once the move is over. The note says where it went, or why it stayed.
    // leaf, when given, renames it there too (its .part at once), never onto a taken name.
    void moveTo(const QString &folder, const QString &leaf = {});
    bool isMoving() const;
    // Applies what a person changed in its properties: headers, split and checksum from the next
    // request or check on, the speed limit at once, name and folder through moveTo() (a running
    // download pauses for a rename and goes on after it). Returns a sentence for each change its
    // state refuses (e.g. a rename once completed); the others still apply.
    QStringList setProperties(const PropertyChanges &changes);
    // A checksum from a checksum file listed with this download (ChecksumFeed), from source (its
    // name). One the download has already (checksum=) wins; a different one is noted on the row.
    // Returns true when the file was already handed to verification without a checksum: then
    // the caller checks the finished file itself (failVerification() on a mismatch).
    bool expectChecksum(const ChecksumSpec &checksum, const QString &source);
    // A Completed download whose file a later check found wrong: Failed with error. The file
    // stays where it is, named in the row; a retry fetches the file anew beside it.
    void failVerification(const DownloadError &error);
    // A new link for a download that is not under way (LinkChanges checked it first): the entry's
    // URL and the final URL become url. keepData continues the bytes kept against facts, the new
    // link's size and validators (our size when it gave none); otherwise the .part starts over.
    void changeLink(const QUrl &url, const LinkFacts &facts, bool keepData);
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
    qint64 bytesReceived() const;    // written to disk successfully
    // Read from the network so far (handed to the file or about to be): what a speed counts. It
    // runs ahead of bytesReceived() by what the disk has yet to write, which for a small file may
    // be all of it when the download leaves the active states.
    qint64 bytesArrived() const;
    int connectionCount() const;     // connections fetching right now
    qint64 totalBytes() const;       // -1 unknown
    qint64 bytesPerSecond() const { return m_speed.bytesPerSecond(); }
    DownloadError error() const { return m_error; }
    QString note() const { return m_note; }             // a visible remark, e.g. a restart from zero
    int attempts() const { return m_attempts; }
    // Automatic retries used since the last retry() or the last attempt that made real progress.
    int retriesUsed() const { return m_retriesUsed; }
    // However much a download progresses, it stops after this many attempts until the person
    // retries it (a server that drops every connection part way is not followed for ever).
    static constexpr int kMaxAttemptsPerStart = 50;
    QDateTime addedAt() const { return m_addedAt; }      // UTC: local time is a conversion per call
    QDateTime finishedAt() const { return m_finishedAt; }  // UTC, when it last reached a final state
    qint64 elapsedMs() const;                           // time spent active so far
    QByteArray etag() const;
    QByteArray lastModified() const;
    QString originKey() const { return m_origin; }  // scheme://host:port, for per-host limits
    // Byte ranges of the .part known to be on disk (fsynced): what a saved record may claim.
    QList<ByteRange> durableRanges() const;
    // Its file as a segment map draws it, in at most cells spans; cheap enough for every batch.
    SegmentView segmentView(int cells) const;

Q_SIGNALS:
    void changed(DownloadId id);
    void stateChanged(DownloadId id, DownloadState from, DownloadState to);
    void stopped(DownloadId id);  // shutdown() finished flushing
    void durableChanged(DownloadId id);  // durableRanges() grew (after an fsync)

private:
    // TransferListener
    void transferResponded(const ResponseInfo &info) override;
    void transferRedirected(const QUrl &to) override;
    void transferComplete() override { completeBody(); }
    void transferFailed(const DownloadError &error, std::optional<qint64> retryAfterMs, bool mustRestart) override;
    void transferMadeProgress() override { m_retriesUsed = 0; }
    void transferRestarted(const QString &why) override { setNote(why); }
    // FileListener
    void fileOpened() override;
    void fileSkipped(const QString &existingPath) override;
    void fileProgressed() override { touch(); }
    void fileDrained() override;
    void fileDurableChanged() override { Q_EMIT durableChanged(m_id); }
    void fileFinished() override;
    void fileFailed(const DownloadError &error) override;
    void fileClosed() override { reportStoppedIfShuttingDown(); }

    // When a note stops being true on its own: never (it stays until another replaces it), when
    // the wait for a retry ends ("Retry 2 of 5 in 1.0 s"), or when the download starts again (where
    // a move went: its folder says so from then on).
    enum class NoteEnds { Never, WithTheWait, AtStart };
    void setNote(QString text, NoteEnds ends = NoteEnds::Never)
    {
        m_note = std::move(text);
        m_noteEnds = ends;
    }
    void makeParts();
    void requeue();
    void moveFinished(const QString &folder, const QString &leaf, const Result<void> &result);
    QString refusedRename(const QString &leaf) const;  // why leaf cannot be a file name, or empty
    QString fileNameOrRequested() const;  // the chosen name, else the one asked for (may be empty)
    void relocate(const QString &folder, const QString &leaf);
    void setState(DownloadState state);
    void touch();
    void beginAttempt();
    void restartFromZero(const QString &why);
    void completeBody();
    void createFile();
    void reportStoppedIfShuttingDown();
    void fail(const DownloadError &error);
    void scheduleRetry(const DownloadError &error, std::optional<qint64> retryAfterMs);

    DownloadId m_id;
    UrlEntry m_entry;
    DownloadContext m_context;
    DownloadState m_state = DownloadState::Queued;
    QDateTime m_addedAt;
    QDateTime m_finishedAt;
    QUrl m_finalUrl;
    QString m_origin;

    std::unique_ptr<DownloadFile> m_file;  // both made by the first start(); the transfer uses
    std::unique_ptr<SegmentedTransfer> m_transfer;  // the file, so it goes first
    QTimer *m_retryTimer = nullptr;
    QString m_note;
    NoteEnds m_noteEnds = NoteEnds::Never;
    DownloadError m_error;
    int m_attempts = 0;
    int m_retriesUsed = 0;
    int m_attemptsSinceStart = 0;  // since it was added, restored or retried by hand
    bool m_forceRestart = false;
    bool m_bodyDone = false;       // the response body fully arrived; waiting for the file to open
    bool m_shuttingDown = false;
    bool m_interrupted = false;     // paused by shutdown(), not by the user: resumes next run
    bool m_resumeAfterMove = false;  // queued again once the move is over
    bool m_cancelAfterMove = false;
    bool m_finishSent = false;      // the file went to verification (with m_entry.checksum as it was)
    SpeedMeter m_speed;
    QElapsedTimer m_clock;          // started at the first start()
    qint64 m_endedMs = -1;          // m_clock time when a final state was reached
    qint64 m_watchStartMs = 0;      // low-speed watchdog window
    qint64 m_watchStartBytes = 0;
};
