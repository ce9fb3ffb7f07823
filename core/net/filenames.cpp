#include "net/filenames.h"

#include "net/contentdisposition.h"

#include <QChar>
#include <QMimeDatabase>
#include <QMimeType>
#include <QStringList>
#include <QStringView>

namespace {

// Past this length the text after the last dot is more likely part of the name ("Report. Draft
// of ...") than an extension worth protecting from truncation.
constexpr qsizetype kMaxExtensionLength = 20;

// Code points that are invisible, reorder the text around them, or drive a terminal: they let
// "invoice\u202Efdp.exe" display as "invoiceexe.pdf", so they never reach the disk or a log.
bool isInvisible(char32_t codePoint)
{
    if (codePoint <= 0x1f || (codePoint >= 0x7f && codePoint <= 0x9f))
        return true;
    if ((codePoint >= 0x202a && codePoint <= 0x202e) || (codePoint >= 0x2066 && codePoint <= 0x2069))
        return true;
    if ((codePoint >= 0x200b && codePoint <= 0x200f) || codePoint == 0x2060 || codePoint == 0xfeff
        || codePoint == 0x061c)
        return true;
    if (codePoint == 0x2028 || codePoint == 0x2029)
        return true;
    return QChar::category(codePoint) == QChar::Other_Format;
}

// Also drops unpaired surrogates, which have no UTF-8 form and would be written as '?'.
QString stripInvisible(QStringView text)
{
    QString result;
    result.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            const char32_t codePoint = QChar::surrogateToUcs4(c, text.at(i + 1));
            if (!isInvisible(codePoint)) {
                result.append(c);
                result.append(text.at(i + 1));
            }
            ++i;
            continue;
        }
        if (c.isSurrogate() || isInvisible(c.unicode()))
            continue;
        result.append(c);
    }
    return result;
}

// Characters Windows refuses in a name; applied on every OS because files move between systems
// and Linux writes to SMB and NTFS mounts.
void replaceWindowsIllegal(QString &name)
{
    for (QChar &c : name) {
        switch (c.unicode()) {
        case u'<': case u'>': case u':': case u'"': case u'|': case u'?': case u'*':
            c = u'_';
            break;
        default:
            break;
        }
    }
}

// Win32 drops trailing dots and spaces itself, so "setup.exe." would land on "setup.exe".
QString trimmed(QStringView name)
{
    qsizetype start = 0;
    while (start < name.size() && name.at(start).isSpace())
        ++start;
    qsizetype end = name.size();
    while (end > start && (name.at(end - 1).isSpace() || name.at(end - 1) == u'.'))
        --end;
    return name.sliced(start, end - start).toString();
}

// Windows opens a device instead of a file for these, whatever the extension ("con.txt") and
// with trailing spaces ("CON .txt"); superscript digits count as digits there.
bool isReservedDeviceName(QStringView name)
{
    QStringView base = name;
    if (const qsizetype dot = base.indexOf(u'.'); dot >= 0)
        base = base.first(dot);
    while (!base.isEmpty() && base.back().isSpace())
        base.chop(1);

    for (const QStringView reserved :
         {u"CON", u"PRN", u"AUX", u"NUL", u"CLOCK$", u"CONIN$", u"CONOUT$"}) {
        if (base.compare(reserved, Qt::CaseInsensitive) == 0)
            return true;
    }
    if (base.size() != 4)
        return false;
    const QStringView prefix = base.first(3);
    if (prefix.compare(u"COM", Qt::CaseInsensitive) != 0
        && prefix.compare(u"LPT", Qt::CaseInsensitive) != 0)
        return false;
    const QChar digit = base.at(3);
    return (digit >= u'1' && digit <= u'9') || digit == u'\u00b9' || digit == u'\u00b2'
        || digit == u'\u00b3';
}

qsizetype utf8Length(QStringView text)
{
    return text.toUtf8().size();
}

// The longest prefix of text that fits in maxBytes of UTF-8, never splitting a code point.
QStringView utf8Prefix(QStringView text, qsizetype maxBytes)
{
    qsizetype bytes = 0;
    qsizetype i = 0;
    while (i < text.size()) {
        const QChar c = text.at(i);
        const bool pair = c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate();
        const char32_t codePoint = pair ? QChar::surrogateToUcs4(c, text.at(i + 1)) : c.unicode();
        const qsizetype width =
            codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
        if (bytes + width > maxBytes)
            break;
        bytes += width;
        i += pair ? 2 : 1;
    }
    return text.first(i);
}

// Cuts by bytes (the filesystem limit is 255 bytes, not characters) and keeps the extension, so
// a long "report….pdf" still opens as a PDF.
QString truncated(const QString &name)
{
    if (utf8Length(name) <= FileNames::kMaxNameBytes)
        return name;
    QStringView extension;
    const qsizetype dot = name.lastIndexOf(u'.');
    if (dot > 0) {
        const QStringView candidate = QStringView(name).sliced(dot);
        if (candidate.size() - 1 <= kMaxExtensionLength && !candidate.contains(u' '))
            extension = candidate;
    }
    const QStringView stem = QStringView(name).first(name.size() - extension.size());
    const QStringView cut = utf8Prefix(stem, FileNames::kMaxNameBytes - utf8Length(extension));
    return trimmed(cut) + extension;
}

QString defaultName(const QString &mimeType)
{
    const QString essence = mimeType.section(u';', 0, 0).trimmed().toLower();
    const QString base = QStringLiteral("download");
    if (essence.isEmpty())
        return base;
    const QMimeType type = QMimeDatabase().mimeTypeForName(essence);
    const QString suffix = type.isValid() ? FileNames::sanitize(type.preferredSuffix()) : QString();
    if (suffix.isEmpty())
        return base;
    return base + u'.' + suffix;
}

} // namespace

std::optional<QString> FileNames::fromContentDisposition(const QByteArray &headerValue)
{
    const std::optional<ContentDisposition> disposition = ContentDisposition::parse(headerValue);
    if (!disposition)
        return std::nullopt;
    return disposition->fileName();
}

QString FileNames::fromUrl(const QUrl &url)
{
    // Split the still-encoded path: a "%2F" must survive as a character for sanitize() to reject,
    // not become a separator that hides the traversal.
    const QStringList segments = url.path(QUrl::FullyEncoded).split(u'/', Qt::SkipEmptyParts);
    if (segments.isEmpty())
        return {};
    return ContentDisposition::decodeText(QByteArray::fromPercentEncoding(segments.last().toLatin1()));
}

QString FileNames::sanitize(const QString &name)
{
    // A separator means the sender wanted a path; repairing it would guess which part is meant.
    if (name.contains(u'/') || name.contains(u'\\'))
        return {};
    // Strip before normalising: removing a joiner between two marks can make NFC text non-NFC.
    QString result = stripInvisible(name).normalized(QString::NormalizationForm_C);
    replaceWindowsIllegal(result);
    result = trimmed(result);
    if (result.isEmpty())
        return {};
    if (isReservedDeviceName(result))
        result.prepend(u'_');
    if (result.startsWith(u'.'))
        result[0] = u'_';
    return truncated(result);
}

QString FileNames::choose(const QString &requested, const QByteArray &contentDisposition,
                          const QUrl &url, const QString &mimeType)
{
    if (QString name = sanitize(requested); !name.isEmpty())
        return name;
    if (const std::optional<QString> fromHeader = fromContentDisposition(contentDisposition)) {
        if (QString name = sanitize(*fromHeader); !name.isEmpty())
            return name;
    }
    if (QString name = sanitize(fromUrl(url)); !name.isEmpty())
        return name;
    return defaultName(mimeType);
}
