#pragma once

#include "engine/download.h"
#include "list/downloadsortkey.h"

#include <QCoreApplication>
#include <QString>
#include <QVariant>


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
    // A row's text, from the state and bytes its entry last read (the batch the details pane shows).
    static QVariant display(const DownloadListEntry &entry, int column);
    // The entry's value in column, from the state it last read; its case-folded texts are cached.
    static DownloadSortKey sortKey(DownloadListEntry &entry, int column);

    // 0..1, or -1 while the size is unknown; a completed download is 1 whatever its size.
    static double progress(const DownloadListEntry &entry);
    static QString shownName(const Download &download);  // the file name, else the URL's
    static QString statusText(const Download &download);
};
