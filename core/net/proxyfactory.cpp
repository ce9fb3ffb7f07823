#include "net/proxyfactory.h"

#include <QtGlobal>

namespace {

// The first of the variables that is set (an empty value counts as unset, as in curl).
QString firstSet(std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        if (const QString value = qEnvironmentVariable(name).trimmed(); !value.isEmpty())
            return value;
    }
    return {};
}

} // namespace

ProxyFactory::ProxyFactory(const ProxySettings &settings)
    : m_settings(settings)
    , m_noProxy(settings.noProxy)
{
}

QList<QNetworkProxy> ProxyFactory::queryProxy(const QNetworkProxyQuery &query)
{
    return {proxyFor(query.url())};
}

QNetworkProxy ProxyFactory::proxyFor(const QUrl &url) const
{
    switch (m_settings.mode) {
    case ProxySettings::Mode::None:
        break;
    case ProxySettings::Mode::Manual:
        if (!m_noProxy.matches(url.host()))
            return toQt(m_settings);
        break;
    case ProxySettings::Mode::System: {
        const ProxySettings fromEnv = fromEnvironment(url);
        if (fromEnv.mode == ProxySettings::Mode::Manual && !m_noProxy.matches(url.host())
            && !NoProxyList(fromEnv.noProxy).matches(url.host()))
            return toQt(fromEnv);
        break;
    }
    }
    return QNetworkProxy(QNetworkProxy::NoProxy);
}

ProxySettings ProxyFactory::fromEnvironment(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    QString value;
    // Only the schemes the engine fetches; http_proxy never serves https URLs. HTTP_PROXY in
    // upper case is not read, as curl does not: a CGI program gets the request's "Proxy:"
    // header as HTTP_PROXY ("httpoxy"), so that name cannot be trusted to come from the user.
    if (scheme == u"https")
        value = firstSet({"https_proxy", "HTTPS_PROXY"});
    else if (scheme == u"http")
        value = firstSet({"http_proxy"});
    if (value.isEmpty())
        value = firstSet({"all_proxy", "ALL_PROXY"});
    ProxySettings none;
    none.mode = ProxySettings::Mode::None;
    if (value.isEmpty())
        return none;
    Result<ProxySettings> proxy = ProxySettings::fromUrl(value);
    if (!proxy)
        return none;
    ProxySettings settings = std::move(proxy).value();
    settings.noProxy = ProxySettings::splitList(firstSet({"no_proxy", "NO_PROXY"}));
    return settings;
}

QNetworkProxy ProxyFactory::toQt(const ProxySettings &proxy)
{
    const auto type = proxy.type == ProxySettings::Type::Socks5 ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy;
    return QNetworkProxy(type, proxy.host, proxy.port, proxy.user, proxy.password);
}
