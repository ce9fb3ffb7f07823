#include "relinkoffers.h"

#include "engine/downloadmanager.h"
#include "engine/linkchanges.h"
#include "net/filenames.h"

#include <QDir>

RelinkOffers::RelinkOffers(const DownloadManager &manager)
    : m_manager(manager)
{
    for (const DownloadId id : manager.ids()) {
        const Download *download = manager.download(id);
        if (!download || !LinkChanges::allows(download->state()))
            continue;
        const QString name = download->fileName().isEmpty() ? nameFor(download->entry()) : download->fileName();
        if (!name.isEmpty())
            m_byPath.insert(key(download->folder(), name), id);
    }
}

RelinkOffer RelinkOffers::find(const UrlEntry &entry, const QString &folder) const
{
    if (m_byPath.isEmpty())
        return {};
    const QString name = nameFor(entry);
    const DownloadId id = m_byPath.value(key(entry.folderIn(folder), name));
    const Download *download = m_manager.download(id);
    if (!download || download->url() == entry.url)
        return {};
    return RelinkOffer{entry, id, download->fileName().isEmpty() ? name : download->fileName()};
}

QString RelinkOffers::nameFor(const UrlEntry &entry)
{
    if (QString requested = FileNames::sanitize(entry.outName); !requested.isEmpty())
        return requested;
    return FileNames::sanitize(FileNames::fromUrl(entry.url));
}

QString RelinkOffers::key(const QString &folder, const QString &name)
{
    return QDir::cleanPath(folder) % u'/' % name;
}
