#pragma once

#include "base/result.h"

#include <QString>

// Where a remote client may put files: a "dir" it sends is made absolute (a relative one against
// the download folder) and, when an allowed folder is set, must lie inside it once '..' and
// symbolic links are resolved, so no client can aim a file at ~/.ssh or /etc. Plain data; GUI thread.
class RemoteFolders final
{
public:
    // Empty: any folder. Otherwise an absolute folder; remote dirs must be it or under it.
    void setAllowedFolder(const QString &folder) { m_allowed = folder; }
    QString allowedFolder() const { return m_allowed; }

    // dir as the absolute folder the download goes to, or the sentence saying why not.
    Result<QString> resolve(const QString &dir, const QString &downloadFolder) const;
    // path with its existing part resolved (links, '..') and the rest cleaned: what is compared.
    static QString realPath(const QString &path);

private:
    QString m_allowed;
};
