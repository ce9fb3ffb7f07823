#pragma once

#include "engine/download.h"
#include "list/downloadsortkey.h"

#include <QCoreApplication>
#include <QString>
#include <QVariant>

#include <optional>

struct DownloadListEntry;

// What each column of the download list means, in one table: its title, what it shows and what
// it sorts by, so that a row's text and its place in a sort cannot disagree. The shared
// definitions (progress, time left, status) serve the model's roles and the details pane too.
// Stateless; GUI thread.
class DownloadColumns final
{
    Q_DECLARE_TR_FUNCTIONS(DownloadColumns)

public:
    enum Column { Name, Size, Progress, Speed, TimeLeft, Status, Url, Added, Folder, Count };

    static QString title(int column);
    static QVariant display(const Download &download, int column);
    // The entry's value in column, from the state it last read; its case-folded texts are cached.
    static DownloadSortKey sortKey(DownloadListEntry &entry, int column);

    // 0..1, or -1 while the size is unknown; a completed download is 1 whatever its size.
    static double progress(const Download &download);
    // Seconds to go, while downloading at a known speed toward a known size.
    static std::optional<qint64> secondsLeft(const Download &download);
    static QString shownName(const Download &download);  // the file name, else the URL's
    static QString statusText(const Download &download);
};
