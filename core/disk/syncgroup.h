#pragma once

#include <QString>
#include <QtGlobal>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>

// Group commit for the disk pool's folder syncs: callers that ask for the same key while a sync
// of it runs wait and share the next one, so files renamed into one folder together pay for one
// folder fsync instead of one each. File data is never flushed through syncfs(), which waits for
// every program's dirty data on the file system: each file fdatasyncs itself, side by side on the
// pool, and the file system's journal batches those commits. Made by the DownloadManager and shared (std::shared_ptr) by every writer's
// strand, so it outlives pool work queued by writers already gone; used from the pool's threads.
class SyncGroup final
{
    Q_DISABLE_COPY_MOVE(SyncGroup)

public:
    SyncGroup() = default;

    // Runs action (which returns 0 or an errno) unless a run of the same key that starts after
    // this call covers it; returns the result of the run that covered the caller.
    int run(const QString &key, const std::function<int()> &action);

    // fsyncs the folder once for every caller waiting on it (renames done before the call are
    // covered). Returns 0 or an errno.
    int syncFolder(const QString &folder);

    // The same for one caller alone, without a group: fdatasync(fd) (retried on EINTR), and an
    // fsync of the folder. Return 0 or an errno.
    static int syncFileData(int fd);
    static int syncFolderAlone(const QString &folder);

    // Callers of key that no finished run covers yet (the one running included).
    quint64 pending(const QString &key);

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
