#pragma once

#include "list/downloadlistentry.h"

#include <QDateTime>
#include <QHash>
#include <QString>

#include <vector>

// The list model's bookkeeping: an entry per download (in reusable slots), the visible rows as
// slots in display order, and the filter and sort that decide them. Computes new orders without
// emitting anything, so the model can announce each change once. GUI thread.
class DownloadListRows final
{
public:
    // Entries. A new entry is filtered out (row -1) until the model places it; erase() wants it so.
    void reserve(qsizetype more);
    int add(const Download &download, qint64 place);  // place in the queue order; returns its slot
    void erase(DownloadId id);
    void clear();  // every entry and row; the filter and sort stay
    int slotOf(DownloadId id) const { return m_slotOf.value(id, -1); }
    DownloadListEntry &at(int slot) { return m_entries[size_t(slot)]; }
    const DownloadListEntry &at(int slot) const { return m_entries[size_t(slot)]; }
    int total() const { return int(m_slotOf.size()); }
    size_t slotCount() const { return m_entries.size(); }

    // Visible rows.
    const std::vector<int> &order() const { return m_order; }
    int count() const { return int(m_order.size()); }
    const DownloadListEntry &atRow(int row) const { return at(m_order[size_t(row)]); }
    int rowOfSlot(int slot) const;  // -1 when filtered out
    int rowOf(DownloadId id) const;
    void setOrder(std::vector<int> order);
    void append(const std::vector<int> &picked);  // every one of them sorts after the last row
    void removeRows(int first, int last);

    // Filter and sort. A key is kept for every entry, shown or not, so that rows coming back
    // through a wider filter merge in without a full sort.
    void setFilter(quint32 stateMask, const QString &foldedNeedle);
    bool passes(const DownloadListEntry &entry) const;
    void setSort(int column, Qt::SortOrder order);
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    bool refreshKey(DownloadListEntry &entry);  // true when the row may have to move
    bool before(int slotA, int slotB) const;

    std::vector<int> sortedRows() const;  // the visible rows in the current sort order
    void sortSlots(std::vector<int> &picked) const;
    // The visible rows without those flagged in `dropped` (indexed by slot, or empty), with
    // `incoming` (sorted by sortSlots()) merged in at their places.
    std::vector<int> merged(const std::vector<char> &dropped, std::vector<int> incoming) const;
    // The visible rows that pass the filter now; with `widened`, also the filtered-out entries
    // that pass now, merged in at their places.
    std::vector<int> filtered(bool widened) const;

private:
    std::vector<int> mergeSorted(std::vector<int> kept, std::vector<int> incoming) const;
    void renumber(size_t from);

    std::vector<DownloadListEntry> m_entries;
    std::vector<int> m_freeSlots;
    QHash<DownloadId, int> m_slotOf;
    QHash<QString, QString> m_folderKeys;  // few distinct folders: fold each once
    std::vector<int> m_order;
    // Removing a row leaves the numbers below it up to m_staleRemovals too high, instead of
    // renumbering up to 100,000 entries per removal; rows before m_exactRows are exact.
    size_t m_exactRows = 0;
    int m_staleRemovals = 0;
    quint32 m_stateMask = ~0u;
    QString m_needle;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};
