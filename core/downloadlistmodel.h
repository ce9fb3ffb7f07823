#pragma once

#include "download.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

class DownloadManager;

// The download list as a table for views: one row per download in the manager's order, updated
// from the manager's batched signals (only changed rows). Returns text and raw values, never
// icons or colours, so it is testable headless. GUI thread.
class DownloadListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DownloadListModel)

public:
    enum Column { Name, Size, Progress, Speed, TimeLeft, Status, Url, Added, Folder, ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1,
        StateRole,          // DownloadState as int
        ProgressRole,       // double 0..1, or -1 when the size is unknown
        BytesReceivedRole,
        TotalBytesRole,
        SpeedRole,          // bytes per second
        ErrorRole,          // full error text
        FilePathRole,
        SortRole,           // a raw value per column for sorting
    };

    explicit DownloadListModel(DownloadManager *manager, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    DownloadId idAt(int row) const;
    int rowOf(DownloadId id) const;  // -1 when absent

    static QString statusText(const Download &download);

private:
    void onAdded(const QList<DownloadId> &ids);
    void onChanged(const QList<DownloadId> &ids);
    void onAboutToBeRemoved(DownloadId id);
    void onRemoved(DownloadId id);
    QVariant display(const Download &download, int column) const;
    QVariant sortValue(const Download &download, int column) const;

    DownloadManager *m_manager = nullptr;
    QList<DownloadId> m_rows;
    QHash<DownloadId, int> m_rowOf;
    int m_removingRow = -1;
};
