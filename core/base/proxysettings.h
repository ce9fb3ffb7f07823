#pragma once

#include "base/result.h"

#include <QString>
#include <QStringList>
#include <QUrl>

// Which proxy the engine's requests go through: none, the desktop's environment
// (http_proxy, https_proxy, all_proxy, no_proxy), or one given by hand. Plain data; any thread.
struct ProxySettings {
    enum class Mode { None, System, Manual };
    enum class Type { Http, Socks5 };

    Mode mode = Mode::System;
    // Manual only: the proxy itself.
    Type type = Type::Http;
    QString host;
    quint16 port = 8080;
    QString user;       // empty: no credentials
    QString password;
    // Hosts reached directly (names, ".domain" suffixes, IPs, CIDR ranges, "*"); in System mode
    // in addition to no_proxy.
    QStringList noProxy;

    bool operator==(const ProxySettings &other) const = default;

    // "http://[user:pass@]host:port", "socks5://..." (also "socks5h://"); no scheme means http,
    // no port means 1080 for SOCKS and 80 for HTTP. The result is a Manual setting, or why not.
    static Result<ProxySettings> fromUrl(const QString &text);
    // The proxy as a URL with its password replaced by "***": safe for messages and logs.
    QString shownAddress() const;
    // "a.example, .b.example , 10.0.0.0/8" -> its trimmed non-empty entries.
    static QStringList splitList(const QString &text);

    static QString nameOf(Mode mode);  // "none", "system", "manual"
    static QString nameOf(Type type);  // "http", "socks5"
    static std::optional<Mode> modeNamed(QStringView name);
    static std::optional<Type> typeNamed(QStringView name);
};
