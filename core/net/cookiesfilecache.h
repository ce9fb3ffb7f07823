#pragma once

#include <QDateTime>
#include <QList>
#include <QNetworkCookie>
#include <QString>

// The cookies of one cookies.txt, read again only when its path, size or modification time
// changed: settings are applied whenever any of them changes, and re-parsing a browser export of
// up to 4 MiB on each of those would stall the window. GUI thread (owned by AppSettings).
class CookiesFileCache final
{
public:
    // The usable cookies in the file at path; none when path is empty or the file cannot be used
    // (the Settings dialog says why before the path is saved).
    QList<QNetworkCookie> cookiesIn(const QString &path);

private:
    QString m_path;
    qint64 m_size = -1;
    QDateTime m_modified;
    bool m_loaded = false;
    QList<QNetworkCookie> m_cookies;
};
