#pragma once

// FaultFetch: a blocking-style QNAM GET for tests against FaultServer (test thread; spins the
// caller's event loop while waiting).

#include <QByteArray>
#include <QList>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPair>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;

struct FetchResult {
    bool finished = false; // false: still running after the timeout (the reply is aborted)
    int status = 0;
    QByteArray body;       // everything received, also when the reply ended in an error
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QUrl url;              // after redirects
    std::unique_ptr<QNetworkReply> reply;

    QByteArray header(const QByteArray &name) const { return reply->rawHeader(name); }
    bool hasHeader(const QByteArray &name) const { return reply->hasRawHeader(name); }
};

namespace FaultFetch {

// Accept-Encoding: identity and manual redirects, plus the given raw headers.
QNetworkRequest request(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers = {});
FetchResult get(QNetworkAccessManager &nam, const QNetworkRequest &request, int timeoutMs = 10000);
// Sends raw bytes to 127.0.0.1:port and returns everything received until the server closes.
QByteArray raw(quint16 port, const QByteArray &bytes, int timeoutMs = 10000);

} // namespace FaultFetch
