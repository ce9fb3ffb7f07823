#include "intake/aria2options.h"

#include "base/ascii.h"
#include "base/headerline.h"
#include "base/safetext.h"
#include "base/sizetext.h"

#include <QDir>
#include <QLatin1StringView>

namespace {

constexpr qsizetype kMaxOptionNameLength = 64;

using Applied = Result<void>;

Applied repeatedOption(QLatin1StringView key)
{
    return Applied::invalid(QStringLiteral("option '%1' given twice; keeping the first").arg(key));
}

Applied addHeader(UrlEntry &entry, QStringView line)
{
    Result<HeaderLine::Header> header = HeaderLine::parse(line);
    if (!header)
        return header.error();
    entry.headers.append(std::move(header).value());
    return {};
}

// A list can come from anyone: its folder stays inside the one the person chose (-d, or the
// window's folder), so no line can aim a file at ~/.ssh/authorized_keys or /etc.
QString folderProblem(QStringView dir)
{
    const QString path = dir.toString();
    // Only '/' starts an absolute path here: QDir also takes ":x" for one (a Qt resource).
    if (path.startsWith(u'/'))
        return QStringLiteral("dir must be a folder inside the download folder, not an absolute path");
    const QString clean = QDir::cleanPath(path);
    if (clean == u".." || clean.startsWith(u"../"))
        return QStringLiteral("dir leaves the download folder ('..')");
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
        if (!Ascii::isAlnum(u) && u != u'-')
            return false;
    }
    return true;
}

Result<void> Aria2Options::apply(UrlEntry &entry, QStringView option)
{
    const qsizetype equals = option.indexOf(u'=');
    const QStringView key = option.first(qMax<qsizetype>(equals, 0));
    const QStringView value = option.sliced(equals + 1).trimmed();
    if (key.compare(QLatin1StringView("out"), Qt::CaseInsensitive) == 0) {
        if (!entry.outName.isEmpty())
            return repeatedOption(QLatin1StringView("out"));
        if (value.isEmpty())
            return Applied::invalid(QStringLiteral("out is empty"));
        if (value.contains(u'/'))
            return Applied::invalid(QStringLiteral("out must be a file name, not a path (it contains '/')"));
        if (value == u"." || value == u"..")
            return Applied::invalid(QStringLiteral("out cannot be '.' or '..'"));
        if (SafeText::hasHiddenCharacter(value))
            return Applied::invalid(QStringLiteral("out contains a control or invisible character"));
        entry.outName = value.toString();
        return {};
    }
    if (key.compare(QLatin1StringView("dir"), Qt::CaseInsensitive) == 0) {
        if (!entry.dir.isEmpty())
            return repeatedOption(QLatin1StringView("dir"));
        if (value.isEmpty())
            return Applied::invalid(QStringLiteral("dir is empty"));
        if (SafeText::hasHiddenCharacter(value))
            return Applied::invalid(QStringLiteral("dir contains a control or invisible character"));
        if (const QString problem = folderProblem(value); !problem.isEmpty())
            return Applied::invalid(problem);
        entry.dir = QDir::cleanPath(value.toString());
        return {};
    }
    if (key.compare(QLatin1StringView("checksum"), Qt::CaseInsensitive) == 0) {
        if (entry.checksum)
            return repeatedOption(QLatin1StringView("checksum"));
        Result<ChecksumSpec> checksum = ChecksumSpec::parse(value);
        if (!checksum)
            return Applied::invalid(QStringLiteral("invalid checksum: %1").arg(SafeText::display(checksum.problem(), 120)));
        entry.checksum = std::move(checksum).value();
        return {};
    }
    if (key.compare(QLatin1StringView("header"), Qt::CaseInsensitive) == 0)
        return addHeader(entry, value);
    if (key.compare(QLatin1StringView("split"), Qt::CaseInsensitive) == 0) {
        if (entry.split)
            return repeatedOption(QLatin1StringView("split"));
        bool ok = false;
        const int split = value.toInt(&ok);
        if (!ok || split < 1 || split > UrlEntry::kMaxSplit)
            return Applied::invalid(QStringLiteral("split must be a number of connections from 1 to %1, not '%2'")
                                        .arg(UrlEntry::kMaxSplit).arg(SafeText::display(value, 40)));
        entry.split = split;
        return {};
    }
    if (key.compare(QLatin1StringView("max-download-limit"), Qt::CaseInsensitive) == 0) {
        if (entry.maxBytesPerSecond)
            return repeatedOption(QLatin1StringView("max-download-limit"));
        const std::optional<qint64> limit = SizeText::parse(value);
        if (!limit)
            return Applied::invalid(QStringLiteral("max-download-limit must be a speed like 500K or 2M (0 = unlimited), not '%1'")
                                        .arg(SafeText::display(value, 40)));
        entry.maxBytesPerSecond = *limit;
        return {};
    }
    return Applied::invalid(QStringLiteral("unknown option '%1' (ignored)").arg(SafeText::display(key, kMaxOptionNameLength)));
}
