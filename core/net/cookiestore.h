#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkCookie>
#include <QNetworkCookieJar>
#include <QUrl>

class QNetworkRequest;

// The cookies of one engine: those loaded from a cookies file plus those servers set during this
// session (kept in memory only, as aria2 does), shared by every manager of the NetworkPool.
// Qt's jar supplies the rules: domain or host only, path prefix, secure only over https, expiry
// checked when a request is sent. GUI thread.
class CookieStore final : public QNetworkCookieJar
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CookieStore)

public:
    explicit CookieStore(QObject *parent = nullptr);

    // Replaces every cookie, the session's included, with loaded (e.g. from a new cookies file).
    void replaceAll(const QList<QNetworkCookie> &loaded);
    QList<QNetworkCookie> all() const { return allCookies(); }

    // The Cookie header value for a request to url ("a=1; b=2"), empty when none applies.
    QByteArray headerFor(const QUrl &url) const;
    // Adds them to request for url, after a Cookie header the request already has (the user's),
    // and turns Qt's own cookie handling off for it: each manager would use a separate jar.
    void addTo(QNetworkRequest &request, const QUrl &url) const;
    // Keeps the cookies a response from url set, where Qt's rules allow (no cookie for another
    // domain, none for a public suffix).
    void keepFromResponse(const QList<QNetworkCookie> &cookies, const QUrl &url);
};
