#pragma once

#include "base/result.h"
#include "base/urlentry.h"

#include <QString>
#include <QStringView>

// The per-URL option lines of aria2's input-file format ("  out=name", "  dir=folder",
// "  checksum=sha-256=HEX", "  header=Name: value", "  split=N", "  max-download-limit=2M"): recognises them and applies them to an
// entry. A "dir" must stay inside the download folder: absolute paths and '..' that leave it are
// refused. Stateless; any thread.
class Aria2Options final
{
public:
    // Whether trimmed text reads as "key=value" with an option-shaped key.
    static bool isOptionLine(QStringView text);
    // Applies "key=value" to entry, or says why it was not applied.
    static Result<void> apply(UrlEntry &entry, QStringView option);
};
