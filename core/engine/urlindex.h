#pragma once

#include <QHash>
#include <QString>
#include <QUrl>

#include <functional>

using DownloadId = quint64;

// The downloads of each resource (by UrlKey: the same file however its URL is spelled), so that
// "is this URL already in the list?" costs one lookup at any list length. Almost always one
// download a key. Owned by the DownloadManager; GUI thread.
class UrlIndex final
{
public:
    void reserve(qsizetype total) { m_byKey.reserve(total); }
    void insert(const QUrl &url, DownloadId id);
    void remove(const QUrl &url, DownloadId id);
    // Forgets every download for which gone(id) is true, in one pass.
    void removeIf(const std::function<bool(DownloadId)> &gone);
    // The first download of url's resource (the smallest id: ids follow the list order), or 0.
    DownloadId first(const QUrl &url) const;

private:
    QMultiHash<QString, DownloadId> m_byKey;
};
