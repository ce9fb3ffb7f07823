#pragma once

#include <QString>
#include <QStringView>

#include <array>

// A file's kind, as download managers sort files into folders. None: nothing says which.
enum class FileCategory { None, Video, Music, Pictures, Archives, Documents, Programs };

// Tells a file's category from its name's extension, or from a MIME type when the name says
// nothing. Stateless; safe on any thread (QMimeDatabase is).
class FileCategories final
{
public:
    static constexpr int kCount = 6;  // the categories besides None
    static constexpr std::array<FileCategory, kCount> kAll{FileCategory::Video, FileCategory::Music,
                                                          FileCategory::Pictures, FileCategory::Archives,
                                                          FileCategory::Documents, FileCategory::Programs};

    // By the extension of a leaf name ("film.MKV", "linux.tar.xz"); None when it has none we know.
    static FileCategory ofName(QStringView leaf);
    // By a MIME type as a server sends it ("video/mp4; charset=..."), through the extensions
    // and families QMimeDatabase knows for it; None for unknown or generic types.
    static FileCategory ofMimeType(QStringView mimeType);
    // The name first; the MIME type only when the name says nothing.
    static FileCategory of(QStringView leaf, QStringView mimeType);

    static int indexOf(FileCategory category) { return int(category) - 1; }  // 0..kCount-1; -1 for None
    // "Video", ...: the default folder's name, and the word in Settings and the README.
    static QString nameOf(FileCategory category);
    // "video", ...: how the settings file spells it.
    static QString keyOf(FileCategory category);
};
