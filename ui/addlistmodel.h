#pragma once

#include "base/urlentry.h"
#include "intake/urllistparser.h"
#include "relisting.h"

#include <QAbstractTableModel>
#include <QList>

// One side section of the Add dialog as a table: the rejected lines or the
// duplicates (within the input, and those already in the download list with what adding them
// again does). Formats untrusted text only when a row is shown, so a list of a million links opens
// quickly. GUI thread.
class AddListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddListModel)

public:
    enum class Kind { Rejected, Duplicates };

    explicit AddListModel(Kind kind, QObject *parent = nullptr);

    void setRejected(const QList<RejectedLine> &rejected);
    // duplicates within the input first, then the links already in the download list.
    void setDuplicates(const QList<DuplicateUrl> &duplicates, const QList<ListedLink> &alreadyListed);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant rejectedData(int row, int column, int role) const;
    QVariant duplicateData(int row, int column, int role) const;

    Kind m_kind;
    QList<ListedLink> m_listed;       // the already-listed part of Duplicates
    QList<RejectedLine> m_rejected;
    QList<DuplicateUrl> m_duplicates;
};
