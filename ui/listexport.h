#pragma once

#include "base/result.h"
#include "base/urlentry.h"
#include "engine/download.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

class DownloadManager;

// Writes downloads to an aria2 input file through Aria2Export: each one's URL, the name and folder
// its file has (or was asked for), its checksum and its headers, so the list fetches the same files
// again. Holds nothing; GUI thread, where the downloads live (the file is written there too: it is
// small, and written once, on a person's command).
class ListExport final
{
    Q_DECLARE_TR_FUNCTIONS(ListExport)

public:
    // A download as the list entry that fetches it again into the same place.
    static UrlEntry entryOf(const Download &download);
    // Writes the downloads with these ids (unknown ones are ignored) to path. The words for the
    // status bar, or why nothing was written.
    static Result<QString> write(const DownloadManager &manager, const QList<DownloadId> &ids, const QString &path);
};
