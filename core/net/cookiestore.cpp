#include "net/cookiestore.h"

CookieStore::CookieStore(QObject *parent)
    : QNetworkCookieJar(parent)
{
}

void CookieStore::replaceAll(const QList<QNetworkCookie> &loaded)
{
    setAllCookies(loaded);
}

QByteArray CookieStore::headerFor(const QUrl &url) const
{
    QByteArray header;
    const QList<QNetworkCookie> cookies = cookiesForUrl(url);
    for (const QNetworkCookie &cookie : cookies) {
        if (!header.isEmpty())
            header += "; ";
        header += cookie.toRawForm(QNetworkCookie::NameAndValueOnly);
    }
    return header;
}

void CookieStore::keepFromResponse(const QList<QNetworkCookie> &cookies, const QUrl &url)
{
    if (!cookies.isEmpty())
        setCookiesFromUrl(cookies, url);
}
