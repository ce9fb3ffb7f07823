#pragma once

#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

// Which hosts skip the proxy, parsed once from a no_proxy-style list: "*" (every host), host
// names (that host and its subdomains), ".domain" suffixes (the same), IP addresses and CIDR
// ranges (which match only a host given as an address: no name is resolved to decide). A
// ":port" after an entry is ignored. Immutable after construction; any thread.
class NoProxyList final
{
public:
    NoProxyList() = default;
    explicit NoProxyList(const QStringList &entries);

    bool matches(const QString &host) const;
    bool isEmpty() const { return !m_all && m_suffixes.isEmpty() && m_subnets.isEmpty(); }

private:
    bool m_all = false;
    QStringList m_suffixes;  // lower case, no leading dot
    QList<QPair<QHostAddress, int>> m_subnets;
};
