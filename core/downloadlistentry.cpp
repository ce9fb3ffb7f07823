#include "downloadlistentry.h"

#include "downloadlistmodel.h"

#include <cmath>

QString DownloadListEntry::shownName(const Download &download)
{
    const QString leafName = download.fileName();
    return leafName.isEmpty() ? download.url().fileName() : leafName;
}

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

DownloadSortKey DownloadListEntry::keyFor(int column)
{
    const Download &d = *download;
    const bool downloading = state == DownloadState::Downloading;
    DownloadSortKey key;
    switch (column) {
    case DownloadListModel::Name:
        if (nameKey.isNull())
            nameKey = DownloadSortKey::naturalKey(name);
        key.text = nameKey;
        break;
    case DownloadListModel::Size:
        key.number = d.totalBytes();
        key.unknown = d.totalBytes() < 0;
        break;
    case DownloadListModel::Progress: {
        // The fraction as a fixed-point integer; an unknown size sorts as -1, before 0%.
        constexpr double kScale = 1e12;
        if (state == DownloadState::Completed)
            key.number = qint64(kScale);
        else if (d.totalBytes() > 0)
            key.number = std::llround(double(d.bytesReceived()) / double(d.totalBytes()) * kScale);
        else
            key.number = -1;
        break;
    }
    case DownloadListModel::Speed:
        key.number = downloading ? d.bytesPerSecond() : 0;
        key.unknown = !downloading;
        break;
    case DownloadListModel::TimeLeft:
        key.unknown = !downloading || d.bytesPerSecond() <= 0 || d.totalBytes() < 0;
        key.number = key.unknown ? 0 : (d.totalBytes() - d.bytesReceived()) / d.bytesPerSecond();
        break;
    case DownloadListModel::Status:
        key.number = int(state);
        // The states whose status text is the error message.
        if (state == DownloadState::Failed || state == DownloadState::Waiting)
            key.text = d.error().message.toCaseFolded();
        break;
    case DownloadListModel::Url:
        key.text = url;
        break;
    case DownloadListModel::Added:
        key.number = addedMs;
        break;
    case DownloadListModel::Folder:
        key.text = folder;
        break;
    default:
        break;
    }
    return key;
}
