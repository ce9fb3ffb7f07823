#include "tmpfsmount.h"

#include <QDir>
#include <QProcess>
#include <QStringList>
#include <unistd.h>

TmpfsMount::TmpfsMount(const QString &path, const QString &options) : m_path(path)
{
    if (::geteuid() != 0 || !QDir().mkpath(path))
        return;
    const QStringList arguments{QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"), options,
                                QStringLiteral("tmpfs"), path};
    m_mounted = QProcess::execute(QStringLiteral("mount"), arguments) == 0;
}

TmpfsMount::~TmpfsMount()
{
    if (!m_mounted)
        return;
    // A descriptor still open somewhere (a failed test) makes a plain umount fail: detach lazily.
    if (QProcess::execute(QStringLiteral("umount"), {m_path}) != 0)
        QProcess::execute(QStringLiteral("umount"), {QStringLiteral("-l"), m_path});
}
