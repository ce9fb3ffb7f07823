#include "net/cookiesfilecache.h"

#include "net/netscapecookies.h"

#include <QFileInfo>

QList<QNetworkCookie> CookiesFileCache::cookiesIn(const QString &path)
{
    if (path.isEmpty())
        return {};
    const QFileInfo info(path);
    const qint64 size = info.exists() ? info.size() : -1;
    const QDateTime modified = info.lastModified();
    if (m_loaded && path == m_path && size == m_size && modified == m_modified)
        return m_cookies;
    m_path = path;
    m_size = size;
    m_modified = modified;
    m_loaded = true;
    const Result<NetscapeCookies::Parsed> loaded = NetscapeCookies::load(path);
    m_cookies = loaded ? loaded->cookies : QList<QNetworkCookie>();
    return m_cookies;
}
