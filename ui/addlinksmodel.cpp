#include "addlinksmodel.h"

#include "base/safetext.h"
#include "base/shownurl.h"
#include "net/filenames.h"

#include <QFont>
#include <QSet>

#include <algorithm>

namespace {

constexpr qsizetype kCellLimit = 200;
constexpr qsizetype kToolTipLimit = 2000;

} // namespace

AddLinksModel::AddLinksModel(QList<UrlEntry> entries, QObject *parent)
    : QAbstractTableModel(parent)
    , m_entries(std::move(entries))
    , m_checked(size_t(m_entries.size()), 1)
    , m_checkedCount(int(m_entries.size()))
{
}

int AddLinksModel::append(const QList<UrlEntry> &entries)
{
    QSet<QUrl> shown;
    for (const UrlEntry &entry : std::as_const(m_entries))
        shown.insert(entry.url);
    QList<UrlEntry> fresh;
    for (const UrlEntry &entry : entries) {
        if (!shown.contains(entry.url)) {
            shown.insert(entry.url);
            fresh.append(entry);
        }
    }
    if (fresh.isEmpty())
        return 0;
    const auto first = int(m_entries.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    m_entries.append(fresh);
    m_checked.resize(size_t(m_entries.size()), 1);
    m_checkedCount += int(fresh.size());
    endInsertRows();
    Q_EMIT checkedCountChanged(m_checkedCount);
    return int(fresh.size());
}

QList<UrlEntry> AddLinksModel::checkedEntries() const
{
    QList<UrlEntry> result;
    result.reserve(m_checkedCount);
    for (qsizetype row = 0; row < m_entries.size(); ++row) {
        if (m_checked[size_t(row)])
            result.append(m_entries.at(row));
    }
    return result;
}

void AddLinksModel::setCheckedAt(int row, bool checked)
{
    char &flag = m_checked[size_t(row)];
    if (bool(flag) == checked)
        return;
    flag = checked ? 1 : 0;
    m_checkedCount += checked ? 1 : -1;
}

void AddLinksModel::setChecked(const QList<int> &rows, bool checked)
{
    if (rows.isEmpty())
        return;
    const int before = m_checkedCount;
    int first = rowCount();
    int last = -1;
    for (const int row : rows) {
        if (row < 0 || row >= rowCount())
            continue;
        setCheckedAt(row, checked);
        first = std::min(first, row);
        last = std::max(last, row);
    }
    if (last < 0)
        return;
    Q_EMIT dataChanged(index(first, NameColumn), index(last, NameColumn), {Qt::CheckStateRole});
    if (m_checkedCount != before)
        Q_EMIT checkedCountChanged(m_checkedCount);
}

void AddLinksModel::setAllChecked(bool checked)
{
    if (m_entries.isEmpty())
        return;
    const int before = m_checkedCount;
    std::fill(m_checked.begin(), m_checked.end(), checked ? 1 : 0);
    m_checkedCount = checked ? int(m_entries.size()) : 0;
    Q_EMIT dataChanged(index(0, NameColumn), index(rowCount() - 1, NameColumn), {Qt::CheckStateRole});
    if (m_checkedCount != before)
        Q_EMIT checkedCountChanged(m_checkedCount);
}

void AddLinksModel::removeRowsAt(QList<int> rows)
{
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    const int before = m_checkedCount;
    // From the end, one contiguous run at a time: a view over many rows gets few signals.
    qsizetype i = rows.size();
    while (i > 0) {
        const int last = rows.at(--i);
        int first = last;
        while (i > 0 && rows.at(i - 1) == first - 1)
            first = rows.at(--i);
        if (first < 0 || last >= rowCount())
            continue;
        beginRemoveRows({}, first, last);
        for (int row = first; row <= last; ++row)
            m_checkedCount -= m_checked[size_t(row)];
        m_entries.remove(first, last - first + 1);
        m_checked.erase(m_checked.begin() + first, m_checked.begin() + last + 1);
        endRemoveRows();
    }
    if (m_checkedCount != before)
        Q_EMIT checkedCountChanged(m_checkedCount);
}

QString AddLinksModel::shownName(int row) const
{
    const UrlEntry &entry = m_entries.at(row);
    if (QString requested = FileNames::sanitize(entry.outName); !requested.isEmpty())
        return requested;  // what the engine will use of it (FileNames::choose)
    const QString fromLink = FileNames::sanitize(FileNames::fromUrl(entry.url));
    return fromLink.isEmpty() ? QStringLiteral("download") : fromLink;
}

bool AddLinksModel::isFixed(int row) const
{
    return !FileNames::sanitize(m_entries.at(row).outName).isEmpty();
}

void AddLinksModel::setFolderOf(FolderOf folderOf)
{
    m_folderOf = std::move(folderOf);
    if (!m_entries.isEmpty())
        Q_EMIT dataChanged(index(0, FolderColumn), index(rowCount() - 1, FolderColumn), {Qt::DisplayRole, Qt::ToolTipRole});
}

int AddLinksModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AddLinksModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AddLinksModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Save as");
    case FolderColumn:
        return tr("Folder");
    default:
        return tr("Link");
    }
}

Qt::ItemFlags AddLinksModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags result = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == NameColumn)
        result |= Qt::ItemIsUserCheckable | Qt::ItemIsEditable;
    return result;
}

QVariant AddLinksModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const UrlEntry &entry = m_entries.at(row);
    if (index.column() == FolderColumn) {
        if (!m_folderOf || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
            return {};
        const Folder folder = m_folderOf(entry);
        if (role == Qt::DisplayRole)
            return SafeText::display(folder.path, kCellLimit);
        const QString path = SafeText::display(folder.path, kToolTipLimit);
        return folder.why.isEmpty() ? path : path % u"\n" % folder.why;
    }
    if (index.column() == LinkColumn) {
        const QString url = ShownUrl::of(entry.url);
        if (role == Qt::DisplayRole)
            return SafeText::display(url, kCellLimit);
        if (role == Qt::ToolTipRole)
            return SafeText::display(url, kToolTipLimit);
        return {};
    }
    switch (role) {
    case Qt::DisplayRole:
        return SafeText::display(shownName(row), kCellLimit);
    case Qt::EditRole:
        return shownName(row);
    case Qt::CheckStateRole:
        return m_checked[size_t(row)] ? Qt::Checked : Qt::Unchecked;
    case Qt::ToolTipRole:
        return !isFixed(row) ? tr("The link's own name; the server may give another. Type a name to fix it.")
                                       : SafeText::display(shownName(row), kToolTipLimit);
    case Qt::FontRole:
        // A name that may still change is in italics, like a suggestion. (Not grey: the style
        // would draw its check box greyed too, as if it could not be changed.)
        if (!isFixed(row)) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    default:
        return {};
    }
}

bool AddLinksModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || index.column() != NameColumn)
        return false;
    const int row = index.row();
    if (role == Qt::CheckStateRole) {
        setChecked({row}, value.toInt() == Qt::Checked);
        return true;
    }
    if (role != Qt::EditRole)
        return false;
    const QString typed = value.toString().trimmed();
    UrlEntry &entry = m_entries[row];
    if (typed == shownName(row))
        return true;  // unchanged: a link's own name stays open to the server's
    if (typed.isEmpty()) {
        entry.outName.clear();  // back to the link's (or the server's) name
    } else {
        const QString safe = FileNames::sanitize(typed);
        if (safe.isEmpty()) {
            Q_EMIT nameRefused(tr("\"%1\" cannot be a file name: one name without / or \\, not . or ..")
                                   .arg(SafeText::display(typed, 80)));
            return false;
        }
        entry.outName = safe;
    }
    // A new name may be of another type, and go to another folder.
    Q_EMIT dataChanged(index, index.siblingAtColumn(FolderColumn));
    return true;
}
