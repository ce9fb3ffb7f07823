#pragma once

#include "rpc/rpcanswer.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>

class RpcMethods;

// Turns one JSON-RPC 2.0 request body (a call or a batch) into the response body, the way aria2
// answers: the secret token checked and taken off, system.multicall, system.listMethods and
// system.listNotifications answered from the method table, every malformed input an error and
// never a crash. Shared by the HTTP and the WebSocket side; GUI thread (handlers run on it).
class JsonRpcDispatcher final
{
public:
    static constexpr int kMaxCalls = 1000;  // in one batch, and in one system.multicall
    static constexpr int kMaxDepth = 64;    // nesting of arrays and objects in a request

    struct Reply {
        QByteArray body;          // empty: nothing to send (only notifications)
        int httpStatus = 200;     // aria2's mapping of a single call's error code
        bool unauthorized = false;  // some call had a wrong or missing token
    };

    explicit JsonRpcDispatcher(const RpcMethods &methods, const QString &secret = {});

    void setSecret(const QString &secret) { m_secret = secret; }
    bool hasSecret() const { return !m_secret.isEmpty(); }

    Reply dispatch(const QByteArray &body) const;

    // Equal strings, in time that does not depend on where they differ.
    static bool sameSecret(const QString &given, const QString &expected);
    // Deeper than maxDepth, counting brackets outside strings; a cheap scan before parsing.
    static bool nestedDeeperThan(const QByteArray &json, int maxDepth);

private:
    // The response object for one call, or nothing for a notification.
    std::optional<QJsonObject> call(const QJsonValue &request, bool *unauthorized) const;
    RpcAnswer run(const QString &method, QJsonArray params, bool *unauthorized) const;
    RpcAnswer multicall(const QJsonArray &params, bool *unauthorized) const;
    bool authorize(QJsonArray *params) const;

    const RpcMethods &m_methods;
    QString m_secret;
};
