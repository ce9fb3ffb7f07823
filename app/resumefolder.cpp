#include "resumefolder.h"

#include "store/downloadstore.h"

#include <QDir>
#include <QFile>

ResumeFolder::ResumeFolder(QString path)
    : m_path(std::move(path))
    , m_lock(m_path + QStringLiteral("/lock"))
{
    // Only the liveness of the holder decides: a run may go on for days.
    m_lock.setStaleLockTime(0);
}

ResumeFolder::~ResumeFolder() = default;

Result<std::unique_ptr<ResumeFolder>> ResumeFolder::open(const QString &folder)
{
    using Opened = Result<std::unique_ptr<ResumeFolder>>;
    const QString path = QDir(folder).filePath(QString::fromLatin1(kFolderName));
    if (!QDir().mkpath(path))
        return Opened::invalid(QStringLiteral("Cannot create %1 to keep what a later run needs to continue").arg(path));
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    std::unique_ptr<ResumeFolder> opened(new ResumeFolder(path));
    if (!opened->m_lock.tryLock(0)) {
        qint64 pid = 0;
        QString host;
        QString application;
        opened->m_lock.getLockInfo(&pid, &host, &application);
        if (opened->m_lock.error() == QLockFile::LockFailedError) {
            return Opened::invalid(QStringLiteral("Another Gather (process %1) is downloading into %2; wait for it, "
                                                  "or choose another folder with -d")
                                       .arg(pid).arg(QDir::toNativeSeparators(folder)));
        }
        return Opened::invalid(QStringLiteral("Cannot lock %1: %2").arg(opened->m_lock.fileName(),
                                                                       QStringLiteral("permission denied or read-only folder")));
    }
    opened->m_store = std::make_unique<DownloadStore>(path + QStringLiteral("/downloads.db"));
    return Opened(std::move(opened));
}

void ResumeFolder::discard()
{
    const QString database = m_store ? m_store->databasePath() : QString();
    m_store.reset();
    if (!database.isEmpty()) {
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")})
            QFile::remove(database + suffix);
    }
    m_lock.unlock();
    // Only when empty: whatever else someone put there stays.
    QDir().rmdir(m_path);
}
