#include "base/sizetext.h"

#include <QLatin1StringView>

#include <array>
#include <limits>
#include <utility>

std::optional<qint64> SizeText::parse(QStringView input)
{
    QString text = input.trimmed().toString().toUpper();
    static const std::array<std::pair<QLatin1StringView, int>, 8> kSuffixes{{
        {QLatin1StringView("KIB"), 10}, {QLatin1StringView("MIB"), 20}, {QLatin1StringView("GIB"), 30},
        {QLatin1StringView("TIB"), 40}, {QLatin1StringView("K"), 10},   {QLatin1StringView("M"), 20},
        {QLatin1StringView("G"), 30},   {QLatin1StringView("T"), 40},
    }};
    qint64 unit = 1;
    for (const auto &[suffix, shift] : kSuffixes) {
        if (text.endsWith(suffix)) {
            unit = qint64(1) << shift;
            text.chop(suffix.size());
            break;
        }
    }
    bool ok = false;
    const qint64 value = text.trimmed().toLongLong(&ok);
    if (!ok || value < 0 || value > std::numeric_limits<qint64>::max() / unit)
        return std::nullopt;
    return value * unit;
}

QString SizeText::of(qint64 bytes)
{
    for (const auto &[suffix, shift] : {std::pair{u'T', 40}, std::pair{u'G', 30}, std::pair{u'M', 20}, std::pair{u'K', 10}}) {
        const qint64 unit = qint64(1) << shift;
        if (bytes >= unit && bytes % unit == 0)
            return QString::number(bytes / unit) + QChar(suffix);
    }
    return QString::number(bytes);
}
