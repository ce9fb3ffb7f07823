#include "urlintake.h"

#include "adddialog.h"
#include "appsettings.h"
#include "changelinkdialog.h"
#include "engine/downloadmanager.h"
#include "engine/linkchanges.h"
#include "intake/urllistloader.h"
#include "relisting.h"

#include <QClipboard>
#include <QFileDialog>
#include <QGuiApplication>
#include <QMimeData>

#include <algorithm>

namespace {

QString counted(qsizetype n, const QString &one, const QString &many)
{
    return n == 1 ? one : many.arg(n);
}

} // namespace

UrlIntake::UrlIntake(DownloadManager *manager, const AppSettings *settings, UrlListLoader *loader,
                     FreeSpaceProbe *probe, QWidget *dialogParent, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_settings(settings)
    , m_loader(loader)
    , m_probe(probe)
    , m_dialogParent(dialogParent)
    , m_adder(manager)
{
    connect(&m_adder, &ChunkedAdder::added, this, &UrlIntake::added);
    connect(m_loader, &UrlListLoader::loaded, this, &UrlIntake::onLoaded);
    connect(&m_manager->linkChanges(), &LinkChanges::checked, this, &UrlIntake::relinkChecked);
}

void UrlIntake::setFileChooser(FileChooser chooser)
{
    m_fileChooser = std::move(chooser);
}

void UrlIntake::submit(const DroppedInput &input, const QString &folder)
{
    if (input.isEmpty()) {
        Q_EMIT message(tr("Nothing to add: no links or files in what was dropped"));
        return;
    }
    // The loader may be shared; only tickets handed out here are answered here.
    m_tickets.emplace(m_loader->load(input), Load{folder, std::nullopt});
}

bool UrlIntake::paste(const QMimeData *mime)
{
    if (!mime || !MimeUrls::canAccept(*mime)) {
        Q_EMIT message(tr("Nothing to paste: the clipboard holds no text or links"));
        return false;
    }
    DroppedInput input = MimeUrls::extract(*mime);
    input.textName = tr("Pasted text");
    submit(input);
    return true;
}

bool UrlIntake::pasteFromClipboard()
{
    return paste(QGuiApplication::clipboard()->mimeData());
}

void UrlIntake::offerCopied(const QStringList &links)
{
    if (links.isEmpty())
        return;
    DroppedInput input;
    input.text = links.join(QLatin1Char('\n'));
    input.textName = tr("Copied links");
    m_tickets.emplace(m_loader->load(input), Load{QString(), std::nullopt, true});
}

void UrlIntake::offerLoaded(const LoadedUrlList &result)
{
    // Links the list holds already are not offered again: the person copied them from anywhere.
    QList<UrlEntry> fresh;
    for (const UrlEntry &entry : result.parsed.entries) {
        if (!m_manager->findByUrl(entry.url))
            fresh.append(entry);
    }
    if (fresh.isEmpty()) {
        if (!result.parsed.rejected.isEmpty())
            Q_EMIT message(tr("Copied link not offered: %1").arg(result.parsed.rejected.first().reason));
        return;
    }
    if (m_dialog && m_dialogCopied) {
        if (const int added = m_dialog->mergeLinks(fresh); added > 0)
            Q_EMIT message(counted(added, tr("1 copied link added to the open Add dialog"),
                                   tr("%1 copied links added to the open Add dialog")));
        return;
    }
    LoadedUrlList offered = result;
    offered.parsed.entries = fresh;
    offered.parsed.rejected.clear();  // only the links were taken from the copied text
    if (m_dialog) {
        // Another input's dialog is open: the copies wait their turn, together in one dialog.
        for (Load &waiting : m_waiting) {
            if (waiting.copied) {
                QList<UrlEntry> &entries = waiting.result->parsed.entries;
                for (const UrlEntry &entry : std::as_const(fresh)) {
                    if (std::none_of(entries.cbegin(), entries.cend(), [&](const UrlEntry &e) { return e.url == entry.url; }))
                        entries.append(entry);
                }
                return;
            }
        }
        m_waiting.append({QString(), offered, true});
        m_dialog->setWaiting(int(m_waiting.size()));
        return;
    }
    showDialog(offered, {});
    m_dialogCopied = true;
}

void UrlIntake::importList()
{
    const QStringList files = m_fileChooser(m_dialogParent);
    if (files.isEmpty())
        return;
    DroppedInput input;
    input.files = files;
    submit(input);
}

QStringList UrlIntake::chooseWithDialog(QWidget *parent)
{
    return QFileDialog::getOpenFileNames(parent, tr("Import a list of links"), QString(),
                                         tr("Link lists (*.txt *.list *.lst *.uris *.aria2 *.input);;All files (*)"));
}

void UrlIntake::onLoaded(quint64 ticket, const LoadedUrlList &result)
{
    const auto ticketIt = m_tickets.find(ticket);
    if (ticketIt == m_tickets.end())
        return;
    ticketIt->second.result = result;
    // A short list read after a long one that came first waits for it.
    while (!m_tickets.empty() && m_tickets.begin()->second.result) {
        Load load = std::move(m_tickets.begin()->second);
        m_tickets.erase(m_tickets.begin());
        if (load.copied)
            offerLoaded(*load.result);
        else
            handle(*load.result, load.folder);
    }
}

void UrlIntake::handle(const LoadedUrlList &result, const QString &folder)
{
    const ParsedUrlList &parsed = result.parsed;
    if (parsed.entries.isEmpty() && parsed.rejected.isEmpty() && parsed.duplicates.isEmpty()
        && result.problems.isEmpty()) {
        Q_EMIT message(tr("No links found"));
        return;
    }
    if (m_settings->values().addDialogOnDrop)
        showDialog(result, folder);
    else
        addAtOnce(result, folder);
}

std::optional<DownloadState> UrlIntake::listedState(const QUrl &url) const
{
    if (const Download *listed = m_manager->download(m_manager->findByUrl(url)))
        return listed->state();
    return std::nullopt;
}

void UrlIntake::showDialog(const LoadedUrlList &result, const QString &folder)
{
    if (m_dialog) {
        // A second dialog would open exactly over the first, and could hide behind the window
        // without a window manager: it waits its turn, and the open one says so.
        m_waiting.append({folder, result});
        m_dialog->setWaiting(int(m_waiting.size()));
        return;
    }
    const QString shown = folder.isEmpty() ? m_manager->settings().folder : folder;
    // Offers are found against the folder the dialog opens with; the person's pick is final.
    auto offers = std::make_shared<RelinkOffers>(*m_manager);
    auto *dialog = new AddDialog(result, shown, [this](const QUrl &url) { return listedState(url); }, m_probe,
                                 m_dialogParent,
                                 [offers, shown](const UrlEntry &entry) { return offers->find(entry, shown); });
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setCategories(m_manager->settings().categories, m_manager->settings().folder);
    dialog->setWaiting(int(m_waiting.size()));
    connect(dialog, &QDialog::accepted, this, [this, dialog] { addFromDialog(dialog); });
    connect(dialog, &QDialog::finished, this, &UrlIntake::showNextWaiting, Qt::QueuedConnection);
    m_dialog = dialog;
    m_dialogCopied = false;
    dialog->open();
    dialog->raise();
    dialog->activateWindow();
    Q_EMIT addDialogShown(dialog);
}

void UrlIntake::showNextWaiting()
{
    if (m_dialog && m_dialog->isVisible())
        return;
    m_dialog.clear();
    if (m_waiting.isEmpty())
        return;
    const Load next = m_waiting.takeFirst();
    showDialog(*next.result, next.folder);
    m_dialogCopied = next.copied;
}

void UrlIntake::addFromDialog(AddDialog *dialog)
{
    relink(dialog->relinks());
    Counts counts;
    if (dialog->downloadAgain()) {
        // New downloads for the listed links too, the old ones left as they are.
        QList<UrlEntry> all = dialog->entries() + dialog->listedEntries();
        counts.added = all.size();
        m_adder.add(std::move(all));
        Q_EMIT message(summary(counts));
        return;
    }
    // The list may have changed while the dialog was open: the listed links are looked up again.
    addFresh(dialog->entries() + dialog->listedEntries(), {}, counts);
}

void UrlIntake::addAtOnce(const LoadedUrlList &result, const QString &folder)
{
    Counts counts;
    counts.rejected = result.parsed.rejected.size();
    counts.duplicates = result.parsed.duplicateCount;
    counts.unreadable = result.problems.size();
    addFresh(result.parsed.entries, folder, counts);
}

void UrlIntake::addFresh(const QList<UrlEntry> &entries, const QString &folder, Counts &counts)
{
    QList<UrlEntry> fresh;
    fresh.reserve(entries.size());
    for (const UrlEntry &entry : entries) {
        if (const DownloadId listed = m_manager->findByUrl(entry.url)) {
            if (Relisting::resume(*m_manager, listed))
                ++counts.resumed;
            else
                ++counts.alreadyListed;
            continue;
        }
        fresh.append(entry);
        if (!folder.isEmpty())
            fresh.last().dir = entry.folderIn(folder);
    }
    counts.added = fresh.size();
    // Big lists go in a slice per event-loop turn; the window stays responsive meanwhile.
    m_adder.add(std::move(fresh));
    Q_EMIT message(summary(counts));
}

void UrlIntake::relink(const QList<RelinkOffer> &offers)
{
    for (const RelinkOffer &offer : offers) {
        if (const Result<void> started = m_manager->linkChanges().check(offer.id, offer.entry.url); !started) {
            Q_EMIT message(tr("%1 keeps its link: %2").arg(offer.name, started.problem()));
            continue;
        }
        m_relinking.insert(offer.id);
    }
}

void UrlIntake::relinkChecked(DownloadId id, const LinkCheck &check)
{
    if (!m_relinking.remove(id))
        return;  // a check someone else started
    const Download *download = m_manager->download(id);
    const QString name = download ? download->fileName() : QString();
    switch (check.verdict) {
    case LinkCheck::Verdict::Same:
        Q_EMIT message(tr("New link for %1: the same file, going on").arg(name));
        return;
    case LinkCheck::Verdict::Failed:
        Q_EMIT message(tr("%1 keeps its link: the new one could not be checked: %2").arg(name, check.error.message));
        return;
    case LinkCheck::Verdict::Differs:
        break;
    }
    auto *dialog = new ChangeLinkDialog(m_manager, id, QString(), m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ChangeLinkDialog::message, this, &UrlIntake::message);
    dialog->open();
    Q_EMIT changeLinkDialogShown(dialog);
}

QString UrlIntake::summary(const Counts &counts)
{
    QString head = counts.added == 0 ? tr("No links added")
                                     : counted(counts.added, tr("Added 1 link"), tr("Added %1 links"));
    QStringList details;
    if (counts.added == 0 && counts.resumed > 0)
        head = counted(counts.resumed, tr("Resumed 1 download"), tr("Resumed %1 downloads"));
    else if (counts.resumed > 0)
        details.append(counted(counts.resumed, tr("1 resumed"), tr("%1 resumed")));
    if (counts.rejected > 0)
        details.append(counted(counts.rejected, tr("1 line rejected"), tr("%1 lines rejected")));
    if (counts.duplicates > 0)
        details.append(counted(counts.duplicates, tr("1 duplicate"), tr("%1 duplicates")));
    if (counts.alreadyListed > 0)
        details.append(counted(counts.alreadyListed, tr("1 already in the list"), tr("%1 already in the list")));
    if (counts.unreadable > 0)
        details.append(counted(counts.unreadable, tr("1 file could not be read"), tr("%1 files could not be read")));
    if (details.isEmpty())
        return head;
    return head % u"; " % details.join(QStringLiteral(", "));
}
