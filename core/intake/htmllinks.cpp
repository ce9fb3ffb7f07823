#include "intake/htmllinks.h"

#include <QUrl>

#include <array>

namespace {

enum class Tag { Other, Anchor, Base, RawText };

struct RawLink {
    QString href;
    bool relative = false;
};

bool isSpace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || c == u'\f';
}

bool isNameChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'-' || c == u'_' || c == u':';
}

// Whether href names its scheme ("https:", "javascript:"), so it needs no base.
bool hasScheme(QStringView href)
{
    if (href.isEmpty() || href.front().unicode() >= 0x80 || !href.front().isLetter())
        return false;
    for (const QChar c : href.sliced(1)) {
        if (c == u':')
            return true;
        if (c.unicode() >= 0x80 || !(c.isLetterOrNumber() || c == u'+' || c == u'-' || c == u'.'))
            return false;
    }
    return false;
}

// Browsers drop the surrounding whitespace of a URL attribute and the tabs and line breaks inside.
QString cleanHref(QStringView value)
{
    QString href = HtmlLinks::decodeEntities(value.trimmed());
    href.removeIf([](QChar c) { return c == u'\t' || c == u'\n' || c == u'\r'; });
    return href;
}

// Scans the attributes of a tag from just after its name; returns the position after its '>' and
// sets href to the value of its first href attribute, if it has one.
qsizetype scanAttributes(QStringView html, qsizetype pos, QStringView *href, bool *hasHref)
{
    const qsizetype size = html.size();
    *hasHref = false;
    while (pos < size) {
        while (pos < size && (isSpace(html[pos]) || html[pos] == u'/'))
            ++pos;
        if (pos >= size)
            break;
        if (html[pos] == u'>')
            return pos + 1;
        const qsizetype nameStart = pos;
        while (pos < size && !isSpace(html[pos]) && html[pos] != u'=' && html[pos] != u'>' && html[pos] != u'/')
            ++pos;
        const QStringView name = html.sliced(nameStart, pos - nameStart);
        while (pos < size && isSpace(html[pos]))
            ++pos;
        QStringView value;
        if (pos < size && html[pos] == u'=') {
            ++pos;
            while (pos < size && isSpace(html[pos]))
                ++pos;
            if (pos < size && (html[pos] == u'"' || html[pos] == u'\'')) {
                const QChar quote = html[pos++];
                qsizetype end = html.indexOf(quote, pos);
                if (end < 0)
                    end = size;
                value = html.sliced(pos, end - pos);
                pos = qMin(end + 1, size);
            } else {
                const qsizetype valueStart = pos;
                while (pos < size && !isSpace(html[pos]) && html[pos] != u'>')
                    ++pos;
                value = html.sliced(valueStart, pos - valueStart);
            }
        }
        // The first href counts, as in browsers.
        if (!*hasHref && name.compare(u"href", Qt::CaseInsensitive) == 0) {
            *href = value;
            *hasHref = true;
        }
    }
    return size;
}

int digitValue(QChar c, int radix)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (radix == 16 && u >= u'a' && u <= u'f')
        return u - u'a' + 10;
    if (radix == 16 && u >= u'A' && u <= u'F')
        return u - u'A' + 10;
    return -1;
}

Tag tagKind(QStringView name)
{
    if (name.compare(u"a", Qt::CaseInsensitive) == 0 || name.compare(u"area", Qt::CaseInsensitive) == 0)
        return Tag::Anchor;
    if (name.compare(u"base", Qt::CaseInsensitive) == 0)
        return Tag::Base;
    static constexpr std::array<QStringView, 5> rawText = {u"script", u"style", u"textarea", u"title", u"xmp"};
    for (const QStringView raw : rawText) {
        if (name.compare(raw, Qt::CaseInsensitive) == 0)
            return Tag::RawText;
    }
    return Tag::Other;
}

// The end of "&name;" or "&#NN;" at text[pos] == '&' and its character(s), or -1.
qsizetype decodeReference(QStringView text, qsizetype pos, QString *out)
{
    const qsizetype size = text.size();
    qsizetype i = pos + 1;
    if (i < size && text[i] == u'#') {
        ++i;
        const bool hex = i < size && (text[i] == u'x' || text[i] == u'X');
        if (hex)
            ++i;
        const qsizetype digitsStart = i;
        char32_t code = 0;
        for (; i < size; ++i) {
            const int value = digitValue(text[i], hex ? 16 : 10);
            if (value < 0)
                break;
            // Past the last code point the value only has to stay invalid, not grow.
            code = qMin<char32_t>(code * (hex ? 16 : 10) + char32_t(value), 0x110000);
        }
        if (i == digitsStart)
            return -1;
        if (i < size && text[i] == u';')
            ++i;
        if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            code = 0xFFFD;
        out->append(QString::fromUcs4(&code, 1));
        return i;
    }
    struct Named {
        QStringView name;
        char16_t character;
    };
    static constexpr std::array<Named, 6> named = {{
        {u"amp;", u'&'}, {u"lt;", u'<'}, {u"gt;", u'>'}, {u"quot;", u'"'}, {u"apos;", u'\''}, {u"nbsp;", u'\u00A0'},
    }};
    const QStringView rest = text.sliced(i);
    for (const Named &entity : named) {
        if (rest.startsWith(entity.name, Qt::CaseSensitive)) {
            out->append(QChar(entity.character));
            return i + entity.name.size();
        }
    }
    return -1;
}

} // namespace

QString HtmlLinks::decodeEntities(QStringView text)
{
    qsizetype amp = text.indexOf(u'&');
    if (amp < 0)
        return text.toString();
    QString out;
    out.reserve(text.size());
    qsizetype from = 0;
    while (amp >= 0) {
        out.append(text.sliced(from, amp - from));
        const qsizetype end = decodeReference(text, amp, &out);
        if (end < 0) {
            out.append(u'&');
            from = amp + 1;
        } else {
            from = end;
        }
        amp = text.indexOf(u'&', from);
    }
    out.append(text.sliced(from));
    return out;
}

QStringList HtmlLinks::extract(QStringView html)
{
    QList<RawLink> raw;
    QUrl base;
    bool baseSeen = false;
    const qsizetype size = html.size();
    qsizetype pos = html.indexOf(u'<');
    while (pos >= 0 && pos + 1 < size) {
        const QChar next = html[pos + 1];
        if (html.sliced(pos).startsWith(u"<!--")) {
            const qsizetype end = html.indexOf(u"-->", pos + 4);
            pos = end < 0 ? size : end + 3;
        } else if (next == u'!' || next == u'?' || next == u'/') {
            const qsizetype end = html.indexOf(u'>', pos + 2);
            pos = end < 0 ? size : end + 1;
        } else if (next.unicode() < 0x80 && next.isLetter()) {
            qsizetype nameEnd = pos + 1;
            while (nameEnd < size && isNameChar(html[nameEnd]))
                ++nameEnd;
            const QStringView name = html.sliced(pos + 1, nameEnd - pos - 1);
            const Tag kind = tagKind(name);
            QStringView value;
            bool hasHref = false;
            pos = scanAttributes(html, nameEnd, &value, &hasHref);
            if (kind == Tag::Anchor && hasHref) {
                const QString href = cleanHref(value);
                if (!href.isEmpty())
                    raw.append({href, !hasScheme(href)});
            } else if (kind == Tag::Base && hasHref && !baseSeen) {
                // Only the first <base href> counts, and only an absolute one.
                baseSeen = true;
                const QUrl url(cleanHref(value), QUrl::TolerantMode);
                if (url.isValid() && !url.isRelative())
                    base = url;
            } else if (kind == Tag::RawText) {
                // "<a href" in a script's string is not a link: skip to the closing tag.
                const QString closing = u"</" % name;
                const qsizetype end = html.indexOf(closing, pos, Qt::CaseInsensitive);
                pos = end < 0 ? size : end;
            }
        } else {
            ++pos;
        }
        if (pos < size)
            pos = html.indexOf(u'<', pos);
    }

    QStringList links;
    links.reserve(raw.size());
    for (const RawLink &link : std::as_const(raw)) {
        if (!link.relative) {
            links.append(link.href);
        } else if (base.isValid()) {
            const QUrl resolved = base.resolved(QUrl(link.href, QUrl::TolerantMode));
            if (resolved.isValid())
                links.append(resolved.toString(QUrl::FullyEncoded));
        }
    }
    return links;
}
