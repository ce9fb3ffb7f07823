#pragma once

#include "base/filecategories.h"
#include "base/urlentry.h"

#include <QString>
#include <QStringView>

#include <array>
#include <optional>

// Sorting files into a folder per category (Video, Music, ...), and where each of those folders
// is: the choice a person makes in Settings. Plain data; GUI thread.
struct CategoryFolders {
    bool enabled = false;
    // Per category, in FileCategories::kAll order: empty means the category's name inside the
    // download folder ("Video"); a relative path is inside it too; an absolute one is as written.
    std::array<QString, FileCategories::kCount> folders = {};

    // The folder of category when base is the download folder; base itself for None.
    QString folderOf(FileCategory category, const QString &base) const;
    // Where a file goes by its category, from its leaf name or, when that says nothing, its MIME
    // type; nullopt when sorting is off. base for a file of no category.
    std::optional<QString> folderFor(QStringView leaf, QStringView mimeType, const QString &base) const;
    // An entry with no folder of its own (no dir=, no folder chosen for it) is placed by the name
    // its URL or out= gives, and marked so that the server's answer may still correct that.
    // Entries with a folder, and every entry while sorting is off, are left alone.
    void place(UrlEntry &entry, const QString &base) const;

    friend bool operator==(const CategoryFolders &, const CategoryFolders &) = default;
};
