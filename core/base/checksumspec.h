#pragma once

#include "base/result.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QString>

// An expected digest for a download ("sha-256=HEX"): parsed from input lists and flags. Plain data.
struct ChecksumSpec {
    QCryptographicHash::Algorithm algorithm = QCryptographicHash::Sha256;
    QByteArray expected;  // raw digest bytes, not hex

    // Accepts "sha-256=HEX", "sha256=HEX", "sha-512", "sha-1", "md5" (case-insensitive name,
    // either '=' or ':' as separator); the reason in words when the text is none of them.
    static Result<ChecksumSpec> parse(QStringView text);

    QString algorithmName() const;  // "sha-256", ...
    QString expectedHex() const;
    friend bool operator==(const ChecksumSpec &, const ChecksumSpec &) = default;
};
