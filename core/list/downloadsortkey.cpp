#include "list/downloadsortkey.h"

#include <algorithm>

namespace {
bool isDigit(QChar c)
{
    return c.unicode() >= u'0' && c.unicode() <= u'9';
}
} // namespace

QString DownloadSortKey::naturalKey(const QString &text)
{
    if (std::none_of(text.cbegin(), text.cend(), isDigit))
        return text;
    // Each digit run becomes '0', a length code and the digits without leading zeros. The '0'
    // keeps the run's place against any other character; at equal heads two runs start at the
    // same position, so the length codes meet each other and the shorter number sorts first.
    QString key;
    key.reserve(text.size() + 8);
    for (qsizetype i = 0; i < text.size();) {
        if (!isDigit(text[i])) {
            key.append(text[i++]);
            continue;
        }
        qsizetype first = i;
        while (first < text.size() && text[first] == u'0')
            ++first;
        qsizetype end = first;
        while (end < text.size() && isDigit(text[end]))
            ++end;
        key.append(u'0');
        key.append(QChar(char16_t(std::min<qsizetype>(end - first, 0xfff0) + 1)));
        key.append(QStringView(text).sliced(first, end - first));
        i = end;
    }
    return key;
}
