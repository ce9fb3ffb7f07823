#pragma once

#include "base/checksumspec.h"

#include <QByteArray>
#include <QDir>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>
#include <optional>

// One URL to fetch and the per-URL options that came with it (from a list or the command line).
// Plain data.
struct UrlEntry {
    QUrl url;
    int line = 0;                               // 1-based line in the input it came from; 0 = not from a list
    QString outName;                            // aria2 "out": a requested leaf name (sanitised later)
    QString dir;                                // aria2 "dir": a folder inside the default one (lists), or absolute once resolved; empty = the default folder
    std::optional<ChecksumSpec> checksum;       // aria2 "checksum=sha-256=HEX"
    QList<QPair<QByteArray, QByteArray>> headers;  // aria2 "header=K: V", repeated
    // This download's own connections and speed limit (aria2 "split", "max-download-limit");
    // nullopt follows the settings. A limit of 0 is unlimited, whatever the settings say.
    std::optional<int> split = {};
    std::optional<qint64> maxBytesPerSecond = {};

    static constexpr int kMaxSplit = 16;  // connections one download may ask for (aria2's cap)
    // dir was chosen by the file's category (CategoryFolders), not by a person or a list line, so
    // the server's answer (its file name, its Content-Type) may still correct it before the .part
    // exists. Not kept by the store: a restored download keeps the folder it has.
    bool folderByCategory = false;

    // The folder the file goes to when base is the folder the user chose: dir itself when it is
    // absolute, dir resolved against base when relative, base when there is none.
    // (Joined by hand: QDir takes a path starting with ':' for an absolute resource path and
    // would drop base, putting ":x" in the working directory.)
    QString folderIn(const QString &base) const
    {
        if (dir.isEmpty())
            return base;
        return QDir::cleanPath(dir.startsWith(u'/') ? dir : base % u'/' % dir);
    }

    friend bool operator==(const UrlEntry &, const UrlEntry &) = default;
};
