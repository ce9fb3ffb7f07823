#include "remote/remotefolders.h"

#include "base/safetext.h"

#include <QDir>
#include <QFileInfo>
#include <QStringList>

QString RemoteFolders::realPath(const QString &path)
{
    // The deepest part that exists is resolved by the file system (symbolic links, '..' after
    // them); what follows does not exist yet, so it holds no link and cleaning it as text is exact.
    QString existing = path;
    QStringList rest;
    while (!QFileInfo::exists(existing)) {
        const QFileInfo info(existing);
        const QString parent = info.path();
        if (parent == existing)
            break;
        rest.prepend(info.fileName());
        existing = parent;
    }
    const QString base = QFileInfo(existing).canonicalFilePath();
    const QString joined = rest.isEmpty() ? base : base % u'/' % rest.join(u'/');
    return QDir::cleanPath(joined);
}

Result<QString> RemoteFolders::resolve(const QString &dir, const QString &downloadFolder) const
{
    using Resolved = Result<QString>;
    if (dir.trimmed().isEmpty())
        return Resolved::invalid(QStringLiteral("dir is empty"));
    if (SafeText::hasHiddenCharacter(dir))
        return Resolved::invalid(QStringLiteral("dir contains a control or invisible character"));
    // Only '/' starts an absolute path: QDir takes ":x" for a Qt resource.
    const QString absolute = QDir::cleanPath(dir.startsWith(u'/') ? dir : downloadFolder % u'/' % dir);
    if (m_allowed.isEmpty())
        return absolute;
    const QString real = realPath(absolute);
    const QString allowed = realPath(QDir::cleanPath(m_allowed));
    const bool inside = real == allowed || real.startsWith(allowed == u"/" ? allowed : allowed % u'/');
    if (!inside) {
        return Resolved::invalid(QStringLiteral("dir '%1' is outside the folder remote downloads are allowed into (%2)")
                                     .arg(SafeText::display(dir, 200), m_allowed));
    }
    return real;
}
