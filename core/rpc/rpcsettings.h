#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringList>

// Where the JSON-RPC endpoint listens and what it lets in: address, port, secret, the origins
// the user trusts and the limits. Plain data, filled by whoever reads the user's settings; any
// thread.
struct RpcSettings {
    // aria2's defaults: --rpc-listen-port=6800, --rpc-max-request-size=2M; loopback unless the
    // user chooses otherwise.
    static constexpr quint16 kDefaultPort = 6800;
    static constexpr qint64 kDefaultMaxRequestBytes = 2 * 1024 * 1024;

    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = kDefaultPort;  // 0: any free port (tests)
    // Empty: no token needed (aria2 without --rpc-secret). The window always sets one.
    QString secret = {};
    // Origins allowed besides browser extensions, compared exactly ("http://localhost:6880").
    QStringList allowedOrigins = {};
    // Host names accepted besides the bound address and the loopback names, for a user who
    // binds to a LAN address and reaches it by name.
    QStringList allowedHosts = {};
    qint64 maxRequestBytes = kDefaultMaxRequestBytes;  // HTTP body and WebSocket message
    int maxConnections = 64;                           // HTTP and WebSocket together
    int headerTimeoutMs = 10'000;    // a request head must be complete within this
    int idleTimeoutMs = 60'000;      // a keep-alive connection with nothing to do is closed
    // A wrong or missing token is answered only after this pause, as aria2 does, so guessing a
    // short secret over one connection is slow.
    int unauthorizedDelayMs = 1'000;
};
