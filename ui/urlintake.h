#pragma once

#include "engine/chunkedadder.h"
#include "engine/download.h"
#include "intake/mimeurls.h"
#include "intake/urllistloader.h"
#include "relinkoffers.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QHash>
#include <QSet>
#include <QStringList>

#include <functional>
#include <map>
#include <optional>

class AddDialog;
class QDialog;
struct LinkCheck;
class AppSettings;
class DownloadManager;
class FreeSpaceProbe;
class QMimeData;
class QWidget;
class UrlListLoader;

// The one path every input takes (drop, paste, Import list…, another instance's hand-off): reads
// it with UrlListLoader off the GUI thread, then shows the Add dialog or adds the links at once,
// as AppSettings::Values::addDialogOnDrop says. A link the list holds already is not added twice;
// its download is resumed where Relisting says so. GUI thread.
class UrlIntake final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UrlIntake)

public:
    // Returns the chosen files, or none when the person cancelled.
    using FileChooser = std::function<QStringList(QWidget *parent)>;

    // What a summary counts; see summary().
    struct Counts {
        qsizetype added = 0;
        qsizetype rejected = 0;
        qsizetype duplicates = 0;
        qsizetype alreadyListed = 0;  // and left as they are
        qsizetype resumed = 0;        // already listed, and resumed
        qsizetype unreadable = 0;
    };

    // dialogParent (usually the main window) parents the Add dialog and the file chooser; may be
    // null. probe may be null (the Add dialog then shows no free space). All must outlive this.
    UrlIntake(DownloadManager *manager, const AppSettings *settings, UrlListLoader *loader, FreeSpaceProbe *probe,
              QWidget *dialogParent, QObject *parent = nullptr);

    void setFileChooser(FileChooser chooser);

    // folder, when set, is where these links go instead of the download folder (gather -d).
    void submit(const DroppedInput &input, const QString &folder = {});
    // Clipboard contents (QClipboard::mimeData()); false when they hold nothing usable.
    bool paste(const QMimeData *mime);
    bool pasteFromClipboard();
    // Links someone copied (ClipboardWatcher): always offered in the Add dialog, and merged into
    // the one already open for earlier copies.
    void offerCopied(const QStringList &links);
    // Asks for list files with the chooser and reads them.
    void importList();

    int loadsInFlight() const { return int(m_tickets.size()); }
    bool isAdding() const { return m_adder.isBusy(); }

    // "Added 40 links; 2 lines rejected, 1 duplicate" and the like.
    static QString summary(const Counts &counts);
    static QStringList chooseWithDialog(QWidget *parent);

Q_SIGNALS:
    void addDialogShown(AddDialog *dialog);  // open (window-modal), deletes itself when closed
    void added(const QList<DownloadId> &ids);
    // A link chosen as a download's new link may serve another file: the person decides in a
    // Change Link dialog, open (window-modal) and deleting itself when closed.
    void changeLinkDialogShown(QDialog *dialog);
    void message(const QString &text);       // for the status bar

private:
    void onLoaded(quint64 ticket, const LoadedUrlList &result);
    void handle(const LoadedUrlList &result, const QString &folder);
    void showNextWaiting();
    void showDialog(const LoadedUrlList &result, const QString &folder);
    void addAtOnce(const LoadedUrlList &result, const QString &folder);
    void addFromDialog(AddDialog *dialog);
    // Adds the entries not already listed (into folder, when set), resumes the listed ones
    // Relisting says to, and reports the counts.
    void addFresh(const QList<UrlEntry> &entries, const QString &folder, Counts &counts);
    std::optional<DownloadState> listedState(const QUrl &url) const;
    // Checks each chosen link as its download's new link (LinkChanges); the same file is used at
    // once, another one opens a Change Link dialog to decide.
    void relink(const QList<RelinkOffer> &offers);
    void relinkChecked(DownloadId id, const LinkCheck &check);

    DownloadManager *m_manager;
    const AppSettings *m_settings;
    UrlListLoader *m_loader;
    FreeSpaceProbe *m_probe;
    QPointer<QWidget> m_dialogParent;
    FileChooser m_fileChooser = &UrlIntake::chooseWithDialog;
    // Loads in order of arrival, with the folder asked for (if any) and, once read, the result:
    // lists are handled in the order they came, whichever is read first.
    struct Load {
        QString folder;
        std::optional<LoadedUrlList> result;
        bool copied = false;  // from the clipboard watcher: a dialog whatever the setting, merged
    };
    void offerLoaded(const LoadedUrlList &result);
    std::map<quint64, Load> m_tickets;
    // One Add dialog at a time; what arrives meanwhile waits its turn, in order.
    QPointer<AddDialog> m_dialog;
    bool m_dialogCopied = false;  // m_dialog shows copied links: later copies join it
    QList<Load> m_waiting;  // read, each with its result
    ChunkedAdder m_adder;
    QSet<DownloadId> m_relinking;  // checks this intake started, until they answer
};
