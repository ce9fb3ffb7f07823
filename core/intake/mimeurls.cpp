#include "intake/mimeurls.h"

#include "intake/htmllinks.h"
#include "intake/textfilereader.h"

#include <QByteArray>
#include <QDir>
#include <QMimeData>
#include <QStringDecoder>
#include <QUrl>

#include <algorithm>

namespace {

const QString kUriList = QStringLiteral("text/uri-list");
const QString kMozUrl = QStringLiteral("text/x-moz-url");
const QString kHtml = QStringLiteral("text/html");
const QString kPlain = QStringLiteral("text/plain");
const QString kPlainUtf8 = QStringLiteral("text/plain;charset=utf-8");

// The URLs of one format, split into local files and the rest (as text lines for the parser).
struct Found {
    QStringList lines;
    QStringList files;
    bool isEmpty() const { return lines.isEmpty() && files.isEmpty(); }
};

bool isBlank(QStringView text)
{
    return text.trimmed().isEmpty();
}

QStringList splitLines(QStringView text)
{
    QStringList lines;
    for (const QStringView line : text.tokenize(u'\n')) {
        if (const QStringView trimmed = line.trimmed(); !trimmed.isEmpty())
            lines.append(trimmed.toString());
    }
    return lines;
}

// A file: URL on this machine becomes a path to read; one naming another host stays a line, so
// the parser says why it cannot be fetched.
void addUrl(Found &found, const QString &line)
{
    if (line.startsWith(u"file:", Qt::CaseInsensitive)) {
        const QUrl url(line, QUrl::TolerantMode);
        const QString host = url.host();
        if (url.isValid() && url.isLocalFile() && (host.isEmpty() || host.compare(u"localhost", Qt::CaseInsensitive) == 0)) {
            QUrl local = url;
            local.setHost(QString());
            if (const QString path = local.toLocalFile(); QDir::isAbsolutePath(path)) {
                found.files.append(path);
                return;
            }
        }
    }
    found.lines.append(line);
}

// RFC 2483: one URI per line, CRLF, '#' starts a comment line.
Found fromUriList(const QByteArray &data)
{
    Found found;
    for (const QString &line : splitLines(TextFileReader::utf8OrLatin1(data))) {
        if (!line.startsWith(u'#'))
            addUrl(found, line);
    }
    return found;
}

// Mozilla's UTF-16 "url\ntitle\nurl\ntitle": the titles are dropped.
Found fromMozUrl(const QByteArray &data)
{
    QString text;
    const bool utf16 = data.size() % 2 == 0 && data.contains('\0');
    if (utf16) {
        const bool bigEndian = data.startsWith("\xFE\xFF") || (!data.startsWith("\xFF\xFE") && data.startsWith('\0'));
        QStringDecoder decoder(bigEndian ? QStringConverter::Utf16BE : QStringConverter::Utf16LE);
        text = decoder(data);
    } else {
        text = TextFileReader::utf8OrLatin1(data);
    }
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    Found found;
    qsizetype index = 0;
    for (const QStringView line : QStringView(text).tokenize(u'\n')) {
        if (index++ % 2 == 0 && !isBlank(line))
            addUrl(found, line.trimmed().toString());
    }
    return found;
}

Found fromHtml(const QString &html)
{
    return {HtmlLinks::extract(html), {}};
}

bool hasUriListContent(const QByteArray &data)
{
    qsizetype from = 0;
    while (from < data.size()) {
        qsizetype end = data.indexOf('\n', from);
        if (end < 0)
            end = data.size();
        const QByteArrayView line = QByteArrayView(data).sliced(from, end - from).trimmed();
        if (!line.isEmpty() && !line.startsWith('#'))
            return true;
        from = end + 1;
    }
    return false;
}

// QMimeData::hasText() and text() also answer from text/uri-list, which is read on its own.
QString plainText(const QMimeData &mime)
{
    if (!mime.hasFormat(kPlain) && !mime.hasFormat(kPlainUtf8))
        return QString();
    // Plain text without a charset is read by the rule every list is read by.
    if (mime.hasFormat(kPlain))
        return TextFileReader::utf8OrLatin1(mime.data(kPlain));
    return mime.text();
}

bool hasMozUrlContent(const QByteArray &data)
{
    return std::any_of(data.begin(), data.end(), [](char c) {
        return c != '\0' && !QChar::isSpace(uchar(c)) && c != '\xFF' && c != '\xFE';
    });
}

} // namespace

// A look for content, not an extraction, so a drag over the window stays smooth.
bool MimeUrls::canAccept(const QMimeData &mime)
{
    if (mime.hasFormat(kUriList) && hasUriListContent(mime.data(kUriList)))
        return true;
    if (mime.hasFormat(kMozUrl) && hasMozUrlContent(mime.data(kMozUrl)))
        return true;
    if (mime.hasHtml() && mime.html().contains(u"href", Qt::CaseInsensitive))
        return true;
    return !isBlank(plainText(mime));
}

// Browsers offer one link in several formats at once; the first format in order of precision
// that yields anything is the only one read, so no link is counted twice. Text selections come
// as HTML and plain text: HTML without links falls through to the plain text, whose running text
// the parser scans.
DroppedInput MimeUrls::extract(const QMimeData &mime)
{
    Found found;
    if (mime.hasFormat(kUriList))
        found = fromUriList(mime.data(kUriList));
    if (found.isEmpty() && mime.hasFormat(kMozUrl))
        found = fromMozUrl(mime.data(kMozUrl));
    if (found.isEmpty() && mime.hasHtml())
        found = fromHtml(mime.html());
    if (const QString plain = found.isEmpty() ? plainText(mime) : QString(); !isBlank(plain))
        found.lines.append(plain);

    DroppedInput input;
    input.text = found.lines.join(u'\n');
    input.files = found.files;
    return input;
}
