#pragma once

#include <QLatin1StringView>
#include <QStringView>

// ASCII tests for text that runs per line of long lists, where Qt's general Unicode comparisons
// are slow. Plain functions; any thread.
namespace Ascii {

inline bool isLetter(char16_t c)
{
    return (c | 0x20) >= u'a' && (c | 0x20) <= u'z';
}

inline bool isAlnum(char16_t c)
{
    return isLetter(c) || (c >= u'0' && c <= u'9');
}

// Whether text starts with prefix (lower-case ASCII); CaseInsensitive folds A-Z only.
inline bool hasPrefix(QStringView text, QLatin1StringView prefix, Qt::CaseSensitivity cs = Qt::CaseSensitive)
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

} // namespace Ascii
