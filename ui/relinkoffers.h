#pragma once

#include "base/urlentry.h"
#include "engine/download.h"

#include <QHash>
#include <QString>

class DownloadManager;

// A link about to be added that looks like a new link for an unfinished download in the list.
// Plain data.
struct RelinkOffer {
    UrlEntry entry;       // the link as the list gave it
    DownloadId id = 0;    // the download it would refresh
    QString name;         // that download's file name
};

// Finds, for links about to be added, the unfinished download each would refresh: the same file
// name (aria2 out=, else the link's own) in the same folder, under another URL, as when an
// expired link is listed again. Indexes the list once when made, so each look-up is one hash
// look-up. GUI thread; short-lived (one Add dialog).
class RelinkOffers final
{
public:
    explicit RelinkOffers(const DownloadManager &manager);

    // The offer for entry when it goes to folder (the chosen one; an entry's own dir counts),
    // or none (id 0).
    RelinkOffer find(const UrlEntry &entry, const QString &folder) const;
    // The name the file of entry will take unless the server names it: out=, else the link's own.
    static QString nameFor(const UrlEntry &entry);

private:
    static QString key(const QString &folder, const QString &name);

    const DownloadManager &m_manager;
    QHash<QString, DownloadId> m_byPath;  // folder/name of each unfinished download
};
