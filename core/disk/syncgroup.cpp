#include "disk/syncgroup.h"

#include <QByteArray>
#include <QFile>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

namespace {

// What a run of syncData's key answers when it chose not to syncfs: everyone syncs alone.
constexpr int kNotShared = -1;

bool kernelReportsSyncfsErrors()
{
    struct utsname name {};
    if (::uname(&name) != 0)
        return false;
    int major = 0;
    int minor = 0;
    if (std::sscanf(name.release, "%d.%d", &major, &minor) != 2)
        return false;
    return major > 5 || (major == 5 && minor >= 8);
}

// Dirty + Writeback from /proc/meminfo in bytes, -1 when unknown.
qint64 systemDirtyBytes()
{
    QFile meminfo(QStringLiteral("/proc/meminfo"));
    if (!meminfo.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = meminfo.readAll();
    qint64 total = 0;
    int found = 0;
    for (const QByteArray &line : text.split('\n')) {
        if (!line.startsWith("Dirty:") && !line.startsWith("Writeback:"))
            continue;
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() < 2)
            return -1;
        bool ok = false;
        total += fields.at(1).toLongLong(&ok) * 1024;  // the file counts in kB
        if (!ok)
            return -1;
        ++found;
    }
    return found == 2 ? total : -1;
}

} // namespace

int SyncGroup::syncFileData(int fd)
{
    while (::fdatasync(fd) != 0) {
        if (errno != EINTR)
            return errno;
    }
    return 0;
}

int SyncGroup::syncFolderAlone(const QString &folder)
{
    const int fd = ::open(QFile::encodeName(folder).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    const int result = ::fsync(fd) == 0 ? 0 : errno;
    ::close(fd);
    return result;
}

int SyncGroup::run(const QString &key, const std::function<int()> &action)
{
    std::unique_lock lock(m_mutex);
    Key &state = m_keys[key];
    const quint64 ticket = ++state.requested;
    while (state.covered < ticket) {
        if (state.running) {
            m_done.wait(lock);
            continue;
        }
        // The leader's run covers every ticket taken so far: those callers had finished their
        // writes (or renames) before asking.
        state.running = true;
        const quint64 target = state.requested;
        lock.unlock();
        const int result = action();
        lock.lock();
        state.running = false;
        state.covered = target;
        state.result = result;
        m_done.notify_all();
    }
    // A later run than the one that covered this caller also started after its request, so
    // whichever result is here now answers for it.
    return state.result;
}

quint64 SyncGroup::pending(const QString &key)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_keys.find(key);
    return it == m_keys.end() ? 0 : it->second.requested - it->second.covered;
}

int SyncGroup::syncData(int fd)
{
    struct stat info {};
    if (::fstat(fd, &info) != 0)
        return errno;
    const QString key = QStringLiteral("fs:") + QString::number(quint64(info.st_dev));
    const int shared = run(key, [fd] {
        if (!syncfsIsCheap())
            return kNotShared;
        return ::syncfs(fd) == 0 ? 0 : errno;
    });
    // A failed syncfs() does not say whose data it lost; the file's own fdatasync does.
    return shared == 0 ? 0 : syncFileData(fd);
}

int SyncGroup::syncFolder(const QString &folder)
{
    return run(QStringLiteral("dir:") + folder, [&folder] { return syncFolderAlone(folder); });
}

bool SyncGroup::syncfsIsCheap()
{
    static const bool reportsErrors = kernelReportsSyncfsErrors();
    if (!reportsErrors)
        return false;
    const qint64 dirty = systemDirtyBytes();
    return dirty >= 0 && dirty <= kMaxDirtyForSyncfs;
}
