#pragma once

#include <QStringList>
#include <QStringView>

// Finds the links of <a href> and <area href> in HTML, in document order, with entities decoded
// and relative links resolved against <base href> (dropped when there is none). A tolerant linear
// scan, not a parser. Stateless; any thread.
class HtmlLinks final
{
public:
    static QStringList extract(QStringView html);
    // Text with HTML character references (&amp; &#38; &#x26;) replaced by their characters.
    static QString decodeEntities(QStringView text);
};
