#include "net/cookiestore.h"

#include <QNetworkRequest>

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

void CookieStore::addTo(QNetworkRequest &request, const QUrl &url) const
{
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    if (const QByteArray jar = headerFor(url); !jar.isEmpty()) {
        const QByteArray given = request.rawHeader("Cookie");
        request.setRawHeader("Cookie", given.isEmpty() ? jar : QByteArray(given + "; " + jar));
    }
}

void CookieStore::keepFromResponse(const QList<QNetworkCookie> &cookies, const QUrl &url)
{
    if (!cookies.isEmpty())
        setCookiesFromUrl(cookies, url);
}
