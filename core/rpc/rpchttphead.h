#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>

#include <optional>

// One HTTP/1.x request head (request line and header fields) as the JSON-RPC listener reads it:
// strict CRLF lines, no folded lines, header names lower-cased. Plain data; any thread.
struct RpcHttpHead {
    QByteArray method;
    QByteArray target;   // as sent: "/jsonrpc?x"
    QByteArray version;  // "HTTP/1.1"
    QList<QPair<QByteArray, QByteArray>> fields = {};

    // The head up to, without, the blank line; nothing when it breaks the grammar.
    static std::optional<RpcHttpHead> parse(QByteArrayView head);

    // The value of the field, empty when absent; count() tells absent from empty.
    QByteArray value(QByteArrayView name) const;
    int count(QByteArrayView name) const;
    // The target without query and fragment.
    QByteArray path() const;
    // Whether a token (case-insensitive) is in the comma-separated field: "Connection: Upgrade".
    bool hasToken(QByteArrayView name, QByteArrayView token) const;
};
