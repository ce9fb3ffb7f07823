#pragma once

#include "base/checksumspec.h"
#include "intake/urllistparser.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringView>

// What a checksum file lists: the expected digest per file name, and the lines that are not
// entries, with their numbers and the reason. Plain data.
struct ChecksumList {
    QHash<QString, ChecksumSpec> byName;  // leaf name, as the file spells it, case kept
    QList<RejectedLine> bad;              // the first kMaxBadRows of them, in line order
    qsizetype badCount = 0;               // all of them
};

// Reads the checksum files release pages publish: GNU coreutils lines ("HEX  name",
// "HEX *name", a leading '\' for escaped names), BSD lines ("SHA256 (name) = HEX"), comments,
// and a PGP clear-signature around them. Names are matched by their last path component.
// Stateless; safe on any thread.
class ChecksumFile final
{
public:
    static constexpr qint64 kMaxBytes = 16 * 1024 * 1024;  // a release's sums are kilobytes
    static constexpr qsizetype kMaxEntries = 100'000;
    static constexpr qsizetype kMaxLineLength = 8 * 1024;
    static constexpr qsizetype kMaxBadRows = 1000;

    // SHA256SUMS, SHA512SUMS, SHA1SUMS, MD5SUMS (any case, with or without ".txt"), and
    // "*.sha256", "*.sha512", "*.sha1", "*.md5": the names Gather treats as checksum files.
    static bool isChecksumFileName(QStringView leaf);
    // The entries of text; fileName is the file's own name, whose algorithm (when it names one)
    // each GNU line's digest must fit.
    static ChecksumList parse(QStringView text, QStringView fileName = {});
};
