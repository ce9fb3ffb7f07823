#include "list/downloadlistmodel.h"

#include "engine/downloadmanager.h"

#include <algorithm>
#include <utility>
#include <vector>

DownloadListModel::DownloadListModel(DownloadManager *manager, QObject *parent)
    : QAbstractTableModel(parent)
    , m_manager(manager)
{
    connect(manager, &DownloadManager::downloadsAdded, this, &DownloadListModel::onAdded);
    connect(manager, &DownloadManager::capacityReserved, this, [this](qsizetype total) {
        m_rows.reserve(std::max<qsizetype>(0, total - m_rows.total()));
    });
    connect(manager, &DownloadManager::downloadsChanged, this, &DownloadListModel::onChanged);
    // The rows go while their downloads still exist, so views never see one that is gone.
    connect(manager, &DownloadManager::downloadsAboutToBeRemoved, this, &DownloadListModel::onAboutToBeRemoved);
    onAdded(manager->ids());
}

int DownloadListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows.count();
}

int DownloadListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : DownloadColumns::Count;
}

DownloadId DownloadListModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.count() ? m_rows.atRow(row).id : 0;
}

int DownloadListModel::rowOf(DownloadId id) const
{
    return m_rows.rowOf(id);
}

qint64 DownloadListModel::receivedOf(DownloadId id) const
{
    const int slot = m_rows.slotOf(id);
    return slot >= 0 ? m_rows.at(slot).received : -1;
}

int DownloadListModel::totalCount() const
{
    return m_rows.total();
}

void DownloadListModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= DownloadColumns::Count)
        column = -1;
    if (column == m_rows.sortColumn() && (column < 0 || order == m_rows.sortOrder()))
        return;
    m_rows.setSort(column, order);
    applyOrder(m_rows.sortedRows(), VerticalSortHint);
}

int DownloadListModel::sortColumn() const
{
    return m_rows.sortColumn();
}

Qt::SortOrder DownloadListModel::sortOrder() const
{
    return m_rows.sortOrder();
}

bool DownloadListModel::matches(StateFilter filter, DownloadState state)
{
    switch (filter) {
    case StateFilter::All:
        return true;
    case StateFilter::Active:
        return DownloadStates::isPending(state) && state != DownloadState::Queued;
    case StateFilter::Queued:
        return state == DownloadState::Queued || state == DownloadState::Paused;
    case StateFilter::Completed:
        return state == DownloadState::Completed;
    case StateFilter::Failed:
        return state == DownloadState::Failed || state == DownloadState::Cancelled;
    }
    return false;
}

void DownloadListModel::setStateFilter(StateFilter filter)
{
    if (filter == m_stateFilter)
        return;
    // Only All contains another filter; between two others every row may change.
    const bool widened = m_stateFilter != StateFilter::All;
    m_stateFilter = filter;
    applyFilter(widened);
}

DownloadListModel::StateFilter DownloadListModel::stateFilter() const
{
    return m_stateFilter;
}

void DownloadListModel::setTextFilter(const QString &text)
{
    if (text == m_textFilter)
        return;
    // A longer needle that contains the old one can only hide rows.
    const bool widened = !text.toCaseFolded().contains(m_textFilter.toCaseFolded());
    m_textFilter = text;
    applyFilter(widened);
}

QString DownloadListModel::textFilter() const
{
    return m_textFilter;
}

void DownloadListModel::applyFilter(bool widened)
{
    quint32 mask = 0;
    for (int state = 0; state <= int(DownloadState::Cancelled); ++state) {
        if (matches(m_stateFilter, DownloadState(state)))
            mask |= 1u << state;
    }
    m_rows.setFilter(mask, m_textFilter.toCaseFolded());
    applyOrder(m_rows.filtered(widened), NoLayoutChangeHint);
}

void DownloadListModel::applyOrder(std::vector<int> order, LayoutChangeHint hint)
{
    if (order == m_rows.order())
        return;
    // One layout change whatever moved, came or went: views and selections remap their
    // persistent indexes once instead of handling thousands of inserts and removals.
    Q_EMIT layoutAboutToBeChanged({}, hint);
    const QModelIndexList from = persistentIndexList();
    std::vector<int> persistentSlots;
    persistentSlots.reserve(size_t(from.size()));
    for (const QModelIndex &persistent : from) {
        const bool inRange = persistent.row() >= 0 && persistent.row() < m_rows.count();
        persistentSlots.push_back(inRange ? m_rows.order()[size_t(persistent.row())] : -1);
    }
    m_rows.setOrder(std::move(order));
    QModelIndexList to;
    to.reserve(from.size());
    for (qsizetype i = 0; i < from.size(); ++i) {
        const int slot = persistentSlots[size_t(i)];
        const int row = slot >= 0 ? m_rows.rowOfSlot(slot) : -1;
        to.append(row >= 0 ? index(row, from[i].column()) : QModelIndex());
    }
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged({}, hint);
}

void DownloadListModel::onAdded(const QList<DownloadId> &ids)
{
    std::vector<int> shown;
    shown.reserve(size_t(ids.size()));
    m_rows.reserve(ids.size());
    for (DownloadId id : ids) {
        const Download *download = m_manager->download(id);
        if (!download || m_rows.slotOf(id) >= 0)
            continue;
        const int slot = m_rows.add(*download, m_manager->placeInQueue(id));
        if (m_rows.passes(m_rows.at(slot)))
            shown.push_back(slot);
    }
    if (shown.empty())
        return;
    m_rows.sortSlots(shown);
    const std::vector<int> &order = m_rows.order();
    if (!order.empty() && !m_rows.before(order.back(), shown.front())) {
        applyOrder(m_rows.merged({}, std::move(shown)), NoLayoutChangeHint);
        return;
    }
    // Unsorted, or sorted and all of them after the last row: one contiguous insert.
    const int first = m_rows.count();
    beginInsertRows({}, first, first + int(shown.size()) - 1);
    m_rows.append(shown);
    endInsertRows();
}

void DownloadListModel::onChanged(const QList<DownloadId> &ids)
{
    std::vector<int> changed;
    std::vector<int> incoming;  // rows that move or come in through the filter
    std::vector<char> dropped;  // by slot: rows that move or leave
    bool sameRows = true;
    changed.reserve(size_t(ids.size()));
    for (DownloadId id : ids) {
        const int slot = m_rows.slotOf(id);
        if (slot < 0)
            continue;
        DownloadListEntry &entry = m_rows.at(slot);
        changed.push_back(slot);
        entry.state = entry.download->state();
        entry.received = entry.download->bytesReceived();
        entry.readName();
        // A download moved in the queue moves in the list too: the place breaks every tie.
        const qint64 place = m_manager->placeInQueue(id);
        const bool moved = place != entry.sequence;
        entry.sequence = place;
        const bool keyChanged = m_rows.refreshKey(entry) || moved;
        const bool shown = entry.row >= 0;
        const bool passes = m_rows.passes(entry);
        if (shown && (keyChanged || !passes)) {
            if (dropped.empty())
                dropped.resize(m_rows.slotCount());
            dropped[size_t(slot)] = 1;
        }
        if (passes && (keyChanged || !shown))
            incoming.push_back(slot);
        sameRows = sameRows && shown == passes;
    }
    if (!dropped.empty() || !incoming.empty())
        applyOrder(m_rows.merged(dropped, std::move(incoming)), sameRows ? VerticalSortHint : NoLayoutChangeHint);
    emitDataChanged(changed);
}

void DownloadListModel::emitDataChanged(const std::vector<int> &picked)
{
    // One dataChanged per contiguous run of rows keeps repaints to what changed.
    std::vector<int> rows;
    rows.reserve(picked.size());
    for (int slot : picked) {
        const int row = m_rows.rowOfSlot(slot);
        if (row >= 0)
            rows.push_back(row);
    }
    std::sort(rows.begin(), rows.end());
    for (size_t i = 0; i < rows.size();) {
        size_t j = i;
        while (j + 1 < rows.size() && rows[j + 1] == rows[j] + 1)
            ++j;
        Q_EMIT dataChanged(index(rows[i], 0), index(rows[j], DownloadColumns::Count - 1));
        i = j + 1;
    }
}

void DownloadListModel::onAboutToBeRemoved(const QList<DownloadId> &ids)
{
    // Everything goes ("select all, remove"; the manager names each download once): one removal
    // of the shown rows, no entry-by-entry bookkeeping.
    const auto known = std::count_if(ids.cbegin(), ids.cend(), [this](DownloadId id) { return m_rows.slotOf(id) >= 0; });
    if (known == m_rows.total()) {
        const bool shown = m_rows.count() > 0;
        if (shown)
            beginRemoveRows({}, 0, m_rows.count() - 1);
        m_rows.clear();
        if (shown)
            endRemoveRows();
        return;
    }
    std::vector<char> going(m_rows.slotCount());
    for (DownloadId id : ids) {
        if (const int slot = m_rows.slotOf(id); slot >= 0)
            going[size_t(slot)] = 1;
    }
    // Runs of shown rows that go, found in one walk without sorting.
    std::vector<std::pair<int, int>> runs;
    const std::vector<int> &order = m_rows.order();
    for (size_t row = 0; row < order.size() && runs.size() <= kMaxRemovedRuns; ++row) {
        if (!going[size_t(order[row])])
            continue;
        if (!runs.empty() && runs.back().second == int(row) - 1)
            runs.back().second = int(row);
        else
            runs.emplace_back(int(row), int(row));
    }
    if (runs.size() > kMaxRemovedRuns) {
        // Scattered rows: each beginRemoveRows() would make Qt walk every persistent index (a
        // selection holds one per selected row) and every view renumber its rows, so thousands
        // of them take seconds. One layout change does it once; the columns stay as they are,
        // which is what VerticalSortHint promises, and lets a selection track one index per row
        // instead of one per cell.
        applyOrder(m_rows.merged(going, {}), VerticalSortHint);
    } else {
        // A few runs (one for "select all, remove"): plain removals, bottom first so that the
        // row numbers of the runs above still hold.
        for (auto run = runs.crbegin(); run != runs.crend(); ++run) {
            beginRemoveRows({}, run->first, run->second);
            m_rows.removeRows(run->first, run->second);
            endRemoveRows();
        }
    }
    for (DownloadId id : ids) {
        if (m_rows.slotOf(id) >= 0)
            m_rows.erase(id);
    }
}

QVariant DownloadListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    // The state and bytes come from the entry, as of the last batch: a repaint between batches
    // (hover, scrolling) shows what the details pane shows, not a fresher percentage.
    const DownloadListEntry &entry = m_rows.atRow(index.row());
    const Download *d = entry.download;
    switch (role) {
    case Qt::DisplayRole: return DownloadColumns::display(entry, index.column());
    case Qt::ToolTipRole:
        return index.column() == DownloadColumns::Status && d->error().isError() ? d->error().message
                                                                                  : DownloadColumns::display(entry, index.column());
    case IdRole: return QVariant::fromValue(d->id());
    case StateRole: return int(entry.state);
    case ProgressRole: return DownloadColumns::progress(entry);
    case BytesReceivedRole: return entry.received;
    case TotalBytesRole: return d->totalBytes();
    case SpeedRole: return d->bytesPerSecond();
    case ErrorRole: return d->error().message;
    case FilePathRole: return d->filePath();
    default: return {};
    }
}

QVariant DownloadListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= DownloadColumns::Count)
        return {};
    return DownloadColumns::title(section);
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
