#pragma once

#include "base/downloaderror.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <optional>

// "bytes first-last/total" from a 206, or "bytes */total" from a 416 (first = last = -1).
struct ContentRange {
    qint64 first = -1;
    qint64 last = -1;
    qint64 total = -1;  // -1 when the server sent '*'
    friend bool operator==(const ContentRange &, const ContentRange &) = default;
};

// The HTTP rules the download follows, as pure functions: Content-Range parsing, which status
// codes are worth a retry, Retry-After, validator strength. Stateless; any thread.
class HttpRules final
{
public:
    static std::optional<ContentRange> parseContentRange(QByteArrayView value);

    // The error for a non-2xx final status ("Server said 404 Not Found"), retryable for
    // 408, 429 and 5xx. reason may be empty: the standard phrase is used then.
    static DownloadError statusError(int status, const QByteArray &reason);
    static QByteArray standardReason(int status);

    // Retry-After as a delay in ms from now: delta-seconds or an HTTP-date. nullopt if absent or
    // unparseable; negative values become 0.
    static std::optional<qint64> retryAfterMs(QByteArrayView value, const QDateTime &now);

    // A strong ETag is quoted and not prefixed with W/ (RFC 9110 8.8.3).
    static bool isStrongEtag(QByteArrayView etag);

    static bool isRedirect(int status);
};
