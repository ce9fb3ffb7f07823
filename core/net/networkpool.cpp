#include "net/networkpool.h"

#include "net/originsockets.h"
#include "net/proxyfactory.h"

#include <QAuthenticator>
#include <QHostInfo>
#include <QNetworkAccessManager>
#include <QNetworkProxy>

#include <algorithm>

NetworkPool::NetworkPool(QObject *parent)
    : QObject(parent)
{
}

NetworkPool::~NetworkPool()
{
    for (auto it = m_lookups.cbegin(); it != m_lookups.cend(); ++it)
        QHostInfo::abortHostLookup(it.key());
    // A stuck manager thread would hold each manager's destructor for 5 s (Qt's wait for its
    // thread) and then leak the thread; cutting its connections lets it end at once.
    const QList<QString> origins = m_peers.keys();
    for (const QString &origin : origins)
        cutOrigin(origin, true);
}

QString NetworkPool::originKey(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    const int port = url.port(scheme == u"https" ? 443 : 80);
    return scheme % u"://" % url.host().toLower() % u':' % QString::number(port);
}

NetworkPool::Slot &NetworkPool::createSlot(const QString &origin)
{
    auto *manager = new QNetworkAccessManager(this);
    // Redirects are followed by Download itself, so it can cap them, check schemes and drop
    // credentials across origins.
    manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    manager->setAutoDeleteReplies(false);
    manager->setProxyFactory(new ProxyFactory(m_proxy));  // the manager owns it
    connect(manager, &QNetworkAccessManager::proxyAuthenticationRequired, this, &NetworkPool::answerProxy);
    m_slots.append(Slot{manager, origin, 0, 0});
    return m_slots.last();
}

QNetworkAccessManager *NetworkPool::acquire(const QUrl &url)
{
    const QString key = originKey(url);
    Slot *best = nullptr;
    for (Slot &slot : m_slots) {
        if (slot.origin == key && slot.inUse < kConnectionsPerManager && (!best || slot.inUse < best->inUse))
            best = &slot;
    }
    if (!best) {
        learnAddresses(url, key);
        best = &createSlot(key);
    }
    ++best->inUse;
    best->lastUse = ++m_clock;
    return best->manager;
}

void NetworkPool::release(QNetworkAccessManager *manager, const QUrl &url)
{
    Q_UNUSED(url);
    for (Slot &slot : m_slots) {
        if (slot.manager != manager)
            continue;
        if (slot.inUse > 0 && --slot.inUse == 0)
            dropIdleManagers();
        return;
    }
}

// A list from many servers would otherwise leave a manager and a thread behind per server.
void NetworkPool::dropIdleManagers()
{
    qsizetype idle = 0;
    for (const Slot &slot : std::as_const(m_slots))
        idle += slot.inUse == 0 ? 1 : 0;
    while (idle > kIdleManagersKept) {
        qsizetype oldest = -1;
        for (qsizetype i = 0; i < m_slots.size(); ++i) {
            if (m_slots.at(i).inUse == 0 && (oldest < 0 || m_slots.at(i).lastUse < m_slots.at(oldest).lastUse))
                oldest = i;
        }
        const Slot gone = m_slots.takeAt(oldest);
        --idle;
        const bool originLeft = std::none_of(m_slots.cbegin(), m_slots.cend(),
                                             [&](const Slot &slot) { return slot.origin == gone.origin; });
        if (originLeft) {
            cutOrigin(gone.origin, true);  // never wait 5 s for a stuck thread below
            m_peers.remove(gone.origin);
        }
        gone.manager->deleteLater();
    }
}

void NetworkPool::setProxy(const ProxySettings &proxy)
{
    if (proxy == m_proxy)
        return;
    m_proxy = proxy;
    // Requests already sent keep their connection; Qt keys its connection cache by proxy too,
    // so the next ones open new connections the new way.
    for (const Slot &slot : std::as_const(m_slots))
        slot.manager->setProxyFactory(new ProxyFactory(m_proxy));
    for (auto it = m_peers.begin(); it != m_peers.end(); ++it)
        lookUp(it.key(), *it);  // an origin that now goes direct needs its addresses
}

QNetworkProxy NetworkPool::proxyFor(const QUrl &url) const
{
    return ProxyFactory(m_proxy).proxyFor(url);
}

// Qt asks again after credentials failed; answering with the same ones again would loop until
// the proxy gives up, so the settings' credentials are offered once per challenge chain and a
// refusal ends the request with ProxyAuthenticationRequiredError.
void NetworkPool::answerProxy(const QNetworkProxy &proxy, QAuthenticator *authenticator)
{
    if (proxy.user().isEmpty())
        return;
    if (authenticator->user() == proxy.user() && authenticator->password() == proxy.password())
        return;
    authenticator->setUser(proxy.user());
    authenticator->setPassword(proxy.password());
}

// The addresses QNAM connects to are not visible through it; the same lookup (answered from the
// host cache both share) tells which sockets belong to the origin.
void NetworkPool::learnAddresses(const QUrl &url, const QString &origin)
{
    if (m_peers.contains(origin))
        return;
    Peer &peer = m_peers[origin];
    peer.url = url;
    peer.port = quint16(url.port(url.scheme().compare(u"https", Qt::CaseInsensitive) == 0 ? 443 : 80));
    lookUp(origin, peer);
}

// Not for an origin behind a proxy: its connections go to the proxy, and resolving the name
// here would tell the local resolver what the proxy is there to hide.
void NetworkPool::lookUp(const QString &origin, Peer &peer)
{
    if (!peer.addresses.isEmpty() || peer.lookingUp || proxyFor(peer.url).type() != QNetworkProxy::NoProxy)
        return;
    const QString host = peer.url.host();
    if (QHostAddress literal; literal.setAddress(host)) {
        peer.addresses = {literal};
        return;
    }
    peer.lookingUp = true;
    m_lookups.insert(QHostInfo::lookupHost(host, this, SLOT(addressesFound(QHostInfo))), origin);
}

void NetworkPool::addressesFound(const QHostInfo &info)
{
    const QString origin = m_lookups.take(info.lookupId());
    const auto it = m_peers.find(origin);
    if (it != m_peers.end()) {
        it->addresses = info.addresses();
        it->lookingUp = false;
    }
}

bool NetworkPool::cutIfStuck(const QUrl &url)
{
    return cutOrigin(originKey(url), true);
}

bool NetworkPool::cutOrigin(const QString &origin, bool onlyIfUnread)
{
    const auto it = m_peers.constFind(origin);
    if (it == m_peers.cend())
        return false;
    // Behind a proxy the origin's sockets are the proxy's, shared with every other origin it
    // serves: cutting them would hit those too, so the stuck-thread cut is not made there.
    if (proxyFor(it->url).type() != QNetworkProxy::NoProxy)
        return false;
    const QList<OriginSockets::Socket> sockets = OriginSockets::find(it->addresses, it->port);
    const bool unread = std::any_of(sockets.cbegin(), sockets.cend(),
                                    [](const OriginSockets::Socket &socket) { return socket.unread > 0; });
    if (sockets.isEmpty() || (onlyIfUnread && !unread))
        return false;
    return OriginSockets::cut(sockets) > 0;
}
