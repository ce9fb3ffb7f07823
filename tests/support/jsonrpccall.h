#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

class QNetworkAccessManager;

// One JSON-RPC call over HTTP POST to a Gather (or aria2) endpoint on loopback, waited for in a
// local event loop: what the tests of the window and the daemon send. Test thread.
namespace JsonRpcCall {

struct Answer {
    int status = 0;  // HTTP status; 0 when nothing answered (not listening yet)
    QJsonObject body;

    QJsonValue result() const { return body.value(QStringLiteral("result")); }
    QString errorMessage() const
    {
        return body.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
    }
};

// host: a Host header to send instead of Qt's own (for the DNS-rebinding check).
Answer post(QNetworkAccessManager &network, quint16 port, const QString &method, const QJsonArray &params,
            const QByteArray &host = {});

} // namespace JsonRpcCall
