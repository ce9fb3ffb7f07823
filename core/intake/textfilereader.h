#pragma once

#include "base/result.h"

#include <QByteArray>
#include <QString>

// Reads a list file a person chose or dropped as text: refuses what is not a readable regular
// file, too large or binary, and decodes by BOM, else UTF-8, else Latin-1. Stateless; any thread
// but the GUI thread (it blocks on the disk).
class TextFileReader final
{
public:
    // The file's text, or why it cannot be read as a list ("too large", "not a text file").
    static Result<QString> read(const QString &path, qint64 maxBytes);
    // What read() would say before reading: a regular file that opens, or why not (the same words).
    static Result<void> checkReadable(const QString &path);
    // The text of bytes read from a file, or why they are not text.
    static Result<QString> decode(const QByteArray &bytes);
    // The one rule for bytes without a BOM, in every mode and from every source: UTF-8 when they
    // are valid UTF-8, else Latin-1 (so a Latin-1 "é" stays "é", never U+FFFD).
    static QString utf8OrLatin1(const QByteArray &bytes);
};
