#include "disk/syncgroup.h"

#include <QFile>
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

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

int SyncGroup::syncFolder(const QString &folder)
{
    return run(QStringLiteral("dir:") + folder, [&folder] { return syncFolderAlone(folder); });
}
