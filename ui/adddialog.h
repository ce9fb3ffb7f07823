#pragma once

#include "base/urlentry.h"
#include "intake/urllistloader.h"

#include <QDialog>
#include <QList>
#include <QTimer>

#include <functional>

class FolderField;
class FreeSpaceProbe;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QPushButton;
class QVBoxLayout;

// Shows what a drop, paste or import found (links, rejected lines, duplicates, unreadable
// sources) and where the files will go, with that folder's free space; OK adds the links.
// GUI thread.
class AddDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddDialog)

public:
    // Whether a URL is in the download list already (e.g. DownloadManager::findByUrl() != 0).
    using AlreadyListed = std::function<bool(const QUrl &url)>;

    static constexpr qint64 kLowSpaceBytes = qint64(1) << 30;

    // probe may be null (no free space shown).
    AddDialog(const LoadedUrlList &list, const QString &defaultFolder, const AlreadyListed &alreadyListed,
              FreeSpaceProbe *probe, QWidget *parent = nullptr);

    // The links to add, in input order, without those already listed. Each entry's dir is the
    // chosen folder, always (so a later change of the default folder cannot move them); a
    // relative aria2 "dir" is resolved against it, an absolute one kept.
    QList<UrlEntry> entries() const;
    QString folder() const;           // the chosen folder, cleaned
    int linkCount() const { return int(m_links.size()); }
    int alreadyListedCount() const { return int(m_alreadyListed.size()); }

    FolderField *folderField() const { return m_folder; }
    QPushButton *okButton() const;
    QLabel *freeSpaceLabel() const { return m_freeSpace; }

private:
    void buildSections(const LoadedUrlList &list, QVBoxLayout *layout);
    QGroupBox *section(const char *name, const QString &title, QWidget *content);
    void folderEdited();
    void requestFreeSpace();
    void showFreeSpace(const QString &folder, qint64 available);
    void updateOkButton();

    QList<UrlEntry> m_links;
    QList<UrlEntry> m_alreadyListed;
    FreeSpaceProbe *m_probe;
    FolderField *m_folder;
    QLabel *m_freeSpace;
    QDialogButtonBox *m_buttons;
    QTimer m_probeDelay;
    QString m_probedFolder;
};
