#include "list/downloadlistentry.h"

bool DownloadListEntry::readName()
{
    QString now = download->fileName();
    if (now == leaf)
        return false;
    leaf = std::move(now);
    QString folded = (leaf.isEmpty() ? download->url().fileName() : leaf).toCaseFolded();
    if (folded == name)
        return false;
    name = std::move(folded);
    nameKey.clear();
    return true;
}
