#pragma once

#include "engine/download.h"
#include "list/downloadcolumns.h"
#include "list/downloadsortkey.h"

#include <QString>

// What the list model keeps per download: the state as of the last batch, the case-folded texts
// it sorts and filters by, the key of the sorted column and the row it shows in. Plain data; GUI
// thread.
struct DownloadListEntry {
    const Download *download = nullptr;  // owned by the manager; the entry goes before it does
    DownloadId id = 0;
    qint64 sequence = 0;  // place in the queue order (DownloadManager::placeInQueue): the unsorted order
    qint64 addedMs = 0;
    int row = -1;         // -1 while filtered out; may run ahead, see DownloadListRows::rowOfSlot
    DownloadState state = DownloadState::Queued;
    qint64 received = 0;  // Download::bytesReceived() when last read: a row paints the batch's
                          // numbers, the ones the details pane shows, not fresher ones
    QString leaf;         // Download::fileName() when last read; empty until the name is known
    QString name;         // case-folded Name column
    QString nameKey;      // natural sort key of name, made when first sorted by name
    QString url;          // case-folded display URL
    QString folder;       // natural sort key of the case-folded folder
    DownloadSortKey key;  // for the sorted column; kept while filtered out too

    // Re-reads the name, which becomes known with the response; true when it changed.
    bool readName();
    bool contains(const QString &foldedNeedle) const
    {
        return name.contains(foldedNeedle) || url.contains(foldedNeedle);
    }
    DownloadSortKey keyFor(int column) { return DownloadColumns::sortKey(*this, column); }
};
