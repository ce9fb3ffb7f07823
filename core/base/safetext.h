#pragma once

#include <QString>
#include <QStringView>

// Untrusted text (from servers, lists, file names) made safe to show: no controls, bidi
// overrides or zero-width characters that could disguise what a person reads. Stateless; any
// thread.
class SafeText final
{
public:
    // Trimmed, tabs as spaces, hidden characters replaced by U+FFFD, cut to about limit
    // characters with an ellipsis; surrogate pairs stay whole.
    static QString display(QStringView text, qsizetype limit = 200);
    static bool hasHiddenCharacter(QStringView text);
    // Controls, format characters (bidi, zero-width), line and paragraph separators, broken
    // surrogates and non-characters: never shown raw.
    static bool isHidden(char32_t codePoint);

    // Calls visit(codePoint, index, width) for each code point of text until visit returns false;
    // a lone surrogate is one code point of width 1.
    template<typename Visit>
    static void forEachCodePoint(QStringView text, Visit visit)
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
};
