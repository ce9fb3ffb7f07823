#include "base/proxysettings.h"

#include "base/shownurl.h"

Result<ProxySettings> ProxySettings::fromUrl(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return Result<ProxySettings>::invalid(QStringLiteral("the proxy address is empty"));
    // "host:port" alone is how many environments spell it; QUrl would read "host" as a scheme.
    const QUrl url = QUrl(trimmed.contains(u"://") ? trimmed : u"http://" % trimmed, QUrl::StrictMode);
    const QString shown = ShownUrl::redacted(trimmed);
    if (!url.isValid() || url.host().isEmpty())
        return Result<ProxySettings>::invalid(QStringLiteral("\"%1\" is not a proxy address like http://host:port").arg(shown));
    ProxySettings proxy;
    proxy.mode = Mode::Manual;
    const QString scheme = url.scheme().toLower();
    if (scheme == u"http") {
        proxy.type = Type::Http;
    } else if (scheme == u"socks5" || scheme == u"socks5h") {
        // Qt's SOCKS5 client always lets the proxy resolve names, so both spellings mean that.
        proxy.type = Type::Socks5;
    } else {
        return Result<ProxySettings>::invalid(
            QStringLiteral("\"%1\": the proxy scheme must be http, socks5 or socks5h (got %2)").arg(shown, scheme));
    }
    if ((!url.path().isEmpty() && url.path() != u"/") || url.hasQuery() || url.hasFragment())
        return Result<ProxySettings>::invalid(QStringLiteral("\"%1\": a proxy address has no path").arg(shown));
    proxy.host = url.host();
    const int defaultPort = proxy.type == Type::Socks5 ? 1080 : 80;
    const int port = url.port(defaultPort);
    if (port <= 0 || port > 65535)
        return Result<ProxySettings>::invalid(QStringLiteral("\"%1\": the proxy port must be 1-65535").arg(shown));
    proxy.port = quint16(port);
    proxy.user = url.userName();
    proxy.password = url.password();
    return proxy;
}

QString ProxySettings::shownAddress() const
{
    QUrl url;
    url.setScheme(nameOf(type));
    url.setHost(host);
    url.setPort(port);
    if (!user.isEmpty()) {
        url.setUserName(user);
        if (!password.isEmpty())
            url.setPassword(password);
    }
    return ShownUrl::of(url);
}

QStringList ProxySettings::splitList(const QString &text)
{
    QStringList entries;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
        if (const QString entry = part.trimmed(); !entry.isEmpty())
            entries.append(entry);
    }
    return entries;
}

QString ProxySettings::nameOf(Mode mode)
{
    switch (mode) {
    case Mode::None: return QStringLiteral("none");
    case Mode::System: return QStringLiteral("system");
    case Mode::Manual: return QStringLiteral("manual");
    }
    return QStringLiteral("system");
}

QString ProxySettings::nameOf(Type type)
{
    return type == Type::Socks5 ? QStringLiteral("socks5") : QStringLiteral("http");
}

std::optional<ProxySettings::Mode> ProxySettings::modeNamed(QStringView name)
{
    for (const Mode mode : {Mode::None, Mode::System, Mode::Manual}) {
        if (name.trimmed().compare(nameOf(mode), Qt::CaseInsensitive) == 0)
            return mode;
    }
    return std::nullopt;
}

std::optional<ProxySettings::Type> ProxySettings::typeNamed(QStringView name)
{
    for (const Type type : {Type::Http, Type::Socks5}) {
        if (name.trimmed().compare(nameOf(type), Qt::CaseInsensitive) == 0)
            return type;
    }
    return std::nullopt;
}
