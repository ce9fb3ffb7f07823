#include "base/headerline.h"

#include "base/ascii.h"
#include "base/safetext.h"

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
        if (!Ascii::isAlnum(u) && !QStringView(u"!#$%&'*+-.^_`|~").contains(c))
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

Result<HeaderLine::Header> HeaderLine::parse(QStringView line)
{
    using Parsed = Result<Header>;
    const qsizetype colon = line.indexOf(u':');
    if (colon <= 0)
        return Parsed::invalid(QStringLiteral("header must look like 'Name: value'"));
    const QStringView name = line.first(colon).trimmed();
    if (!isHttpToken(name))
        return Parsed::invalid(QStringLiteral("header name '%1' is not a valid HTTP token").arg(SafeText::display(name, 64)));
    const QStringView value = line.sliced(colon + 1).trimmed();
    for (const QChar c : value) {
        if ((c.unicode() < 0x20 && c != u'\t') || c.unicode() == 0x7F)
            return Parsed::invalid(QStringLiteral("header value contains a control character"));
    }
    const QByteArray latinName = name.toLatin1();
    if (isEngineHeader(latinName))
        return Parsed::invalid(QStringLiteral("header '%1' is set by Gather and cannot be overridden").arg(name));
    return Header{latinName, value.toUtf8()};
}
