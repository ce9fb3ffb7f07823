#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QMap>
#include <QString>
#include <optional>

// One parsed Content-Disposition header value (RFC 6266, RFC 8187 filename*, RFC 2231
// continuations), judged by the tc2231 expectations. Immutable value; any thread.
class ContentDisposition final
{
public:
    // nullopt when the value is not valid RFC 6266 syntax: a missing or quoted disposition type,
    // a parameter without '=', a broken token or quoted-string, or a repeated parameter name.
    static std::optional<ContentDisposition> parse(QByteArrayView headerValue);

    // Header bytes and URL bytes are read the same way: UTF-8 when the bytes are valid UTF-8,
    // otherwise ISO-8859-1 (which cannot fail).
    static QString decodeText(QByteArrayView bytes);

    QByteArray type() const { return m_type; }  // lower-case, e.g. "attachment", "inline"

    // filename*, then the filename*0.. continuations, then filename; nullopt when none of them
    // is present, decodable and non-empty. Not sanitised.
    std::optional<QString> fileName() const;

private:
    struct Parameter {
        QByteArray value;  // escapes already removed from a quoted-string
        bool quoted = false;
    };

    ContentDisposition() = default;

    std::optional<QString> extendedFileName() const;
    std::optional<QString> continuedFileName() const;
    std::optional<QString> plainFileName() const;

    QByteArray m_type;
    QMap<QByteArray, Parameter> m_parameters;  // keyed by lower-case name
};
