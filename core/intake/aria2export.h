#pragma once

#include "base/result.h"
#include "base/urlentry.h"

#include <QList>
#include <QString>

// An entry an export left out, and why, in words. Plain data.
struct Aria2ExportSkip {
    qsizetype index = 0;  // in the entries given
    QString reason;
};

// What Aria2Export::format() made: the file's text and the entries it could not write. Plain data.
struct Aria2ExportText {
    QString text;
    qsizetype written = 0;
    QList<Aria2ExportSkip> skipped;
};

// Writes entries as an aria2 input file (the URL, then indented "out=", "dir=", "checksum=",
// "header=", "split=" and "max-download-limit=" lines), the inverse of what UrlListParser and
// Aria2Options read. The format has no escapes, so an entry is written only when each of its
// lines reads back as the same value: a line break in a value (which would add options or URLs
// of its own), or a value the reader would trim or refuse, leaves the whole entry out rather
// than half of it. Stateless; any thread.
class Aria2Export final
{
public:
    // The entry's lines, each ending in '\n', or why it cannot be written.
    static Result<QString> entryText(const UrlEntry &entry);
    // Every entry that can be written, in order; a URL seen before is left out, as the reader
    // would keep only its first options.
    static Aria2ExportText format(const QList<UrlEntry> &entries);
    // Replaces the file at path with text in UTF-8 through QSaveFile: all of it or, on failure,
    // nothing (a file already there stays as it was). Blocking.
    static Result<void> save(const QString &path, const QString &text);
};
