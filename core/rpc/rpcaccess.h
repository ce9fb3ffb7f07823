#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QStringList>

// Who may talk to the JSON-RPC endpoint: the Host header must name the bound address or a
// loopback name with the port (a page that rebinds its own DNS name to 127.0.0.1 sends its own
// name), and a browser's Origin must be an extension or one the user listed. Plain value; any
// thread.
class RpcAccess final
{
public:
    RpcAccess() = default;
    RpcAccess(const QHostAddress &bound, quint16 port, const QStringList &origins, const QStringList &hosts);

    bool hostAllowed(const QByteArray &host) const;
    // For a request that carries an Origin header; none at all (curl, scripts) needs no check.
    bool originAllowed(const QByteArray &origin) const;
    static bool isExtensionOrigin(const QByteArray &origin);
    // An origin as a person types or pastes it, made comparable: trimmed, without the trailing
    // '/' that "http://host:1/" carries (an origin has no path).
    static QString normalizedOrigin(QString origin);

private:
    QHostAddress m_bound;
    quint16 m_port = 0;
    QStringList m_origins;
    QStringList m_hosts;  // lower-case
};
