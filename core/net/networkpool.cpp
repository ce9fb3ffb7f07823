#include "net/networkpool.h"

#include <QNetworkAccessManager>

NetworkPool::NetworkPool(QObject *parent)
    : QObject(parent)
{
}

NetworkPool::~NetworkPool() = default;

QString NetworkPool::originKey(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    const int port = url.port(scheme == u"https" ? 443 : 80);
    return scheme % u"://" % url.host().toLower() % u':' % QString::number(port);
}

QNetworkAccessManager *NetworkPool::createManager()
{
    auto *manager = new QNetworkAccessManager(this);
    // Redirects are followed by Download itself, so it can cap them, check schemes and drop
    // credentials across origins.
    manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    manager->setAutoDeleteReplies(false);
    m_managers.append(Slot{manager, {}});
    return manager;
}

QNetworkAccessManager *NetworkPool::acquire(const QUrl &url)
{
    const QString key = originKey(url);
    Slot *best = nullptr;
    for (Slot &slot : m_managers) {
        const int used = slot.inUse.value(key);
        if (used < kConnectionsPerManager && (!best || used < best->inUse.value(key)))
            best = &slot;
    }
    if (!best) {
        createManager();
        best = &m_managers.last();
    }
    ++best->inUse[key];
    return best->manager;
}

void NetworkPool::release(QNetworkAccessManager *manager, const QUrl &url)
{
    const QString key = originKey(url);
    for (Slot &slot : m_managers) {
        if (slot.manager != manager)
            continue;
        auto it = slot.inUse.find(key);
        if (it != slot.inUse.end() && --it.value() <= 0)
            slot.inUse.erase(it);
        return;
    }
}
