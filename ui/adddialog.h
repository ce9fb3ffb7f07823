#pragma once

#include "base/categoryfolders.h"
#include "base/downloadstate.h"
#include "base/urlentry.h"
#include "intake/urllistloader.h"
#include "relinkoffers.h"
#include "relisting.h"

#include <QDialog>
#include <QList>
#include <QTimer>

#include <functional>
#include <optional>

class AddLinksModel;
class ChecksumField;
class FolderField;
class FreeSpaceProbe;
class QCheckBox;
class QDialogButtonBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QPushButton;
class QTableView;
class QVBoxLayout;
class RelinkOfferList;

// Shows what a drop, paste or import found (links, rejected lines, duplicates, unreadable
// sources) and where the files will go (per link, with categories by type), with that folder's
// free space, and a checksum field when there is one link; OK adds the links. A link
// the download list holds already is not added again: its row says what OK does to that download
// instead (Relisting). GUI thread.
class AddDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddDialog)

public:
    // The state of the download the list already holds for a URL (DownloadManager::findByUrl()),
    // or nullopt when there is none.
    using ListedState = std::function<std::optional<DownloadState>(const QUrl &url)>;

    // The unfinished download a link would give a new link to (RelinkOffers), or id 0.
    using RelinkFinder = std::function<RelinkOffer(const UrlEntry &entry)>;

    static constexpr qint64 kLowSpaceBytes = qint64(1) << 30;

    // probe may be null (no free space shown). A link relinkFinder matches is offered as the new
    // link of that download instead of a new download.
    AddDialog(const LoadedUrlList &list, const QString &defaultFolder, const ListedState &listedState,
              FreeSpaceProbe *probe, QWidget *parent = nullptr, const RelinkFinder &relinkFinder = {});

    // Categories by type apply while the chosen folder is downloadFolder (the default one): a
    // folder the person chose, like a list's dir=, wins over them.
    void setCategories(const CategoryFolders &categories, const QString &downloadFolder);

    // The checked links to add, in input order, with the names typed for them, without those
    // already listed. Each entry's dir is the
    // chosen folder, always (so a later change of the default folder cannot move them); a
    // relative aria2 "dir" is resolved against it, an absolute one kept; its category's folder
    // (UrlEntry::folderByCategory) when categories apply. The single link gets the checksum field's.
    QList<UrlEntry> entries() const;
    // The links the list holds already, their dir resolved as in entries(): OK resumes those
    // Relisting says to, and adds any that left the list while the dialog was open.
    QList<UrlEntry> listedEntries() const;
    // The links the person chose to use as new links of unfinished downloads (checked offers);
    // the unchecked ones are in entries().
    QList<RelinkOffer> relinks() const;
    RelinkOfferList *relinkList() const { return m_relinkList; }
    QString folder() const;           // the chosen folder, cleaned
    int linkCount() const;  // checked links
    AddLinksModel *linksModel() const { return m_linksModel; }
    QTableView *linksView() const { return m_linksView; }
    int alreadyListedCount() const { return int(m_alreadyListed.size()); }
    int resumeCount() const { return m_resumeCount; }  // listed links that OK resumes
    // The person chose to fetch the listed links again as new downloads (new files beside the
    // old ones) instead of resuming them.
    bool downloadAgain() const;

    FolderField *folderField() const { return m_folder; }
    ChecksumField *checksumField() const { return m_checksum; }
    QPushButton *okButton() const;
    QLabel *freeSpaceLabel() const { return m_freeSpace; }
    // Inputs that arrived while this dialog is open, shown in turn after it; 0 hides the note.
    void setWaiting(int count);
    // Links copied while this dialog is open join its list (see ClipboardWatcher); returns how
    // many were new to it.
    int mergeLinks(const QList<UrlEntry> &links);
    QLabel *waitingLabel() const { return m_waiting; }

private:
    void linksChanged();
    void buildSections(const LoadedUrlList &list, QList<UrlEntry> links, QVBoxLayout *layout);
    QGroupBox *section(const char *name, const QString &title, QWidget *content);
    void folderEdited();
    void requestFreeSpace();
    void showFreeSpace(const QString &folder, qint64 available, const QString &problem);
    void updateOkButton();
    void updateOkText();
    UrlEntry placed(const UrlEntry &entry) const;  // with the folder it takes
    void updateFolderColumn();
    void updateChecksumRow();

    AddLinksModel *m_linksModel = nullptr;  // the links editor's
    QTableView *m_linksView = nullptr;
    QGroupBox *m_linksSection = nullptr;
    QList<ListedLink> m_alreadyListed;
    int m_resumeCount = 0;
    FreeSpaceProbe *m_probe;
    FolderField *m_folder;
    QLabel *m_freeSpace;
    QLabel *m_waiting;
    QDialogButtonBox *m_buttons;
    QCheckBox *m_downloadAgain = nullptr;
    RelinkOfferList *m_relinkList = nullptr;  // null when no link is offered as a new link
    QTimer m_probeDelay;
    QString m_probedFolder;
    QString m_folderProblem;  // why the chosen folder cannot take the files; empty when it can
    CategoryFolders m_categories;
    QString m_categoryBase;   // the download folder, where categories apply
    ChecksumField *m_checksum;
    QFormLayout *m_form = nullptr;
};
