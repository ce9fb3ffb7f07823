#include "aria2options.h"

#include "linkscanner.h"

#include <QLatin1StringView>

#include <array>

namespace {

constexpr qsizetype kMaxOptionNameLength = 64;

// The engine sets these itself; a list overriding them would break ranges, resume and verification.
constexpr std::array<QLatin1StringView, 6> kEngineHeaders{{
    QLatin1StringView("accept-encoding"), QLatin1StringView("connection"),
    QLatin1StringView("content-length"), QLatin1StringView("if-range"),
    QLatin1StringView("range"), QLatin1StringView("transfer-encoding"),
}};

bool isAsciiAlnum(char16_t c)
{
    return ((c | 0x20) >= u'a' && (c | 0x20) <= u'z') || (c >= u'0' && c <= u'9');
}

bool isHttpToken(QStringView name)
{
    if (name.isEmpty())
        return false;
    for (const QChar c : name) {
        const char16_t u = c.unicode();
        if (!isAsciiAlnum(u) && !QStringView(u"!#$%&'*+-.^_`|~").contains(c))
            return false;
    }
    return true;
}

QString repeatedOption(QLatin1StringView key)
{
    return QStringLiteral("option '%1' given twice; keeping the first").arg(key);
}

QString addHeader(UrlEntry &entry, QStringView header)
{
    const qsizetype colon = header.indexOf(u':');
    if (colon <= 0)
        return QStringLiteral("header must look like 'Name: value'");
    const QStringView name = header.first(colon);
    if (!isHttpToken(name))
        return QStringLiteral("header name '%1' is not a valid HTTP token").arg(LinkScanner::displayText(name, 64));
    const QStringView value = header.sliced(colon + 1).trimmed();
    for (const QChar c : value) {
        if ((c.unicode() < 0x20 && c != u'\t') || c.unicode() == 0x7F)
            return QStringLiteral("header value contains a control character");
    }
    for (const QLatin1StringView engine : kEngineHeaders) {
        if (name.compare(engine, Qt::CaseInsensitive) == 0)
            return QStringLiteral("header '%1' is set by Gather and cannot be overridden").arg(name);
    }
    entry.headers.append({name.toLatin1(), value.toUtf8()});
    return {};
}

} // namespace

bool Aria2Options::isOptionLine(QStringView text)
{
    const qsizetype equals = text.first(qMin(text.size(), kMaxOptionNameLength + 1)).indexOf(u'=');
    if (equals <= 0)
        return false;
    for (const QChar c : text.first(equals)) {
        const char16_t u = c.unicode();
        if (!isAsciiAlnum(u) && u != u'-')
            return false;
    }
    return true;
}

QString Aria2Options::apply(UrlEntry &entry, QStringView option)
{
    const qsizetype equals = option.indexOf(u'=');
    const QStringView key = option.first(qMax<qsizetype>(equals, 0));
    const QStringView value = option.sliced(equals + 1).trimmed();
    if (key.compare(QLatin1StringView("out"), Qt::CaseInsensitive) == 0) {
        if (!entry.outName.isEmpty())
            return repeatedOption(QLatin1StringView("out"));
        if (value.isEmpty())
            return QStringLiteral("out is empty");
        if (value.contains(u'/'))
            return QStringLiteral("out must be a file name, not a path (it contains '/')");
        if (value == u"." || value == u"..")
            return QStringLiteral("out cannot be '.' or '..'");
        if (LinkScanner::hasHiddenCharacter(value))
            return QStringLiteral("out contains a control or invisible character");
        entry.outName = value.toString();
        return {};
    }
    if (key.compare(QLatin1StringView("dir"), Qt::CaseInsensitive) == 0) {
        if (!entry.dir.isEmpty())
            return repeatedOption(QLatin1StringView("dir"));
        if (value.isEmpty())
            return QStringLiteral("dir is empty");
        if (LinkScanner::hasHiddenCharacter(value))
            return QStringLiteral("dir contains a control or invisible character");
        entry.dir = value.toString();
        return {};
    }
    if (key.compare(QLatin1StringView("checksum"), Qt::CaseInsensitive) == 0) {
        if (entry.checksum)
            return repeatedOption(QLatin1StringView("checksum"));
        QString error;
        entry.checksum = ChecksumSpec::parse(value, &error);
        return entry.checksum ? QString() : QStringLiteral("invalid checksum: %1").arg(LinkScanner::displayText(error, 120));
    }
    if (key.compare(QLatin1StringView("header"), Qt::CaseInsensitive) == 0)
        return addHeader(entry, value);
    return QStringLiteral("unknown option '%1' (ignored)").arg(LinkScanner::displayText(key, kMaxOptionNameLength));
}
