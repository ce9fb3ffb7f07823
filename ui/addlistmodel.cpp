#include "addlistmodel.h"

#include "base/safetext.h"
#include "base/shownurl.h"

namespace {

constexpr qsizetype kCellLimit = 200;
constexpr qsizetype kToolTipLimit = 2000;

QString urlText(const QUrl &url)
{
    return ShownUrl::of(url);
}

QVariant shown(const QString &text, int role)
{
    if (role == Qt::DisplayRole)
        return SafeText::display(text, kCellLimit);
    if (role == Qt::ToolTipRole)
        return SafeText::display(text, kToolTipLimit);
    return {};
}

QString lineText(const QString &source, int line)
{
    if (line <= 0)
        return source;
    if (source.isEmpty())
        return QString::number(line);
    return source % u':' % QString::number(line);
}

} // namespace

AddListModel::AddListModel(Kind kind, QObject *parent)
    : QAbstractTableModel(parent)
    , m_kind(kind)
{
}

void AddListModel::setRejected(const QList<RejectedLine> &rejected)
{
    beginResetModel();
    m_rejected = rejected;
    endResetModel();
}

void AddListModel::setDuplicates(const QList<DuplicateUrl> &duplicates, const QList<ListedLink> &alreadyListed)
{
    beginResetModel();
    m_duplicates = duplicates;
    m_listed = alreadyListed;
    endResetModel();
}

int AddListModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    switch (m_kind) {
    case Kind::Rejected:
        return int(m_rejected.size());
    case Kind::Duplicates:
        return int(m_duplicates.size() + m_listed.size());
    }
    return 0;
}

int AddListModel::columnCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return 3;
}

QVariant AddListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (m_kind) {
    case Kind::Rejected:
        return QList<QString>{tr("Line"), tr("Text"), tr("Reason")}.value(section);
    case Kind::Duplicates:
        return QList<QString>{tr("Line"), tr("Link"), tr("Duplicate of")}.value(section);
    }
    return {};
}

QVariant AddListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (m_kind) {
    case Kind::Rejected:
        return rejectedData(index.row(), index.column(), role);
    case Kind::Duplicates:
        return duplicateData(index.row(), index.column(), role);
    }
    return {};
}

QVariant AddListModel::rejectedData(int row, int column, int role) const
{
    const RejectedLine &rejected = m_rejected.at(row);
    switch (column) {
    case 0:
        return shown(lineText(rejected.source, rejected.line), role);
    case 1:
        return shown(rejected.text, role);
    default:
        return shown(rejected.reason, role);
    }
}

QVariant AddListModel::duplicateData(int row, int column, int role) const
{
    if (row < m_duplicates.size()) {
        const DuplicateUrl &duplicate = m_duplicates.at(row);
        switch (column) {
        case 0:
            return shown(lineText(duplicate.source, duplicate.line), role);
        case 1:
            return shown(urlText(duplicate.url), role);
        default:
            return shown(tr("line %1").arg(lineText(duplicate.firstSource, duplicate.firstLine)), role);
        }
    }
    const ListedLink &listed = m_listed.at(row - m_duplicates.size());
    switch (column) {
    case 0:
        return shown(listed.entry.line > 0 ? QString::number(listed.entry.line) : QString(), role);
    case 1:
        return shown(urlText(listed.entry.url), role);
    default:
        return shown(Relisting::describe(listed.outcome), role);
    }
}
