// DownloadListModel's drag and drop: rows dragged within the list move in the queue order.
#include "list/downloadlistmodel.h"

#include "engine/downloadmanager.h"

#include <QCoreApplication>
#include <QMimeData>

#include <algorithm>

namespace {

// Ties a drag to one model in one process: ids mean nothing to another list.
QByteArray tokenOf(const DownloadListModel *model)
{
    return QByteArray::number(QCoreApplication::applicationPid()) + ':' + QByteArray::number(quintptr(model), 16);
}

} // namespace

QString DownloadListModel::queueRowsMimeType()
{
    return QStringLiteral("application/x-gather-queue-rows");
}

Qt::ItemFlags DownloadListModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (!showsQueueOrder())
        return flags;
    // Rows drag; only the gaps between rows take drops (a row is no container), so a view
    // shows a line where the rows would go.
    return index.isValid() ? flags | Qt::ItemIsDragEnabled : flags | Qt::ItemIsDropEnabled;
}

QMimeData *DownloadListModel::mimeData(const QModelIndexList &indexes) const
{
    // In list order, each once whatever the number of columns selected.
    std::vector<int> rows;
    for (const QModelIndex &index : indexes) {
        if (index.isValid())
            rows.push_back(index.row());
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    QByteArray payload = tokenOf(this);
    for (int row : rows)
        payload += ' ' + QByteArray::number(idAt(row));
    auto *mime = new QMimeData;
    mime->setData(queueRowsMimeType(), payload);
    return mime;
}

QList<DownloadId> DownloadListModel::draggedIds(const QMimeData *data) const
{
    QList<DownloadId> ids;
    if (!data || !data->hasFormat(queueRowsMimeType()))
        return ids;
    const QList<QByteArray> parts = data->data(queueRowsMimeType()).split(' ');
    if (parts.value(0) != tokenOf(this))
        return ids;
    for (qsizetype i = 1; i < parts.size(); ++i) {
        bool ok = false;
        const DownloadId id = parts.at(i).toULongLong(&ok);
        if (ok && rowOf(id) >= 0)
            ids.append(id);
    }
    return ids;
}

bool DownloadListModel::canDropMimeData(const QMimeData *data, Qt::DropAction action, int, int,
                                        const QModelIndex &) const
{
    return action == Qt::MoveAction && showsQueueOrder() && rowCount() > 0 && !draggedIds(data).isEmpty();
}

bool DownloadListModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                     const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    if (parent.isValid())
        row = parent.row();
    const bool afterLast = row < 0 || row >= rowCount();
    const DownloadId target = idAt(afterLast ? rowCount() - 1 : row);
    m_manager->moveInQueueNextTo(draggedIds(data), target, afterLast);
    return true;
}
