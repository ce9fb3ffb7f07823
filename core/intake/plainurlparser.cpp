#include "intake/plainurlparser.h"

#include "intake/linkscanner.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace {

// Printable ASCII that QUrl keeps as written in a path or query in strict and tolerant mode alike.
// '%' is left out because an escape may be decoded or rejected, '#' because it starts a fragment.
constexpr std::array<bool, 128> kVerbatim = [] {
    std::array<bool, 128> verbatim{};
    for (char16_t c = 0x21; c < 0x7F; ++c)
        verbatim[c] = true;
    for (const char16_t c : std::u16string_view(u"\"#%<>\\^`{|}"))
        verbatim[c] = false;
    return verbatim;
}();

// Inline because QStringView::startsWith's general comparison is slow on a short prefix.
bool startsWith(QStringView url, std::u16string_view prefix)
{
    return url.size() >= qsizetype(prefix.size()) && std::equal(prefix.begin(), prefix.end(), url.utf16());
}

bool isAuthorityChar(char16_t c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'.' || c == u'-' || c == u':';
}

} // namespace

std::optional<QUrl> PlainUrlParser::parse(QStringView url, qsizetype maxLength)
{
    if (url.size() > maxLength)
        return std::nullopt;
    qsizetype end = 0;
    if (startsWith(url, u"https://"))
        end = 8;
    else if (startsWith(url, u"http://"))
        end = 7;
    else
        return std::nullopt;
    while (end < url.size() && isAuthorityChar(url[end].unicode()))
        ++end;
    if (end < url.size() && url[end] != u'/')
        return std::nullopt;
    qsizetype query = -1;
    for (qsizetype i = end; i < url.size(); ++i) {
        const char16_t c = url[i].unicode();
        if (c >= 0x80 || !kVerbatim[c])
            return std::nullopt;
        if (c == u'?' && query < 0)
            query = i;
    }

    // Whether the URL is valid, has a host and a non-zero port depends on the origin alone: the
    // rest is verbatim printable ASCII.
    const QStringView origin = url.first(end);
    // Compared inline: QStringView's operator== is an out-of-line call, and this runs per line.
    if (origin.size() != m_origin.size() || !std::equal(origin.utf16(), origin.utf16() + end, m_origin.utf16())) {
        Result<QUrl> parsedOrigin = LinkScanner::check(origin, maxLength);
        if (!parsedOrigin)
            return std::nullopt;
        m_origin = origin.toString();
        m_template = std::move(parsedOrigin).value();
    }
    std::optional<QUrl> parsed = m_template;
    const qsizetype pathEnd = query < 0 ? url.size() : query;
    if (pathEnd > end)
        parsed->setPath(url.sliced(end, pathEnd - end).toString(), QUrl::TolerantMode);
    if (query >= 0)
        parsed->setQuery(url.sliced(query + 1).toString(), QUrl::TolerantMode);
    return parsed;
}
