#pragma once

#include <QString>
#include <QStringView>
#include <QUrl>

// Parses the common plain http(s) URL (lower-case scheme, host and port only, unescaped printable
// ASCII path and query, no fragment) into the QUrl that LinkScanner::check would give, several
// times faster: the origin is parsed once and copied, so its scheme and host strings are shared.
// Owned and used by one thread at a time.
class PlainUrlParser final
{
public:
    // Sets *parsed and returns true if url is plain and LinkScanner::check(url, maxLength) accepts
    // it; returns false, leaving *parsed alone, when only the full check can tell.
    bool parse(QStringView url, qsizetype maxLength, QUrl *parsed);

private:
    QString m_origin;  // "https://host:port" of m_template; null until the first plain URL
    QUrl m_template;
};
