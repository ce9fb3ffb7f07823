#include "base/filecategories.h"

#include <QMimeDatabase>
#include <QMimeType>


namespace {

struct Kind {
    FileCategory category;
    QLatin1StringView name;
    QLatin1StringView key;
    QLatin1StringView extensions;  // space-separated, lower case
};

using L = QLatin1StringView;

// Compound suffixes ("tar.gz") need no entry: the last one decides.
constexpr std::array<Kind, FileCategories::kCount> kKinds{{
    {FileCategory::Video, L("Video"), L("video"), L("mkv mp4 m4v webm avi mov wmv flv mpg mpeg m2ts mts 3gp ogv")},
    {FileCategory::Music, L("Music"), L("music"), L("mp3 flac ogg oga opus m4a aac wav wma aiff alac mka")},
    {FileCategory::Pictures, L("Pictures"), L("pictures"),
     L("jpg jpeg png gif webp bmp tif tiff svg heic heif avif ico raw cr2 nef dng")},
    {FileCategory::Archives, L("Archives"), L("archives"), L("iso zip 7z tar gz tgz xz txz zst bz2 tbz2 rar lz lzma cab img")},
    {FileCategory::Documents, L("Documents"), L("documents"),
     L("pdf epub mobi djvu doc docx odt rtf txt md xls xlsx ods ppt pptx odp csv")},
    {FileCategory::Programs, L("Programs"), L("programs"), L("deb rpm appimage exe msi dmg apk pkg flatpak snap jar")},
}};

FileCategory ofSuffix(QStringView suffix)
{
    if (suffix.isEmpty())
        return FileCategory::None;
    for (const Kind &kind : kKinds) {
        for (const QLatin1StringView extension : kind.extensions.tokenize(u' ')) {
            if (suffix.compare(extension, Qt::CaseInsensitive) == 0)
                return kind.category;
        }
    }
    return FileCategory::None;
}

FileCategory ofFamily(QStringView name)
{
    if (name.startsWith(u"video/"))
        return FileCategory::Video;
    if (name.startsWith(u"audio/"))
        return FileCategory::Music;
    if (name.startsWith(u"image/"))
        return FileCategory::Pictures;
    return FileCategory::None;
}

} // namespace

FileCategory FileCategories::ofName(QStringView leaf)
{
    const qsizetype dot = leaf.lastIndexOf(u'.');
    if (dot <= 0)  // no extension, or a dot file (".profile") whose whole name is not one
        return FileCategory::None;
    return ofSuffix(leaf.mid(dot + 1));
}

FileCategory FileCategories::ofMimeType(QStringView mimeType)
{
    const QString name = mimeType.left(mimeType.indexOf(u';')).trimmed().toString().toLower();
    if (name.isEmpty())
        return FileCategory::None;
    if (const FileCategory family = ofFamily(name); family != FileCategory::None)
        return family;
    const QMimeDatabase database;
    const QMimeType type = database.mimeTypeForName(name);
    if (!type.isValid())
        return FileCategory::None;
    // The type's own extensions first, then its parents' ("application/x-compressed-tar" is a
    // gzip) — but not the generic roots every text or binary type has, which would make any
    // HTML page a document.
    QStringList names{type.name()};
    for (const QString &ancestor : type.allAncestors()) {
        if (ancestor != u"text/plain" && ancestor != u"application/octet-stream")
            names.append(ancestor);
    }
    for (const QString &candidate : std::as_const(names)) {
        if (const FileCategory family = ofFamily(candidate); family != FileCategory::None)
            return family;
        const QMimeType known = database.mimeTypeForName(candidate);
        for (const QString &suffix : known.suffixes()) {
            if (const FileCategory category = ofSuffix(suffix); category != FileCategory::None)
                return category;
        }
    }
    return FileCategory::None;
}

FileCategory FileCategories::of(QStringView leaf, QStringView mimeType)
{
    const FileCategory byName = ofName(leaf);
    return byName != FileCategory::None ? byName : ofMimeType(mimeType);
}

QString FileCategories::nameOf(FileCategory category)
{
    const int index = indexOf(category);
    return index < 0 ? QString() : QString(kKinds[size_t(index)].name);
}

QString FileCategories::keyOf(FileCategory category)
{
    const int index = indexOf(category);
    return index < 0 ? QString() : QString(kKinds[size_t(index)].key);
}
