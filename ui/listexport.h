#pragma once

#include "base/result.h"
#include "base/urlentry.h"
#include "engine/download.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

class DownloadManager;

// Turns downloads into an aria2 input file's text through Aria2Export: each one's URL, the name
// and folder its file has (or was asked for), its checksum and its headers, so the list fetches
// the same files again. Holds nothing; GUI thread, where the downloads live (the file itself is
// saved on the disk pool by ListFileSaver).
class ListExport final
{
    Q_DECLARE_TR_FUNCTIONS(ListExport)

public:
    // A download as the list entry that fetches it again into the same place when the list is
    // read into base (its dir is relative to base).
    static UrlEntry entryOf(const Download &download, const QString &base);
    // What to save for the downloads with these ids (unknown ones are ignored), and the words
    // for the status bar once it is saved as fileName.
    struct Prepared {
        QString text;
        QString words;
    };
    // Or why there is nothing to save. Folders are written relative to the manager's download
    // folder; a download outside it is left out (a list's dir cannot leave the folder it is read into).
    static Result<Prepared> prepare(const DownloadManager &manager, const QList<DownloadId> &ids, const QString &fileName);
};
