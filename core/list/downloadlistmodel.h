#pragma once

#include "engine/download.h"
#include "list/downloadcolumns.h"
#include "list/downloadlistrows.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

class DownloadManager;

// The download list as a table for views, sorted and filtered in place (a proxy model is too
// slow at 100,000 rows), updated from the manager's batched signals: only changed rows repaint,
// a batch moves rows in one layout change, and a batch removal takes its rows away in one
// layout change or a few row removals. Returns text and raw values, never icons or colours, so
// it is testable headless. What each column means is DownloadColumns'. GUI thread.
class DownloadListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DownloadListModel)

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        StateRole,          // DownloadState as int
        ProgressRole,       // double 0..1, or -1 when the size is unknown
        BytesReceivedRole,
        TotalBytesRole,
        SpeedRole,          // bytes per second
        ErrorRole,          // full error text
        FilePathRole,
    };
    // Which states a view shows. Active = Connecting, Downloading, Waiting, Verifying;
    // Queued = Queued, Paused; Completed = Completed; Failed = Failed, Cancelled.
    enum class StateFilter { All, Active, Queued, Completed, Failed };

    explicit DownloadListModel(DownloadManager *manager, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Column -1 (or any column out of range) is the list's own input order. Ties keep input order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const;
    Qt::SortOrder sortOrder() const;
    void setStateFilter(StateFilter filter);
    StateFilter stateFilter() const;
    void setTextFilter(const QString &text);  // case-insensitive substring of the name or the URL
    QString textFilter() const;
    int totalCount() const;  // all downloads, whatever the filter
    static bool matches(StateFilter filter, DownloadState state);

    // Dragging rows moves them in the queue order (DownloadManager::moveInQueueNextTo), only
    // while the list shows that order (no column sorted); the drag carries this model's own
    // format, which no other list or program can drop here. In downloadlistdrag.cpp.
    static QString queueRowsMimeType();
    bool showsQueueOrder() const { return sortColumn() < 0; }
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    Qt::DropActions supportedDragActions() const override { return Qt::MoveAction; }
    Qt::DropActions supportedDropActions() const override { return Qt::MoveAction; }
    QStringList mimeTypes() const override { return {queueRowsMimeType()}; }
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    QList<DownloadId> draggedIds(const QMimeData *data) const;  // empty unless dragged from this model
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    // Row is where the rows go (rowCount() or -1: after the last row); a drop on a row goes before it.
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

    DownloadId idAt(int row) const;  // 0 when out of range
    int rowOf(DownloadId id) const;  // -1 when absent or filtered out
    // The bytes received as of the last batch, as the rows show them; -1 when absent.
    qint64 receivedOf(DownloadId id) const;

private:
    // Removed rows in more runs than this leave in one layout change instead of one removal each.
    static constexpr size_t kMaxRemovedRuns = 8;

    void onAdded(const QList<DownloadId> &ids);
    void onChanged(const QList<DownloadId> &ids);
    void onAboutToBeRemoved(const QList<DownloadId> &ids);
    void applyFilter(bool widened);
    void applyOrder(std::vector<int> order, LayoutChangeHint hint);
    void emitDataChanged(const std::vector<int> &picked);

    DownloadManager *m_manager = nullptr;
    DownloadListRows m_rows;
    StateFilter m_stateFilter = StateFilter::All;
    QString m_textFilter;
};
