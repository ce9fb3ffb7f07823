#include "disk/freespaceprobe.h"

#include "base/guardedreceiver.h"
#include "disk/posixfs.h"

#include <QDir>
#include <QFileInfo>
#include <QStorageInfo>
#include <QThreadPool>

#include <cerrno>
#include <unistd.h>

FreeSpaceProbe::FreeSpaceProbe(QThreadPool *pool, QObject *parent)
    : QObject(parent)
    , m_pool(pool)
    , m_receiver(std::make_shared<GuardedReceiver>(this))
{
}

FreeSpaceProbe::~FreeSpaceProbe()
{
    m_receiver->detach();
}

void FreeSpaceProbe::request(const QString &folder)
{
    const auto it = m_pending.find(folder);
    if (it != m_pending.end()) {
        *it = Pending::InFlightAndAgain;
        return;
    }
    m_pending.insert(folder, Pending::InFlight);
    start(folder);
}

QPair<qint64, qint64> FreeSpaceProbe::measure(const QString &folder)
{
    if (folder.isEmpty())
        return {-1, -1};
    // A folder that does not exist yet will be created on the file system of its nearest
    // existing parent.
    QString path = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    while (!QFileInfo::exists(path)) {
        const QString parent = QFileInfo(path).path();
        if (parent == path)
            return {-1, -1};
        path = parent;
    }
    const QStorageInfo storage(path);
    if (!storage.isValid() || !storage.isReady())
        return {-1, -1};
    return {storage.bytesAvailable(), storage.bytesTotal()};
}

QString FreeSpaceProbe::folderProblem(const QString &folder)
{
    if (folder.isEmpty())
        return QStringLiteral("No folder given");
    QString path = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    while (!QFileInfo::exists(path)) {
        const QString parent = QFileInfo(path).path();
        if (parent == path)
            return QStringLiteral("%1 cannot be made").arg(folder);
        path = parent;
    }
    const QFileInfo existing(path);
    if (!existing.isDir()) {
        return path == QDir::cleanPath(folder) ? QStringLiteral("%1 is a file, not a folder").arg(path)
                                               : QStringLiteral("%1 is a file, so %2 cannot be made in it").arg(path, folder);
    }
    // access() asks the kernel, which knows about read-only mounts and ACLs; X to enter it.
    if (::access(PosixFs::encoded(path).constData(), W_OK | X_OK) != 0)
        return QStringLiteral("Cannot write in %1: %2").arg(path, PosixFs::errorText(errno));
    return {};
}

void FreeSpaceProbe::start(const QString &folder)
{
    m_pool->start([receiver = m_receiver, folder, this] {
        const QPair<qint64, qint64> space = measure(folder);
        const QString problem = folderProblem(folder);
        // Runs on the probe's thread, and only while the probe exists. (Init-captures, not
        // structured bindings: clang before 16 cannot capture those.)
        receiver->post([this, folder, available = space.first, total = space.second, problem] {
            finish(folder, available, total, problem);
        });
    });
}

void FreeSpaceProbe::finish(const QString &folder, qint64 available, qint64 total, const QString &problem)
{
    // A request that came while this job ran may have missed a change, so it gets its own.
    if (m_pending.value(folder) == Pending::InFlightAndAgain) {
        m_pending.insert(folder, Pending::InFlight);
        start(folder);
    } else {
        m_pending.remove(folder);
    }
    Q_EMIT measured(folder, available, total, problem);
}
