#include "net/httprules.h"

#include <QLocale>

namespace {

std::optional<qint64> parseNumber(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 18)
        return std::nullopt;
    qint64 value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

} // namespace

std::optional<ContentRange> HttpRules::parseContentRange(QByteArrayView value)
{
    QByteArrayView v = value.trimmed();
    if (!v.startsWith("bytes ") && !v.startsWith("bytes="))
        return std::nullopt;
    v = v.sliced(6).trimmed();
    const qsizetype slash = v.indexOf('/');
    if (slash < 0)
        return std::nullopt;
    const QByteArrayView rangePart = v.first(slash).trimmed();
    const QByteArrayView totalPart = v.sliced(slash + 1).trimmed();

    ContentRange range;
    if (totalPart != "*") {
        const auto total = parseNumber(totalPart);
        if (!total)
            return std::nullopt;
        range.total = *total;
    }
    if (rangePart == "*")
        return range.total >= 0 ? std::optional(range) : std::nullopt;

    const qsizetype dash = rangePart.indexOf('-');
    if (dash < 0)
        return std::nullopt;
    const auto first = parseNumber(rangePart.first(dash));
    const auto last = parseNumber(rangePart.sliced(dash + 1));
    if (!first || !last || *last < *first)
        return std::nullopt;
    if (range.total >= 0 && *last >= range.total)
        return std::nullopt;
    range.first = *first;
    range.last = *last;
    return range;
}

QByteArray HttpRules::standardReason(int status)
{
    switch (status) {
    case 400: return QByteArrayLiteral("Bad Request");
    case 401: return QByteArrayLiteral("Unauthorized");
    case 402: return QByteArrayLiteral("Payment Required");
    case 403: return QByteArrayLiteral("Forbidden");
    case 404: return QByteArrayLiteral("Not Found");
    case 405: return QByteArrayLiteral("Method Not Allowed");
    case 406: return QByteArrayLiteral("Not Acceptable");
    case 407: return QByteArrayLiteral("Proxy Authentication Required");
    case 408: return QByteArrayLiteral("Request Timeout");
    case 409: return QByteArrayLiteral("Conflict");
    case 410: return QByteArrayLiteral("Gone");
    case 411: return QByteArrayLiteral("Length Required");
    case 412: return QByteArrayLiteral("Precondition Failed");
    case 413: return QByteArrayLiteral("Content Too Large");
    case 414: return QByteArrayLiteral("URI Too Long");
    case 415: return QByteArrayLiteral("Unsupported Media Type");
    case 416: return QByteArrayLiteral("Range Not Satisfiable");
    case 429: return QByteArrayLiteral("Too Many Requests");
    case 451: return QByteArrayLiteral("Unavailable For Legal Reasons");
    case 500: return QByteArrayLiteral("Internal Server Error");
    case 501: return QByteArrayLiteral("Not Implemented");
    case 502: return QByteArrayLiteral("Bad Gateway");
    case 503: return QByteArrayLiteral("Service Unavailable");
    case 504: return QByteArrayLiteral("Gateway Timeout");
    case 505: return QByteArrayLiteral("HTTP Version Not Supported");
    default: return {};
    }
}

DownloadError HttpRules::statusError(int status, const QByteArray &reason)
{
    QByteArray phrase = reason.trimmed();
    if (phrase.isEmpty())
        phrase = standardReason(status);
    // Reason phrases come from the server: keep them printable and short.
    QString cleaned;
    for (QChar c : QString::fromLatin1(phrase.left(80)))
        cleaned += c.isPrint() ? c : u'?';
    QString message = cleaned.isEmpty()
        ? QStringLiteral("Server said %1").arg(status)
        : QStringLiteral("Server said %1 %2").arg(status).arg(cleaned);
    // Qt 6.4 skips only 100 Continue and takes any other 1xx for the final answer, whose real
    // answer then goes unread; say so rather than blame the server for a normal response.
    if (status >= 102 && status <= 199)
        message += QStringLiteral(", an interim response that Qt 6.4 takes for the final answer");
    const bool retryable = status == 408 || status == 429 || (status >= 500 && status <= 599);
    return DownloadError::make(ErrorKind::Http, message, retryable);
}

std::optional<qint64> HttpRules::retryAfterMs(QByteArrayView value, const QDateTime &now)
{
    const QByteArrayView v = value.trimmed();
    if (v.isEmpty())
        return std::nullopt;
    if (const auto seconds = parseNumber(v))
        return std::min<qint64>(*seconds, 10 * 365 * 24 * 3600LL) * 1000;
    // IMF-fixdate, e.g. "Wed, 21 Oct 2015 07:28:00 GMT".
    const QString text = QString::fromLatin1(v.toByteArray());
    QDateTime when = QLocale::c().toDateTime(text, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!when.isValid())
        return std::nullopt;
    when.setTimeSpec(Qt::UTC);
    return std::max<qint64>(0, now.msecsTo(when));
}

bool HttpRules::isStrongEtag(QByteArrayView etag)
{
    const QByteArrayView v = etag.trimmed();
    return v.size() >= 2 && v.front() == '"' && v.back() == '"';
}

bool HttpRules::isRedirect(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}
