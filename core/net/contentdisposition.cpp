#include "net/contentdisposition.h"

#include <QStringDecoder>

namespace {

// RFC 9110 tchar: the only bytes allowed in a disposition type, parameter name or bare value.
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
        return true;
    default:
        return false;
    }
}

// qdtext and the escaped byte of a quoted-pair: HTAB, SP, visible ASCII and obs-text.
bool isQuotedTextChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u == '\t' || (u >= 0x20 && u != 0x7f);
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

struct Cursor {
    QByteArrayView text;
    qsizetype pos = 0;

    bool atEnd() const { return pos >= text.size(); }
    char peek() const { return text.at(pos); }

    void skipWhitespace()
    {
        while (!atEnd() && (peek() == ' ' || peek() == '\t'))
            ++pos;
    }

    bool consume(char c)
    {
        if (atEnd() || peek() != c)
            return false;
        ++pos;
        return true;
    }

    QByteArray token()
    {
        const qsizetype start = pos;
        while (!atEnd() && isTokenChar(peek()))
            ++pos;
        return text.sliced(start, pos - start).toByteArray();
    }

    // Called on the opening quote; nullopt for an unterminated string or a control byte.
    std::optional<QByteArray> quotedString()
    {
        ++pos;
        QByteArray value;
        while (!atEnd()) {
            char c = text.at(pos++);
            if (c == '"')
                return value;
            if (c == '\\') {
                if (atEnd())
                    return std::nullopt;
                c = text.at(pos++);
            }
            if (!isQuotedTextChar(c))
                return std::nullopt;
            value.append(c);
        }
        return std::nullopt;
    }
};

std::optional<QString> decodeUtf8Strict(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
    QString text = decoder(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

// RFC 8187 allows exactly these two charsets to be relied on; anything else is undecodable.
std::optional<QString> decodeCharset(QByteArrayView charset, QByteArrayView bytes)
{
    const QByteArray name = charset.toByteArray().toLower();
    if (name == "utf-8")
        return decodeUtf8Strict(bytes);
    if (name == "iso-8859-1") {
        // 0x80-0x9F are not characters in ISO-8859-1; seeing them means the charset is a lie
        // (tc2231 attwithfn2231utf8-bad).
        for (const char c : bytes) {
            const auto u = static_cast<unsigned char>(c);
            if (u >= 0x80 && u <= 0x9f)
                return std::nullopt;
        }
        return QString::fromLatin1(bytes);
    }
    return std::nullopt;
}

std::optional<QByteArray> percentDecode(QByteArrayView text)
{
    QByteArray bytes;
    bytes.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text.at(i);
        if (c == '\'')
            return std::nullopt;
        if (c != '%') {
            bytes.append(c);
            continue;
        }
        if (i + 2 >= text.size())
            return std::nullopt;
        const int high = hexValue(text.at(i + 1));
        const int low = hexValue(text.at(i + 2));
        if (high < 0 || low < 0)
            return std::nullopt;
        bytes.append(static_cast<char>(high * 16 + low));
        i += 2;
    }
    return bytes;
}

struct ExtendedPrefix {
    QByteArrayView charset;
    QByteArrayView rest;
};

// Splits charset'language'rest; the language tag is checked and dropped.
std::optional<ExtendedPrefix> splitExtendedValue(QByteArrayView value)
{
    const qsizetype first = value.indexOf('\'');
    if (first <= 0)
        return std::nullopt;
    const qsizetype second = value.indexOf('\'', first + 1);
    if (second < 0)
        return std::nullopt;
    for (const char c : value.sliced(first + 1, second - first - 1)) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && c != '-')
            return std::nullopt;
    }
    return ExtendedPrefix{value.first(first), value.sliced(second + 1)};
}

} // namespace

std::optional<ContentDisposition> ContentDisposition::parse(QByteArrayView headerValue)
{
    Cursor cursor{headerValue};
    ContentDisposition result;

    cursor.skipWhitespace();
    result.m_type = cursor.token().toLower();
    if (result.m_type.isEmpty())
        return std::nullopt;

    for (;;) {
        cursor.skipWhitespace();
        if (cursor.atEnd())
            break;
        if (!cursor.consume(';'))
            return std::nullopt;
        cursor.skipWhitespace();
        // A trailing ';' is invalid in theory but common in practice, and browsers accept it.
        if (cursor.atEnd())
            break;
        const QByteArray name = cursor.token().toLower();
        if (name.isEmpty())
            return std::nullopt;
        cursor.skipWhitespace();
        if (!cursor.consume('='))
            return std::nullopt;
        cursor.skipWhitespace();

        Parameter parameter;
        if (!cursor.atEnd() && cursor.peek() == '"') {
            const std::optional<QByteArray> quoted = cursor.quotedString();
            if (!quoted)
                return std::nullopt;
            parameter.value = *quoted;
            parameter.quoted = true;
        } else {
            parameter.value = cursor.token();
            if (parameter.value.isEmpty())
                return std::nullopt;
        }
        // RFC 6266 §4.1: repeated parameter names make the whole value invalid (ambiguous).
        if (result.m_parameters.contains(name))
            return std::nullopt;
        result.m_parameters.insert(name, parameter);
    }
    return result;
}

QString ContentDisposition::decodeText(QByteArrayView bytes)
{
    if (std::optional<QString> text = decodeUtf8Strict(bytes))
        return *text;
    return QString::fromLatin1(bytes);
}

std::optional<QString> ContentDisposition::fileName() const
{
    for (const auto &candidate : {extendedFileName(), continuedFileName(), plainFileName()}) {
        if (candidate && !candidate->isEmpty())
            return candidate;
    }
    return std::nullopt;
}

std::optional<QString> ContentDisposition::extendedFileName() const
{
    const auto it = m_parameters.constFind(QByteArrayLiteral("filename*"));
    // An ext-value is never a quoted-string (tc2231 attwithfn2231quot).
    if (it == m_parameters.cend() || it->quoted)
        return std::nullopt;
    const std::optional<ExtendedPrefix> prefix = splitExtendedValue(it->value);
    if (!prefix)
        return std::nullopt;
    const std::optional<QByteArray> bytes = percentDecode(prefix->rest);
    if (!bytes)
        return std::nullopt;
    return decodeCharset(prefix->charset, *bytes);
}

std::optional<QString> ContentDisposition::continuedFileName() const
{
    QByteArray bytes;
    QByteArray charset;
    bool encoded = false;
    int index = 0;
    // Each step consumes one distinct parameter, so the loop is bounded by the header size.
    for (;; ++index) {
        const QByteArray key = "filename*" + QByteArray::number(index);
        const auto plain = m_parameters.constFind(key);
        const auto star = m_parameters.constFind(key + '*');
        const bool hasPlain = plain != m_parameters.cend();
        const bool hasStar = star != m_parameters.cend();
        if (hasPlain && hasStar)
            return std::nullopt;
        if (!hasPlain && !hasStar)
            break;
        if (hasPlain) {
            bytes += plain->value;
            continue;
        }
        if (star->quoted)
            return std::nullopt;
        QByteArrayView text = star->value;
        if (index == 0) {
            const std::optional<ExtendedPrefix> prefix = splitExtendedValue(text);
            if (!prefix)
                return std::nullopt;
            charset = prefix->charset.toByteArray();
            encoded = true;
            text = prefix->rest;
        } else if (!encoded) {
            return std::nullopt;
        }
        const std::optional<QByteArray> decoded = percentDecode(text);
        if (!decoded)
            return std::nullopt;
        bytes += *decoded;
    }
    if (index == 0)
        return std::nullopt;
    if (encoded)
        return decodeCharset(charset, bytes);
    return decodeText(bytes);
}

std::optional<QString> ContentDisposition::plainFileName() const
{
    const auto it = m_parameters.constFind(QByteArrayLiteral("filename"));
    if (it == m_parameters.cend())
        return std::nullopt;
    return decodeText(it->value);
}
