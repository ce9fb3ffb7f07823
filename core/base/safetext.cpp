#include "base/safetext.h"

bool SafeText::isHidden(char32_t ucs)
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

QString SafeText::display(QStringView text, qsizetype limit)
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
        else if (isHidden(ucs))
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

bool SafeText::hasHiddenCharacter(QStringView text)
{
    bool hidden = false;
    forEachCodePoint(text, [&](char32_t ucs, qsizetype, qsizetype) {
        hidden = isHidden(ucs);
        return !hidden;
    });
    return hidden;
}
