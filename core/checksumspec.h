#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QString>
#include <optional>

// An expected digest for a download ("sha-256=HEX"): parsed from input lists and flags. Plain data.
struct ChecksumSpec {
    QCryptographicHash::Algorithm algorithm = QCryptographicHash::Sha256;
    QByteArray expected;  // raw digest bytes, not hex

    // Accepts "sha-256=HEX", "sha256=HEX", "sha-512", "sha-1", "md5" (case-insensitive name,
    // either '=' or ':' as separator). On failure returns nullopt and sets *error.
    static std::optional<ChecksumSpec> parse(QStringView text, QString *error = nullptr);

    QString algorithmName() const;  // "sha-256", ...
    QString expectedHex() const;
    friend bool operator==(const ChecksumSpec &, const ChecksumSpec &) = default;
};
