#include "listexport.h"

#include "base/safetext.h"
#include "engine/downloadmanager.h"
#include "intake/aria2export.h"

UrlEntry ListExport::entryOf(const Download &download)
{
    UrlEntry entry = download.entry();  // the URL, checksum and headers it was given
    entry.line = 0;
    // Where the file really is: the folder resolved, the name the server or the person chose.
    entry.dir = download.folder();
    if (const QString name = download.fileName(); !name.isEmpty())
        entry.outName = name;
    return entry;
}

Result<ListExport::Prepared> ListExport::prepare(const DownloadManager &manager, const QList<DownloadId> &ids,
                                                const QString &name)
{
    QList<UrlEntry> entries;
    entries.reserve(ids.size());
    for (DownloadId id : ids) {
        if (const Download *download = manager.download(id))
            entries.append(entryOf(*download));
    }
    const Aria2ExportText exported = Aria2Export::format(entries);
    // One example is enough for the status bar; the words may quote what was refused, so they
    // are made safe to show.
    const QString firstReason = exported.skipped.isEmpty()
        ? QString()
        : SafeText::display(entries.at(exported.skipped.first().index).url.toDisplayString(), 80) % u": "
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
