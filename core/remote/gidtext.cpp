#include "remote/gidtext.h"

#include "base/safetext.h"

namespace {

// A GID in a message is shown as given, cut short: it came from a remote client.
QString shown(QStringView text)
{
    return SafeText::display(text, GidText::kDigits + 8);
}

int hexDigit(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (u >= u'a' && u <= u'f')
        return u - u'a' + 10;
    if (u >= u'A' && u <= u'F')
        return u - u'A' + 10;
    return -1;
}

} // namespace

QString GidText::of(DownloadId id)
{
    return QStringLiteral("%1").arg(id, int(kDigits), 16, QLatin1Char('0'));
}

Result<DownloadId> GidText::resolve(QStringView text, const std::function<bool(DownloadId)> &exists,
                                    const QList<DownloadId> &ids)
{
    using Found = Result<DownloadId>;
    if (text.isEmpty() || text.size() > kDigits)
        return Found::invalid(QStringLiteral("Invalid GID %1").arg(shown(text)));
    DownloadId value = 0;
    for (const QChar c : text) {
        const int digit = hexDigit(c);
        if (digit < 0)
            return Found::invalid(QStringLiteral("Invalid GID %1").arg(shown(text)));
        value = (value << 4) | DownloadId(digit);
    }
    if (text.size() == kDigits) {
        if (value == 0 || !exists(value))
            return Found::invalid(QStringLiteral("GID %1 is not found").arg(text));
        return value;
    }
    // A prefix: the digits given are the high ones of the 64-bit id, as in aria2.
    const int shift = int(4 * (kDigits - text.size()));
    const DownloadId high = value << shift;
    const DownloadId mask = ~DownloadId(0) << shift;
    DownloadId match = 0;
    for (const DownloadId id : ids) {
        if ((id & mask) != high)
            continue;
        if (match != 0)
            return Found::invalid(QStringLiteral("GID %1 is not unique").arg(text));
        match = id;
    }
    if (match == 0)
        return Found::invalid(QStringLiteral("GID %1 is not found").arg(text));
    return match;
}
