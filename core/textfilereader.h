#pragma once

#include <QByteArray>
#include <QString>

// Reads a list file a person chose or dropped as text: refuses what is not a readable regular
// file, too large or binary, and decodes by BOM, else UTF-8, else Latin-1. Stateless; any thread
// but the GUI thread (it blocks on the disk).
class TextFileReader final
{
public:
    struct Result {
        QString text;
        QString problem;  // empty when text was read
    };

    static Result read(const QString &path, qint64 maxBytes);
    // The text of bytes read from a file, or a problem ("not a text file").
    static Result decode(const QByteArray &bytes);
};
