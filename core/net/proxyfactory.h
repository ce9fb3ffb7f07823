#pragma once

#include "base/proxysettings.h"
#include "net/noproxylist.h"

#include <QList>
#include <QNetworkProxy>
#include <QNetworkProxyFactory>
#include <QUrl>

// Picks the proxy for each request from ProxySettings: none, the one given by hand unless its
// no-proxy list names the host, or what the environment says at the moment of the request
// (curl's rules: <scheme>_proxy, then all_proxy, each lower then upper case; no_proxy). Qt's
// own system factory is not used: depending on how Qt was built it asks libproxy or reads only
// some of these variables, and it skips loopback hosts. Immutable; any thread (a manager may
// ask from its own).
class ProxyFactory final : public QNetworkProxyFactory
{
public:
    explicit ProxyFactory(const ProxySettings &settings);

    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override;
    // The proxy a request to url goes through; type NoProxy when it goes direct.
    QNetworkProxy proxyFor(const QUrl &url) const;

    // What the environment says for a request to url: a Manual setting with no_proxy as its
    // list, or mode None when no variable applies or its value is not a usable proxy address.
    static ProxySettings fromEnvironment(const QUrl &url);
    static QNetworkProxy toQt(const ProxySettings &proxy);

private:
    ProxySettings m_settings;
    NoProxyList m_noProxy;
};
