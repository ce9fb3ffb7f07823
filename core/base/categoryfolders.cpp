#include "base/categoryfolders.h"

#include <QDir>

QString CategoryFolders::folderOf(FileCategory category, const QString &base) const
{
    const int index = FileCategories::indexOf(category);
    if (index < 0)
        return base;
    const QString folder = folders[size_t(index)].trimmed();
    const QString chosen = folder.isEmpty() ? FileCategories::nameOf(category) : folder;
    // Joined by hand, as UrlEntry::folderIn does: a leading ':' is not a resource path here.
    return QDir::cleanPath(chosen.startsWith(u'/') ? chosen : base % u'/' % chosen);
}

std::optional<QString> CategoryFolders::folderFor(QStringView leaf, QStringView mimeType, const QString &base) const
{
    if (!enabled)
        return std::nullopt;
    return folderOf(FileCategories::of(leaf, mimeType), base);
}

void CategoryFolders::place(UrlEntry &entry, const QString &base) const
{
    if (!enabled || !entry.dir.isEmpty())
        return;
    const QString leaf = entry.outName.isEmpty() ? entry.url.fileName(QUrl::FullyDecoded) : entry.outName;
    const FileCategory category = FileCategories::ofName(leaf);
    if (category != FileCategory::None)
        entry.dir = folderOf(category, base);
    entry.folderByCategory = true;
}
