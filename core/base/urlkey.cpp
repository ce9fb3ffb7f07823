#include "base/urlkey.h"

#include "base/ascii.h"

QString UrlKey::of(const QUrl &url)
{
    // QUrl has already lower-cased scheme and host and decoded %7E to ~.
    QUrl::FormattingOptions options = QUrl::FullyEncoded | QUrl::RemoveFragment;
    if (const int port = url.port(); port == 80 || port == 443) {
        if (port == (url.scheme() == QLatin1StringView("https") ? 443 : 80))
            options |= QUrl::RemovePort;
    }
    QString key = url.toString(options);
    qsizetype end = key.indexOf(u':') + 3;
    while (end < key.size() && key[end] != u'/' && key[end] != u'?')
        ++end;
    if (end == key.size() || key[end] == u'?')
        key.insert(end, u'/');
    return key;
}

bool UrlKey::isOwnKey(QStringView url)
{
    const bool https = Ascii::hasPrefix(url, QLatin1StringView("https://"));
    if (!https && !Ascii::hasPrefix(url, QLatin1StringView("http://")))
        return false;
    const qsizetype start = https ? 8 : 7;
    const qsizetype slash = url.indexOf(u'/', start);
    if (slash < 0)
        return false;
    // Host and port exactly as QUrl prints them: lower-case name, no userinfo, IPv6 or escapes,
    // a port without leading zero that is not the default. A numeric last label may be an IPv4
    // address that QUrl rewrites ("127.1").
    const QStringView authority = url.sliced(start, slash - start);
    const qsizetype colon = authority.indexOf(u':');
    const QStringView host = colon < 0 ? authority : authority.first(colon);
    if (host.isEmpty() || host.back() == u'.')
        return false;
    for (const QChar c : host) {
        const char16_t u = c.unicode();
        if (!(u >= u'a' && u <= u'z') && !(u >= u'0' && u <= u'9') && u != u'-' && u != u'.')
            return false;
    }
    const qsizetype lastLabel = host.lastIndexOf(u'.') + 1;
    if (host[lastLabel].isDigit())
        return false;
    if (colon >= 0) {
        const QStringView port = authority.sliced(colon + 1);
        if (port.isEmpty() || port.front() == u'0' || port == (https ? QStringView(u"443") : QStringView(u"80")))
            return false;
        for (const QChar c : port) {
            if (!c.isDigit())
                return false;
        }
    }
    // QUrl re-encodes escapes and drops the fragment; other printable ASCII passes through.
    for (const QChar c : url.sliced(slash)) {
        const char16_t u = c.unicode();
        if (u <= 0x20 || u >= 0x7F || u == u'%' || u == u'#')
            return false;
    }
    return true;
}
