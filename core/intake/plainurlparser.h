#pragma once

#include <QString>
#include <QStringView>
#include <QUrl>

#include <optional>

// Parses the common plain http(s) URL (lower-case scheme, host and port only, unescaped printable
// ASCII path and query, no fragment) into the QUrl that LinkScanner::check would give, several
// times faster: the origin is parsed once and copied, so its scheme and host strings are shared.
// Owned and used by one thread at a time.
class PlainUrlParser final
{
public:
    // The URL when it is plain and LinkScanner::check(url, maxLength) accepts it; nullopt when
    // only the full check can tell.
    std::optional<QUrl> parse(QStringView url, qsizetype maxLength);

private:
    QString m_origin;  // "https://host:port" of m_template; null until the first plain URL
    QUrl m_template;
};
