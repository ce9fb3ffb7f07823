#include "intake/linkscanner.h"

#include "base/ascii.h"
#include "base/safetext.h"

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

bool isSchemeChar(char16_t c)
{
    return Ascii::isLetter(c) || (c >= u'0' && c <= u'9') || c == u'+' || c == u'-' || c == u'.';
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
    if (length == 0 || length >= text.size() || text[length] != u':' || !Ascii::isLetter(text[0].unicode()))
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
        if (token.endsWith(http, Qt::CaseInsensitive) && (begin == start || !Ascii::isLetter(text[begin - 1].unicode())))
            return begin;
    }
    while (start < colon && !Ascii::isLetter(text[start].unicode()))
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
    SafeText::forEachCodePoint(url, [&](char32_t ucs, qsizetype, qsizetype) {
        if (ucs > 0x20 && ucs < 0x7F)
            return true;
        if (QChar::isSpace(ucs))
            problem = QStringLiteral("URL contains a space (write it as %20)");
        else if (ucs < 0x20 || ucs == 0x7F)
            problem = QStringLiteral("URL contains a control character");
        else if (SafeText::isHidden(ucs))
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
    return Ascii::hasPrefix(text, http, Qt::CaseInsensitive) || Ascii::hasPrefix(text, https, Qt::CaseInsensitive);
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

Result<QUrl> LinkScanner::check(QStringView url, qsizetype maxLength)
{
    using Checked = Result<QUrl>;
    if (url.size() > maxLength)
        return Checked::invalid(QStringLiteral("URL too long (%1 characters, limit %2)").arg(url.size()).arg(maxLength));
    const QStringView scheme = schemeOf(url);
    if (scheme.isEmpty())
        return Checked::invalid(QStringLiteral("not an http or https URL"));
    if (!isHttpScheme(scheme))
        return Checked::invalid(unsupportedScheme(scheme));
    if (QString problem = characterProblem(url); !problem.isEmpty())
        return Checked::invalid(problem);
    QUrl parsed(url.toString(), QUrl::StrictMode);
    if (!parsed.isValid()) {
        QString error = parsed.errorString();
        // Qt appends the whole source URL and its parts; the row shows the text already.
        if (const qsizetype cut = error.indexOf(QLatin1StringView("; source was")); cut >= 0)
            error.truncate(cut);
        if (!error.isEmpty())
            error[0] = error[0].toLower();
        return Checked::invalid(QStringLiteral("invalid URL: %1").arg(SafeText::display(error, 120)));
    }
    if (hostOf(url).isEmpty())
        return Checked::invalid(QStringLiteral("URL has no host"));
    if (parsed.port() == 0)
        return Checked::invalid(QStringLiteral("URL has port 0"));
    return parsed;
}

QString LinkScanner::unsupportedScheme(QStringView scheme)
{
    return QStringLiteral("unsupported scheme '%1' (only http and https)").arg(SafeText::display(scheme, kMaxSchemeLength).toLower());
}
