#pragma once

#include "base/downloaderror.h"

#include <QList>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSslError>
#include <QUrl>

// Turns Qt's network and TLS failures into DownloadErrors a person understands, and decides
// which are worth a retry. Stateless; any thread.
class NetworkErrors final
{
public:
    // proxy: the one the request went through (type NoProxy when direct), so a failure to reach
    // it or a refusal of its credentials names the proxy rather than the server.
    static DownloadError fromReply(QNetworkReply::NetworkError code, const QString &qtMessage,
                                   const QUrl &url, const QNetworkProxy &proxy = QNetworkProxy(QNetworkProxy::NoProxy));
    // The most telling certificate problem first: self-signed, untrusted issuer, expired,
    // not yet valid, wrong host, then anything else.
    // "http://host:port" or "socks5://host:port": a proxy as messages name it, without credentials.
    static QString proxyName(const QNetworkProxy &proxy);
    static DownloadError fromSslErrors(const QList<QSslError> &errors, const QUrl &url);
};
