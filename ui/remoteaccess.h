#pragma once

#include <QString>
#include <QStringList>

// The window's settings for remote control over aria2's JSON-RPC (browser extensions, AriaNg,
// scripts): off by default, loopback unless the person chooses otherwise. Plain value; GUI thread.
struct RemoteAccess {
    static constexpr int kDefaultPort = 6800;  // aria2's, so extensions work without setup

    bool enabled = false;
    int port = kDefaultPort;
    bool allInterfaces = false;   // listen beyond loopback (the page warns)
    QString secret;               // the token clients send as "token:SECRET"; made at first use
    QStringList allowedOrigins;   // web pages allowed besides browser extensions, e.g. a local AriaNg
    QString allowedFolder;        // remote downloads only into this folder or below; empty = anywhere

    bool operator==(const RemoteAccess &other) const = default;
};
