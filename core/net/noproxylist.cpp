#include "net/noproxylist.h"

namespace {

// "host:port", "[v6]:port" and "[v6]" to the bare host; a bare IPv6 address stays whole.
QString withoutPort(QString entry)
{
    if (entry.startsWith(u'[')) {
        const qsizetype close = entry.indexOf(u']');
        return close > 0 ? entry.mid(1, close - 1) : entry;
    }
    if (entry.count(u':') == 1)
        entry.truncate(entry.indexOf(u':'));
    return entry;
}

QString bareHost(const QString &host)
{
    QString bare = host.toLower();
    if (bare.startsWith(u'[') && bare.endsWith(u']'))
        bare = bare.mid(1, bare.size() - 2);
    while (bare.endsWith(u'.'))
        bare.chop(1);  // "example.com." is the same host
    return bare;
}

} // namespace

NoProxyList::NoProxyList(const QStringList &entries)
{
    for (const QString &raw : entries) {
        const QString entry = raw.trimmed();
        if (entry == u"*") {
            m_all = true;
            continue;
        }
        if (entry.contains(u'/')) {
            const QPair<QHostAddress, int> subnet = QHostAddress::parseSubnet(entry);
            if (!subnet.first.isNull())
                m_subnets.append(subnet);
            continue;
        }
        const QString host = withoutPort(entry);
        if (QHostAddress address; address.setAddress(host)) {
            m_subnets.append({address, address.protocol() == QAbstractSocket::IPv6Protocol ? 128 : 32});
            continue;
        }
        QString suffix = bareHost(host);
        while (suffix.startsWith(u'.'))
            suffix.remove(0, 1);
        if (!suffix.isEmpty())
            m_suffixes.append(suffix);
    }
}

bool NoProxyList::matches(const QString &host) const
{
    if (m_all)
        return true;
    const QString bare = bareHost(host);
    if (bare.isEmpty())
        return false;
    if (QHostAddress address; address.setAddress(bare)) {
        for (const auto &subnet : m_subnets) {
            if (address.isInSubnet(subnet))
                return true;
        }
        // An IPv4-mapped IPv6 address is the IPv4 host.
        bool mapped = false;
        const quint32 v4 = address.toIPv4Address(&mapped);
        if (mapped && address.protocol() == QAbstractSocket::IPv6Protocol) {
            const QHostAddress plain(v4);
            for (const auto &subnet : m_subnets) {
                if (plain.isInSubnet(subnet))
                    return true;
            }
        }
        return m_suffixes.contains(bare);
    }
    for (const QString &suffix : m_suffixes) {
        if (bare == suffix || (bare.endsWith(suffix) && bare.at(bare.size() - suffix.size() - 1) == u'.'))
            return true;
    }
    return false;
}
