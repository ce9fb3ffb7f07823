#pragma once

#include <QString>
#include <QtGlobal>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>

// Group commit for the disk pool's syncs: callers that ask for the same key while a sync of it
// runs wait and share the next one, so files that finish together pay for one device flush
// instead of one each. Made by the DownloadManager and shared (std::shared_ptr) by every writer's
// strand, so it outlives pool work queued by writers already gone; used from the pool's threads.
class SyncGroup final
{
    Q_DISABLE_COPY_MOVE(SyncGroup)

public:
    // Above this much dirty or in-flight page cache in the whole system, a shared syncfs() could
    // wait on other programs' (or a large download's) writeback, so each file syncs itself.
    static constexpr qint64 kMaxDirtyForSyncfs = 64 * 1024 * 1024;

    SyncGroup() = default;

    // Runs action (which returns 0 or an errno) unless a run of the same key that starts after
    // this call covers it; returns the result of the run that covered the caller.
    int run(const QString &key, const std::function<int()> &action);

    // Makes fd's data and size durable (what fdatasync promises): one shared syncfs() of its
    // filesystem for everyone waiting when that is safe, else, or when it fails, fdatasync(fd),
    // so an error is always that file's own. Returns 0 or an errno.
    int syncData(int fd);

    // fsyncs the folder once for every caller waiting on it (renames done before the call are
    // covered). Returns 0 or an errno.
    int syncFolder(const QString &folder);

    // The same for one caller alone, without a group: fdatasync(fd) (retried on EINTR), and an
    // fsync of the folder. Return 0 or an errno.
    static int syncFileData(int fd);
    static int syncFolderAlone(const QString &folder);

    // Callers of key that no finished run covers yet (the one running included).
    quint64 pending(const QString &key);

    // Whether syncfs() reports writeback errors (Linux 5.8 and later) and the system's dirty
    // page cache is small enough for a shared syncfs() to stay quick.
    static bool syncfsIsCheap();

private:
    struct Key {
        quint64 requested = 0;  // tickets handed out
        quint64 covered = 0;    // every ticket up to this one has a result
        int result = 0;         // of the run that set covered
        bool running = false;
    };

    std::mutex m_mutex;
    std::condition_variable m_done;
    std::map<QString, Key> m_keys;  // node-based: references survive insertions
};
