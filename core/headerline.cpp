#include "headerline.h"

#include "linkscanner.h"

#include <array>

namespace {

constexpr std::array<QLatin1StringView, 6> kEngineHeaders{{
    QLatin1StringView("accept-encoding"), QLatin1StringView("connection"),
    QLatin1StringView("content-length"), QLatin1StringView("if-range"),
    QLatin1StringView("range"), QLatin1StringView("transfer-encoding"),
}};

bool isHttpToken(QStringView name)
{
    if (name.isEmpty())
        return false;
    for (const QChar c : name) {
        const char16_t u = c.unicode();
        const bool alnum = ((u | 0x20) >= u'a' && (u | 0x20) <= u'z') || (u >= u'0' && u <= u'9');
        if (!alnum && !QStringView(u"!#$%&'*+-.^_`|~").contains(c))
            return false;
    }
    return true;
}

} // namespace

bool HeaderLine::isEngineHeader(QByteArrayView name)
{
    for (const QLatin1StringView engine : kEngineHeaders) {
        if (QLatin1StringView(name).compare(engine, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QString HeaderLine::parse(QStringView line, Header *header)
{
    const qsizetype colon = line.indexOf(u':');
    if (colon <= 0)
        return QStringLiteral("header must look like 'Name: value'");
    const QStringView name = line.first(colon).trimmed();
    if (!isHttpToken(name))
        return QStringLiteral("header name '%1' is not a valid HTTP token").arg(LinkScanner::displayText(name, 64));
    const QStringView value = line.sliced(colon + 1).trimmed();
    for (const QChar c : value) {
        if ((c.unicode() < 0x20 && c != u'\t') || c.unicode() == 0x7F)
            return QStringLiteral("header value contains a control character");
    }
    const QByteArray latinName = name.toLatin1();
    if (isEngineHeader(latinName))
        return QStringLiteral("header '%1' is set by Gather and cannot be overridden").arg(name);
    *header = {latinName, value.toUtf8()};
    return {};
}
