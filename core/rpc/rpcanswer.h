#pragma once

#include <QJsonValue>
#include <QString>

// What one JSON-RPC method answers: a result, or an error with a code and a message in aria2's
// shape ({"code": 1, "message": "..."}). A plain value; any thread.
struct RpcAnswer {
    // aria2 answers its own errors (unknown GID, bad option, state refusals) with code 1; the
    // JSON-RPC 2.0 codes are for the protocol's own errors.
    static constexpr int kAria2Error = 1;
    static constexpr int kParseError = -32700;
    static constexpr int kInvalidRequest = -32600;
    static constexpr int kMethodNotFound = -32601;
    static constexpr int kInvalidParams = -32602;
    static constexpr int kInternalError = -32603;

    QJsonValue result;
    int errorCode = 0;  // 0: a result
    QString errorMessage;

    static RpcAnswer ok(const QJsonValue &value) { return RpcAnswer{value, 0, {}}; }
    static RpcAnswer error(const QString &message, int code = kAria2Error)
    {
        return RpcAnswer{QJsonValue(), code, message};
    }
    bool isError() const { return errorCode != 0; }
};
