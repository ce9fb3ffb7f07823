#include "rpc/rpcaccess.h"

RpcAccess::RpcAccess(const QHostAddress &bound, quint16 port, const QStringList &origins, const QStringList &hosts)
    : m_bound(bound), m_port(port), m_origins(origins)
{
    for (const QString &host : hosts)
        m_hosts.append(host.trimmed().toLower());
}

bool RpcAccess::hostAllowed(const QByteArray &host) const
{
    // Split "name:port" and "[v6]:port"; the port must be ours (a browser leaves it out only
    // for 80).
    QByteArray name = host;
    QByteArray port;
    const qsizetype colon = host.lastIndexOf(':');
    const qsizetype bracket = host.lastIndexOf(']');
    if (colon >= 0 && colon > bracket) {
        name = host.left(colon);
        port = host.mid(colon + 1);
    }
    if (port.isEmpty() ? m_port != 80 : port != QByteArray::number(m_port))
        return false;
    name = name.toLower();
    if (name.isEmpty())
        return false;
    if (name == "localhost" || name == "127.0.0.1" || name == "[::1]")
        return true;
    const QString text = QString::fromLatin1(name);
    if (m_hosts.contains(text))
        return true;
    const bool bracketed = name.startsWith('[') && name.endsWith(']');
    QHostAddress literal;
    if (!literal.setAddress(bracketed ? text.mid(1, text.size() - 2) : text))
        return false;
    // IPv6 only inside brackets, IPv4 only without: "::1:6800" is not a host and a port.
    if (bracketed != (literal.protocol() == QAbstractSocket::IPv6Protocol))
        return false;
    // Bound to every address: any address literal names this machine as the client reached
    // it, and DNS rebinding needs a name, never a literal.
    const bool anyAddress = m_bound == QHostAddress(QHostAddress::Any) || m_bound == QHostAddress(QHostAddress::AnyIPv4)
        || m_bound == QHostAddress(QHostAddress::AnyIPv6);
    return anyAddress || literal.isEqual(m_bound, QHostAddress::TolerantConversion);
}

bool RpcAccess::isExtensionOrigin(const QByteArray &origin)
{
    for (const char *scheme : {"chrome-extension://", "moz-extension://", "safari-web-extension://"}) {
        const QByteArray prefix(scheme);
        if (origin.size() > prefix.size() && origin.startsWith(prefix))
            return true;
    }
    return false;
}

bool RpcAccess::originAllowed(const QByteArray &origin) const
{
    return isExtensionOrigin(origin) || m_origins.contains(QString::fromUtf8(origin));
}

QString RpcAccess::normalizedOrigin(QString origin)
{
    origin = origin.trimmed();
    while (origin.endsWith(u'/'))
        origin.chop(1);
    return origin;
}
