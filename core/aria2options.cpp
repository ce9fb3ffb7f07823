#include "aria2options.h"

#include "headerline.h"
#include "linkscanner.h"

#include <QLatin1StringView>


namespace {

constexpr qsizetype kMaxOptionNameLength = 64;

bool isAsciiAlnum(char16_t c)
{
    return ((c | 0x20) >= u'a' && (c | 0x20) <= u'z') || (c >= u'0' && c <= u'9');
}

QString repeatedOption(QLatin1StringView key)
{
    return QStringLiteral("option '%1' given twice; keeping the first").arg(key);
}

QString addHeader(UrlEntry &entry, QStringView line)
{
    HeaderLine::Header header;
    const QString problem = HeaderLine::parse(line, &header);
    if (problem.isEmpty())
        entry.headers.append(header);
    return problem;
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
