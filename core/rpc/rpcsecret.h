#pragma once

#include "base/result.h"

#include <QString>

// The secret token of the JSON-RPC endpoint: made from the system's random source and kept in a
// file only its owner may read (mode 0600, tightened when found looser). Plain POSIX calls with
// errors in words; any thread.
class RpcSecret final
{
public:
    static constexpr int kRandomBytes = 24;  // 192 bits, 32 characters of base64url
    static constexpr qint64 kMaxFileBytes = 4096;

    // A new secret: URL-safe text (A-Z a-z 0-9 - _), no padding.
    static QString generate();
    // The secret in the file (its first line, trimmed). An empty file is an error, so a secret
    // can never silently become "no secret". The file's mode is made 0600 if it was looser.
    static Result<QString> read(const QString &path);
    // Writes the secret to the file, created with mode 0600; an existing file gets mode 0600
    // before the secret is written into it. Links are not followed.
    static Result<void> write(const QString &path, const QString &secret);
    // The secret in the file, or a new one written there when the file does not exist.
    static Result<QString> loadOrCreate(const QString &path);
};
