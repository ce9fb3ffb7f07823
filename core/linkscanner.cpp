#include "linkscanner.h"

#include <QLatin1StringView>

#include <algorithm>
#include <array>
#include <initializer_list>

namespace {

constexpr qsizetype kMaxSchemeLength = 32;

// Schemes written without "//" that still clearly mean "a link", so they are refused by name
// instead of being reported as "no URL".
constexpr std::array<QLatin1StringView, 9> kOpaqueSchemes{{
    QLatin1StringView("about"), QLatin1StringView("blob"), QLatin1StringView("data"),
    QLatin1StringView("file"), QLatin1StringView("javascript"), QLatin1StringView("magnet"),
    QLatin1StringView("mailto"), QLatin1StringView("qrc"), QLatin1StringView("tel"),
}};

bool isAsciiLetter(char16_t c)
{
    return (c | 0x20) >= u'a' && (c | 0x20) <= u'z';
}

bool isSchemeChar(char16_t c)
{
    return isAsciiLetter(c) || (c >= u'0' && c <= u'9') || c == u'+' || c == u'-' || c == u'.';
}

// Runs per line on long lists, where QStringView::startsWith's general comparison is slow.
bool hasAsciiPrefix(QStringView text, QLatin1StringView prefix, Qt::CaseSensitivity cs = Qt::CaseSensitive)
{
    if (text.size() < prefix.size())
        return false;
    for (qsizetype i = 0; i < prefix.size(); ++i) {
        char16_t c = text[i].unicode();
        if (cs == Qt::CaseInsensitive && c >= u'A' && c <= u'Z')
            c += u'a' - u'A';
        if (c != char16_t(prefix[i].unicode()))
            return false;
    }
    return true;
}

bool isHttpScheme(QStringView scheme)
{
    return scheme.compare(QLatin1StringView("http"), Qt::CaseInsensitive) == 0
        || scheme.compare(QLatin1StringView("https"), Qt::CaseInsensitive) == 0;
}

bool isOpaqueScheme(QStringView scheme)
{
    for (const QLatin1StringView known : kOpaqueSchemes) {
        if (scheme.compare(known, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// Controls, bidi overrides, zero-width characters, separators and broken surrogates: never shown raw.
bool isHiddenCodePoint(char32_t ucs)
{
    if (QChar::isNonCharacter(ucs))
        return true;
    switch (QChar::category(ucs)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return true;
    default:
        return false;
    }
}

// Calls visit(codePoint, index, width) for each code point until visit returns false.
template<typename Visit>
void forEachCodePoint(QStringView text, Visit visit)
{
    for (qsizetype i = 0; i < text.size();) {
        char32_t ucs = text[i].unicode();
        qsizetype width = 1;
        if (QChar::isHighSurrogate(ucs) && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            ucs = QChar::surrogateToUcs4(text[i], text[i + 1]);
            width = 2;
        }
        if (!visit(ucs, i, width))
            return;
        i += width;
    }
}

// Where a link ends in running text. Non-ASCII punctuation ends it too ("，" "”" "»"); letters do not (IRIs).
bool isTerminator(QChar c)
{
    const char16_t u = c.unicode();
    if (u < 0x80)
        return u <= 0x20 || u == 0x7F || u == u'<' || u == u'>' || u == u'"' || u == u'`';
    return c.isSpace() || c.isPunct();
}

// "https" of "https://x", or empty if text does not start with something shaped like a scheme.
QStringView schemeOf(QStringView text)
{
    qsizetype length = 0;
    while (length < text.size() && length <= kMaxSchemeLength && isSchemeChar(text[length].unicode()))
        ++length;
    if (length == 0 || length >= text.size() || text[length] != u':' || !isAsciiLetter(text[0].unicode()))
        return {};
    return text.first(length);
}

// Where a link whose scheme ends at `colon` starts, or -1. "https" is preferred over a longer
// token so that "1.https://x" and "url=https://x" work, but "xhttps://" is not taken for https.
qsizetype linkStart(QStringView text, qsizetype from, qsizetype colon)
{
    if (colon + 1 >= text.size() || isTerminator(text[colon + 1]))
        return -1;
    qsizetype start = colon;
    while (start > from && colon - start < kMaxSchemeLength && isSchemeChar(text[start - 1].unicode()))
        --start;
    const QStringView token = text.sliced(start, colon - start);
    for (const QLatin1StringView http : {QLatin1StringView("https"), QLatin1StringView("http")}) {
        const qsizetype begin = colon - http.size();
        if (token.endsWith(http, Qt::CaseInsensitive) && (begin == start || !isAsciiLetter(text[begin - 1].unicode())))
            return begin;
    }
    while (start < colon && !isAsciiLetter(text[start].unicode()))
        ++start;
    if (start == colon)
        return -1;
    if (text.sliced(colon + 1).startsWith(u"//") || isOpaqueScheme(text.sliced(start, colon - start)))
        return start;
    return -1;
}

// Sentence punctuation after a link is not part of it, unless it closes a bracket the link opened
// (https://en.wikipedia.org/wiki/Foo_(bar)).
QStringView trimTrailingPunctuation(QStringView url)
{
    constexpr QStringView closers(u")]}");
    // Counted once: recounting per trimmed character is quadratic on "http://x/)))))…".
    std::array<qsizetype, 3> opened{url.count(u'('), url.count(u'['), url.count(u'{')};
    std::array<qsizetype, 3> closed{url.count(u')'), url.count(u']'), url.count(u'}')};
    while (!url.isEmpty()) {
        const QChar last = url.back();
        if (const qsizetype bracket = closers.indexOf(last); bracket >= 0) {
            if (opened[bracket] >= closed[bracket])
                break;
            --closed[bracket];
        } else if (!QStringView(u".,;:!?'\">*").contains(last)) {
            break;
        }
        url.chop(1);
    }
    return url;
}

QString characterProblem(QStringView url)
{
    QString problem;
    forEachCodePoint(url, [&](char32_t ucs, qsizetype, qsizetype) {
        if (ucs > 0x20 && ucs < 0x7F)
            return true;
        if (QChar::isSpace(ucs))
            problem = QStringLiteral("URL contains a space (write it as %20)");
        else if (ucs < 0x20 || ucs == 0x7F)
            problem = QStringLiteral("URL contains a control character");
        else if (isHiddenCodePoint(ucs))
            problem = QStringLiteral("URL contains an invisible character (bidi control or zero-width)");
        return problem.isEmpty();
    });
    return problem;
}

// The host as written in an http(s) URL that QUrl accepted; empty for "http:/x" and "http://user@:80/".
QStringView hostOf(QStringView url)
{
    const qsizetype colon = url.indexOf(u':');
    if (colon < 0 || !url.sliced(colon + 1).startsWith(u"//"))
        return {};
    const qsizetype start = colon + 3;
    qsizetype end = start;
    while (end < url.size() && url[end] != u'/' && url[end] != u'?' && url[end] != u'#')
        ++end;
    QStringView host = url.sliced(start, end - start);
    if (const qsizetype at = host.lastIndexOf(u'@'); at >= 0)
        host = host.sliced(at + 1);
    if (const qsizetype port = host.lastIndexOf(u':'); port >= 0 && !host.sliced(port).contains(u']'))
        host = host.first(port);
    return host;
}

} // namespace

bool LinkScanner::startsWithHttp(QStringView text)
{
    const QLatin1StringView http("http://");
    const QLatin1StringView https("https://");
    // Qt's case folding is Unicode's ("ſ" matches "s"); only an ASCII start can take the short way.
    const QStringView start = text.first(qMin(text.size(), https.size()));
    if (std::any_of(start.begin(), start.end(), [](QChar c) { return c.unicode() >= 0x80; }))
        return text.startsWith(http, Qt::CaseInsensitive) || text.startsWith(https, Qt::CaseInsensitive);
    return hasAsciiPrefix(text, http, Qt::CaseInsensitive) || hasAsciiPrefix(text, https, Qt::CaseInsensitive);
}

bool LinkScanner::startsWithLink(QStringView text)
{
    const QStringView scheme = schemeOf(text);
    if (scheme.isEmpty())
        return false;
    const QStringView rest = text.sliced(scheme.size() + 1);
    if (rest.isEmpty() || isTerminator(rest.front()))
        return false;
    return isHttpScheme(scheme) || rest.startsWith(u"//") || isOpaqueScheme(scheme);
}

bool LinkScanner::isLinksSeparatedBySpaces(QStringView text)
{
    qsizetype i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i].isSpace())
            ++i;
        if (i == text.size())
            break;
        if (!startsWithLink(text.sliced(i)))
            return false;
        while (i < text.size() && !text[i].isSpace())
            ++i;
    }
    return true;
}

std::optional<LinkScanner::Link> LinkScanner::nextLink(QStringView text, qsizetype from)
{
    for (qsizetype colon = text.indexOf(u':', from); colon >= 0; colon = text.indexOf(u':', colon + 1)) {
        const qsizetype start = linkStart(text, from, colon);
        if (start < 0)
            continue;
        qsizetype end = colon + 1;
        while (end < text.size() && !isTerminator(text[end]))
            ++end;
        Link link;
        link.scheme = text.sliced(start, colon - start);
        link.http = isHttpScheme(link.scheme);
        link.text = trimTrailingPunctuation(text.sliced(start, end - start));
        link.end = end;
        return link;
    }
    return std::nullopt;
}

QString LinkScanner::check(QStringView url, qsizetype maxLength, QUrl *parsed)
{
    if (url.size() > maxLength)
        return QStringLiteral("URL too long (%1 characters, limit %2)").arg(url.size()).arg(maxLength);
    const QStringView scheme = schemeOf(url);
    if (scheme.isEmpty())
        return QStringLiteral("not an http or https URL");
    if (!isHttpScheme(scheme))
        return unsupportedScheme(scheme);
    if (QString problem = characterProblem(url); !problem.isEmpty())
        return problem;
    *parsed = QUrl(url.toString(), QUrl::StrictMode);
    if (!parsed->isValid()) {
        QString error = parsed->errorString();
        // Qt appends the whole source URL and its parts; the row shows the text already.
        if (const qsizetype cut = error.indexOf(QLatin1StringView("; source was")); cut >= 0)
            error.truncate(cut);
        if (!error.isEmpty())
            error[0] = error[0].toLower();
        return QStringLiteral("invalid URL: %1").arg(displayText(error, 120));
    }
    if (hostOf(url).isEmpty())
        return QStringLiteral("URL has no host");
    if (parsed->port() == 0)
        return QStringLiteral("URL has port 0");
    return {};
}

QString LinkScanner::unsupportedScheme(QStringView scheme)
{
    return QStringLiteral("unsupported scheme '%1' (only http and https)").arg(displayText(scheme, kMaxSchemeLength).toLower());
}

QString LinkScanner::duplicateKey(const QUrl &url)
{
    // QUrl has already lower-cased scheme and host and decoded %7E to ~.
    QUrl::FormattingOptions options = QUrl::FullyEncoded | QUrl::RemoveFragment;
    if (const int port = url.port(); port == 80 || port == 443) {
        if (port == (url.scheme() == QLatin1StringView("https") ? 443 : 80))
            options |= QUrl::RemovePort;
    }
    QString key = url.toString(options);
    qsizetype end = key.indexOf(u':') + 3;
    while (end < key.size() && key[end] != u'/' && key[end] != u'?')
        ++end;
    if (end == key.size() || key[end] == u'?')
        key.insert(end, u'/');
    return key;
}

bool LinkScanner::isOwnDuplicateKey(QStringView url)
{
    const bool https = hasAsciiPrefix(url, QLatin1StringView("https://"));
    if (!https && !hasAsciiPrefix(url, QLatin1StringView("http://")))
        return false;
    const qsizetype start = https ? 8 : 7;
    const qsizetype slash = url.indexOf(u'/', start);
    if (slash < 0)
        return false;
    // Host and port exactly as QUrl prints them: lower-case name, no userinfo, IPv6 or escapes,
    // a port without leading zero that is not the default. A numeric last label may be an IPv4
    // address that QUrl rewrites ("127.1").
    const QStringView authority = url.sliced(start, slash - start);
    const qsizetype colon = authority.indexOf(u':');
    const QStringView host = colon < 0 ? authority : authority.first(colon);
    if (host.isEmpty() || host.back() == u'.')
        return false;
    for (const QChar c : host) {
        const char16_t u = c.unicode();
        if (!(u >= u'a' && u <= u'z') && !(u >= u'0' && u <= u'9') && u != u'-' && u != u'.')
            return false;
    }
    const qsizetype lastLabel = host.lastIndexOf(u'.') + 1;
    if (host[lastLabel].isDigit())
        return false;
    if (colon >= 0) {
        const QStringView port = authority.sliced(colon + 1);
        if (port.isEmpty() || port.front() == u'0' || port == (https ? QStringView(u"443") : QStringView(u"80")))
            return false;
        for (const QChar c : port) {
            if (!c.isDigit())
                return false;
        }
    }
    // QUrl re-encodes escapes and drops the fragment; other printable ASCII passes through.
    for (const QChar c : url.sliced(slash)) {
        const char16_t u = c.unicode();
        if (u <= 0x20 || u >= 0x7F || u == u'%' || u == u'#')
            return false;
    }
    return true;
}

QString LinkScanner::displayText(QStringView text, qsizetype limit)
{
    text = text.trimmed();
    QString out;
    out.reserve(qMin(text.size(), limit) + 2);
    qsizetype consumed = 0;
    forEachCodePoint(text, [&](char32_t ucs, qsizetype index, qsizetype width) {
        if (out.size() >= limit)
            return false;
        if (ucs == u'\t')
            out += u' ';
        else if (isHiddenCodePoint(ucs))
            out += QChar(0xFFFD);
        else
            out += text.sliced(index, width);
        consumed = index + width;
        return true;
    });
    if (consumed < text.size())
        out += QChar(0x2026);
    return out;
}

bool LinkScanner::hasHiddenCharacter(QStringView text)
{
    bool hidden = false;
    forEachCodePoint(text, [&](char32_t ucs, qsizetype, qsizetype) {
        hidden = isHiddenCodePoint(ucs);
        return !hidden;
    });
    return hidden;
}
