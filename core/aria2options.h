#pragma once

#include "urlentry.h"

#include <QString>
#include <QStringView>

// The per-URL option lines of aria2's input-file format ("  out=name", "  dir=folder",
// "  checksum=sha-256=HEX", "  header=Name: value"): recognises them and applies them to an
// entry. Stateless; any thread.
class Aria2Options final
{
public:
    // Whether trimmed text reads as "key=value" with an option-shaped key.
    static bool isOptionLine(QStringView text);
    // Applies "key=value" to entry; returns why it was not applied, or an empty string.
    static QString apply(UrlEntry &entry, QStringView option);
};
