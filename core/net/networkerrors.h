#pragma once

#include "base/downloaderror.h"

#include <QList>
#include <QNetworkReply>
#include <QSslError>
#include <QUrl>

// Turns Qt's network and TLS failures into DownloadErrors a person understands, and decides
// which are worth a retry. Stateless; any thread.
class NetworkErrors final
{
public:
    static DownloadError fromReply(QNetworkReply::NetworkError code, const QString &qtMessage,
                                   const QUrl &url);
    // The most telling certificate problem first: self-signed, untrusted issuer, expired,
    // not yet valid, wrong host, then anything else.
    static DownloadError fromSslErrors(const QList<QSslError> &errors, const QUrl &url);
};
