#pragma once

#include "base/urlentry.h"

#include <QAbstractTableModel>
#include <QList>

#include <functional>
#include <vector>

// The links section of the Add dialog: each link with the name its file will take, which the
// person may edit (kept as the entry's outName), a check box to leave it out, and removal of rows.
// A name not given by the list or the person is the link's own, shown in italics because the server's
// answer may still name it. The folder column says where each file will go (FolderOf).
// Formats text only when a row is shown, so a million links open quickly.
// GUI thread.
class AddLinksModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddLinksModel)

public:
    enum Column { NameColumn, LinkColumn, FolderColumn, ColumnCount };
    // The folder a link's file will take, with the reason when there is one ("by type: Video").
    struct Folder {
        QString path;
        QString why = {};
    };
    using FolderOf = std::function<Folder(const UrlEntry &entry)>;

    explicit AddLinksModel(QList<UrlEntry> entries, QObject *parent = nullptr);

    // The checked links, in input order, with the names the person typed.
    QList<UrlEntry> checkedEntries() const;
    int checkedCount() const { return m_checkedCount; }
    // Sets every row in rows (sorted or not) to checked; with all rows when rows is empty.
    void setChecked(const QList<int> &rows, bool checked);
    void setAllChecked(bool checked);
    void removeRowsAt(QList<int> rows);
    // More links after the last row, checked; those whose URL a row has already are left out.
    // Returns how many were added.
    int append(const QList<UrlEntry> &entries);
    // The name shown for row: the requested one, else the link's own, else "download".
    QString shownName(int row) const;
    // Whether row's name is settled (given by the list or typed), not the link's own.
    bool isFixed(int row) const;
    const UrlEntry &entryAt(int row) const { return m_entries.at(row); }
    // How the folder column is told; set again when what it depends on changes (every row repaints).
    void setFolderOf(FolderOf folderOf);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void checkedCountChanged(int count);
    // A typed name could not be used: why, for the dialog to show.
    void nameRefused(const QString &reason);

private:
    void setCheckedAt(int row, bool checked);

    QList<UrlEntry> m_entries;
    FolderOf m_folderOf;
    std::vector<char> m_checked;  // per row; char, not bool, for plain element access
    int m_checkedCount = 0;
};
