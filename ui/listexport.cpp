#include "listexport.h"

#include "base/safetext.h"
#include "base/shownurl.h"
#include "engine/downloadmanager.h"
#include "intake/aria2export.h"

#include <QDir>

UrlEntry ListExport::entryOf(const Download &download, const QString &base)
{
    UrlEntry entry = download.entry();  // the URL, checksum and headers it was given
    entry.line = 0;
    // Where the file really is, relative to the download folder: a list's dir may not leave the
    // folder it is read into. A folder outside stays absolute, which the export then leaves out
    // with the reader's reason.
    const QString folder = download.folder();
    const QString relative = QDir(base).relativeFilePath(folder);
    if (relative == u".")
        entry.dir.clear();
    else if (relative == u".." || relative.startsWith(u"../") || QDir::isAbsolutePath(relative))
        entry.dir = folder;
    else
        entry.dir = relative;
    if (const QString name = download.fileName(); !name.isEmpty())
        entry.outName = name;
    return entry;
}

Result<ListExport::Prepared> ListExport::prepare(const DownloadManager &manager, const QList<DownloadId> &ids,
                                                const QString &name)
{
    const QString &base = manager.settings().folder;
    QList<UrlEntry> entries;
    entries.reserve(ids.size());
    for (DownloadId id : ids) {
        if (const Download *download = manager.download(id))
            entries.append(entryOf(*download, base));
    }
    const Aria2ExportText exported = Aria2Export::format(entries);
    // One example is enough for the status bar; the words may quote what was refused, so they
    // are made safe to show.
    const QString firstReason = exported.skipped.isEmpty()
        ? QString()
        : SafeText::display(ShownUrl::of(entries.at(exported.skipped.first().index).url), 80) % u": "
              % SafeText::display(exported.skipped.first().reason);
    if (exported.written == 0) {
        const QString why = firstReason.isEmpty() ? tr("no downloads to export") : firstReason;
        return Result<Prepared>::invalid(tr("Nothing exported: %1").arg(why));
    }
    QString words = exported.written == 1 ? tr("Exported 1 download to %1").arg(name)
                                          : tr("Exported %1 downloads to %2").arg(exported.written).arg(name);
    if (!exported.skipped.isEmpty())
        words += u"; " % tr("%1 left out (%2)").arg(exported.skipped.size()).arg(firstReason);
    return Prepared{exported.text, words};
}
