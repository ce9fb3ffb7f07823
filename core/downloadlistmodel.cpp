#include "downloadlistmodel.h"

#include "downloadmanager.h"
#include "humanformat.h"

DownloadListModel::DownloadListModel(DownloadManager *manager, QObject *parent)
    : QAbstractTableModel(parent)
    , m_manager(manager)
{
    connect(manager, &DownloadManager::downloadsAdded, this, &DownloadListModel::onAdded);
    connect(manager, &DownloadManager::downloadsChanged, this, &DownloadListModel::onChanged);
    connect(manager, &DownloadManager::downloadAboutToBeRemoved, this, &DownloadListModel::onAboutToBeRemoved);
    connect(manager, &DownloadManager::downloadRemoved, this, &DownloadListModel::onRemoved);
    onAdded(manager->ids());
}

int DownloadListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DownloadListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

DownloadId DownloadListModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row) : 0;
}

int DownloadListModel::rowOf(DownloadId id) const
{
    return m_rowOf.value(id, -1);
}

void DownloadListModel::onAdded(const QList<DownloadId> &ids)
{
    if (ids.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(ids.size()) - 1);
    m_rows.reserve(m_rows.size() + ids.size());
    for (DownloadId id : ids) {
        m_rowOf.insert(id, int(m_rows.size()));
        m_rows.append(id);
    }
    endInsertRows();
}

void DownloadListModel::onChanged(const QList<DownloadId> &ids)
{
    // One dataChanged per contiguous run of rows keeps repaints to what changed.
    QList<int> rows;
    rows.reserve(ids.size());
    for (DownloadId id : ids) {
        const int row = rowOf(id);
        if (row >= 0)
            rows.append(row);
    }
    std::sort(rows.begin(), rows.end());
    for (qsizetype i = 0; i < rows.size();) {
        qsizetype j = i;
        while (j + 1 < rows.size() && rows[j + 1] == rows[j] + 1)
            ++j;
        Q_EMIT dataChanged(index(rows[i], 0), index(rows[j], ColumnCount - 1));
        i = j + 1;
    }
}

void DownloadListModel::onAboutToBeRemoved(DownloadId id)
{
    m_removingRow = rowOf(id);
    if (m_removingRow >= 0)
        beginRemoveRows({}, m_removingRow, m_removingRow);
}

void DownloadListModel::onRemoved(DownloadId id)
{
    if (m_removingRow < 0)
        return;
    m_rowOf.remove(id);
    m_rows.removeAt(m_removingRow);
    for (int row = m_removingRow; row < m_rows.size(); ++row)
        m_rowOf[m_rows.at(row)] = row;  // only the rows below moved up
    m_removingRow = -1;
    endRemoveRows();
}

QString DownloadListModel::statusText(const Download &download)
{
    switch (download.state()) {
    case DownloadState::Failed:
        return download.error().message;
    case DownloadState::Waiting:
        return download.note() % u": " % download.error().message;
    case DownloadState::Completed:
        return download.note().isEmpty() ? QStringLiteral("Completed") : QStringLiteral("Completed (%1)").arg(download.note());
    default:
        return DownloadStates::name(download.state());
    }
}

QVariant DownloadListModel::display(const Download &d, int column) const
{
    switch (column) {
    case Name:
        return d.fileName().isEmpty() ? d.url().fileName() : d.fileName();
    case Size:
        return d.totalBytes() >= 0 ? HumanFormat::bytes(d.totalBytes()) : QString();
    case Progress: {
        if (d.state() == DownloadState::Completed)
            return QStringLiteral("100%");
        if (d.totalBytes() <= 0)
            return d.bytesReceived() > 0 ? HumanFormat::bytes(d.bytesReceived()) : QString();
        return QStringLiteral("%1%").arg(d.bytesReceived() * 100 / d.totalBytes());
    }
    case Speed:
        return d.state() == DownloadState::Downloading ? HumanFormat::speed(d.bytesPerSecond()) : QString();
    case TimeLeft: {
        if (d.state() != DownloadState::Downloading || d.bytesPerSecond() <= 0 || d.totalBytes() < 0)
            return QString();
        return HumanFormat::duration((d.totalBytes() - d.bytesReceived()) / d.bytesPerSecond());
    }
    case Status:
        return statusText(d);
    case Url:
        return d.url().toDisplayString();
    case Added:
        return QLocale().toString(d.addedAt(), QLocale::ShortFormat);
    case Folder:
        return d.folder();
    default:
        return {};
    }
}

QVariant DownloadListModel::sortValue(const Download &d, int column) const
{
    switch (column) {
    case Size: return d.totalBytes();
    case Progress: return d.totalBytes() > 0 ? double(d.bytesReceived()) / double(d.totalBytes()) : -1.0;
    case Speed: return d.bytesPerSecond();
    case TimeLeft:
        return d.bytesPerSecond() > 0 && d.totalBytes() >= 0
            ? (d.totalBytes() - d.bytesReceived()) / d.bytesPerSecond() : std::numeric_limits<qint64>::max();
    case Added: return d.addedAt();
    case Status: return int(d.state());
    default: return display(d, column);
    }
}

QVariant DownloadListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Download *d = m_manager->download(m_rows.at(index.row()));
    if (!d)
        return {};
    switch (role) {
    case Qt::DisplayRole: return display(*d, index.column());
    case Qt::ToolTipRole:
        return index.column() == Status && d->error().isError() ? d->error().message : display(*d, index.column());
    case IdRole: return QVariant::fromValue(d->id());
    case StateRole: return int(d->state());
    case ProgressRole:
        if (d->state() == DownloadState::Completed)
            return 1.0;
        return d->totalBytes() > 0 ? double(d->bytesReceived()) / double(d->totalBytes()) : -1.0;
    case BytesReceivedRole: return d->bytesReceived();
    case TotalBytesRole: return d->totalBytes();
    case SpeedRole: return d->bytesPerSecond();
    case ErrorRole: return d->error().message;
    case FilePathRole: return d->filePath();
    case SortRole: return sortValue(*d, index.column());
    default: return {};
    }
}

QVariant DownloadListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Name");
    case Size: return tr("Size");
    case Progress: return tr("Progress");
    case Speed: return tr("Speed");
    case TimeLeft: return tr("Time left");
    case Status: return tr("Status");
    case Url: return tr("URL");
    case Added: return tr("Added");
    case Folder: return tr("Folder");
    default: return {};
    }
}

QHash<int, QByteArray> DownloadListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(IdRole, QByteArrayLiteral("downloadId"));
    names.insert(StateRole, QByteArrayLiteral("state"));
    names.insert(ProgressRole, QByteArrayLiteral("progress"));
    names.insert(BytesReceivedRole, QByteArrayLiteral("bytesReceived"));
    names.insert(TotalBytesRole, QByteArrayLiteral("totalBytes"));
    names.insert(SpeedRole, QByteArrayLiteral("speed"));
    names.insert(ErrorRole, QByteArrayLiteral("error"));
    names.insert(FilePathRole, QByteArrayLiteral("filePath"));
    return names;
}
