#pragma once

#include "base/urlentry.h"
#include "intake/checksumfile.h"

#include <QList>
#include <QString>

// A checksum an entry already had (checksum= in a list) that a checksum file contradicts. Plain data.
struct ChecksumConflict {
    int line = 0;          // the entry's line in its list; 0 when it came from no list
    QString name;          // the file name both name
    ChecksumSpec kept;     // the entry's own, which wins
    ChecksumSpec listed;   // the checksum file's
};

// Gives each entry the checksum a checksum file lists for its file name. Stateless; any thread.
class ChecksumApplier final
{
public:
    // The name an entry's file is matched by before the server has answered: its out= name, else
    // the last part of its URL's path, decoded.
    static QString nameOf(const UrlEntry &entry);
    // Entries without a checksum get the one listed for their name; an entry whose own checksum
    // differs keeps it, and the difference is returned. Returns how many entries got one in
    // applied, when given.
    static QList<ChecksumConflict> apply(QList<UrlEntry> &entries, const ChecksumList &sums, qsizetype *applied = nullptr);
    // "x.iso: the list's sha-256=… differs from the checksum file's sha-256=…; the list's is kept"
    static QString describe(const ChecksumConflict &conflict);
};
