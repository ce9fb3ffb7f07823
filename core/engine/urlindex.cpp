#include "engine/urlindex.h"

#include "base/urlkey.h"

#include <algorithm>

void UrlIndex::insert(const QUrl &url, DownloadId id)
{
    m_byKey.insert(UrlKey::of(url), id);
}

void UrlIndex::remove(const QUrl &url, DownloadId id)
{
    m_byKey.remove(UrlKey::of(url), id);
}

void UrlIndex::removeIf(const std::function<bool(DownloadId)> &gone)
{
    m_byKey.removeIf([&](QMultiHash<QString, DownloadId>::iterator it) { return gone(it.value()); });
}

DownloadId UrlIndex::first(const QUrl &url) const
{
    // An empty list is the common case for a big first drop: no key to compute per URL.
    if (m_byKey.isEmpty())
        return 0;
    DownloadId first = 0;
    const QString key = UrlKey::of(url);
    for (auto it = m_byKey.constFind(key); it != m_byKey.cend() && it.key() == key; ++it)
        first = first == 0 ? it.value() : std::min(first, it.value());
    return first;
}
