#include "list/downloadlistrows.h"

#include "base/shownurl.h"

#include <algorithm>
#include <array>

namespace {

// Past this many rows removed since the last renumbering, the next removal renumbers.
constexpr int kMaxStaleRemovals = 512;

// One row to sort, compact so that sorting 100,000 of them stays in the CPU cache: most text
// comparisons end at `prefix`, without reading either string.
struct SortItem {
    std::array<quint64, 2> prefix{};  // eight code units of the text past the common head, big-endian
    qint64 number = 0;
    qint64 sequence = 0;
    const QString *text = nullptr;
    int slot = 0;
    bool unknown = false;
};

std::array<quint64, 2> packedPrefix(const QString &text, qsizetype from)
{
    std::array<quint64, 2> packed{};
    for (qsizetype i = 0; i < 8; ++i) {
        const qsizetype at = from + i;
        packed[size_t(i / 4)] = packed[size_t(i / 4)] << 16 | (at < text.size() ? text[at].unicode() : 0u);
    }
    return packed;
}

} // namespace

void DownloadListRows::reserve(qsizetype more)
{
    // Growth stays geometric: reserving exactly one more per single add would copy every time.
    const size_t needed = m_entries.size() + size_t(more);
    if (needed > m_entries.capacity())
        m_entries.reserve(std::max(needed, m_entries.capacity() * 2));
    if (m_slotOf.size() + more > m_slotOf.capacity())
        m_slotOf.reserve(std::max(m_slotOf.size() + more, m_slotOf.capacity() * 2));
}

int DownloadListRows::add(const Download &download, qint64 place)
{
    int slot = 0;
    if (m_freeSlots.empty()) {
        slot = int(m_entries.size());
        m_entries.emplace_back();
    } else {
        slot = m_freeSlots.back();
        m_freeSlots.pop_back();
    }
    DownloadListEntry &entry = at(slot);
    entry.download = &download;
    entry.id = download.id();
    entry.sequence = place;
    entry.state = download.state();
    entry.received = download.bytesReceived();
    entry.addedMs = download.addedAt().toMSecsSinceEpoch();  // UTC: no time-zone work
    entry.leaf = download.fileName();
    entry.name = DownloadColumns::shownName(download).toCaseFolded();
    entry.url = ShownUrl::of(download.url()).toCaseFolded();
    const QString &dir = download.entry().dir;
    auto folder = m_folderKeys.constFind(dir);
    if (folder == m_folderKeys.cend())
        folder = m_folderKeys.insert(dir, DownloadSortKey::naturalKey(download.folder().toCaseFolded()));
    entry.folder = *folder;
    if (m_sortColumn >= 0)
        entry.key = entry.keyFor(m_sortColumn);
    m_slotOf.insert(entry.id, slot);
    return slot;
}

void DownloadListRows::erase(DownloadId id)
{
    const int slot = m_slotOf.take(id);
    Q_ASSERT(at(slot).row < 0);
    at(slot) = DownloadListEntry{};
    m_freeSlots.push_back(slot);
}

void DownloadListRows::clear()
{
    m_entries.clear();
    m_freeSlots.clear();
    m_slotOf.clear();
    m_order.clear();
    m_exactRows = 0;
    m_staleRemovals = 0;
}

int DownloadListRows::rowOfSlot(int slot) const
{
    const int stored = at(slot).row;
    if (stored < 0 || size_t(stored) < m_exactRows)
        return stored;
    // The true row is at most m_staleRemovals before the stored one.
    const size_t first = std::max(m_exactRows, size_t(std::max(0, stored - m_staleRemovals)));
    const size_t last = std::min(size_t(stored) + 1, m_order.size());
    const auto found = std::find(m_order.begin() + qsizetype(first), m_order.begin() + qsizetype(last), slot);
    Q_ASSERT(found != m_order.begin() + qsizetype(last));
    return int(found - m_order.begin());
}

int DownloadListRows::rowOf(DownloadId id) const
{
    const int slot = slotOf(id);
    return slot < 0 ? -1 : rowOfSlot(slot);
}

void DownloadListRows::renumber(size_t from)
{
    for (size_t row = from; row < m_order.size(); ++row)
        at(m_order[row]).row = int(row);
    m_exactRows = m_order.size();
    m_staleRemovals = 0;
}

void DownloadListRows::setOrder(std::vector<int> order)
{
    // Only the stretch between the common head and the common tail moved; a tail keeps its row
    // numbers only when the count did not change and none of them is stale.
    size_t head = 0;
    const size_t common = std::min(order.size(), m_order.size());
    while (head < common && order[head] == m_order[head])
        ++head;
    size_t tail = 0;
    if (order.size() == m_order.size() && m_staleRemovals == 0) {
        while (tail < common - head && order[order.size() - 1 - tail] == m_order[m_order.size() - 1 - tail])
            ++tail;
    }
    for (size_t row = head; row < m_order.size() - tail; ++row)
        at(m_order[row]).row = -1;
    m_order = std::move(order);
    const size_t from = std::min(head, m_exactRows);
    for (size_t row = from; row < m_order.size() - tail; ++row)
        at(m_order[row]).row = int(row);
    m_exactRows = m_order.size();
    m_staleRemovals = 0;
}

void DownloadListRows::append(const std::vector<int> &picked)
{
    const bool exact = m_staleRemovals == 0;
    const size_t first = m_order.size();
    m_order.insert(m_order.end(), picked.begin(), picked.end());
    for (size_t row = first; row < m_order.size(); ++row)
        at(m_order[row]).row = int(row);
    if (exact)
        m_exactRows = m_order.size();
}

void DownloadListRows::removeRows(int first, int last)
{
    for (int row = first; row <= last; ++row)
        at(m_order[size_t(row)]).row = -1;
    m_order.erase(m_order.begin() + first, m_order.begin() + last + 1);
    m_exactRows = std::min(m_exactRows, size_t(first));
    m_staleRemovals += last - first + 1;
    if (m_staleRemovals > kMaxStaleRemovals)
        renumber(m_exactRows);
    else if (m_exactRows == m_order.size())
        m_staleRemovals = 0;  // the last rows went: nothing is stale
}

void DownloadListRows::setFilter(quint32 stateMask, const QString &foldedNeedle)
{
    m_stateMask = stateMask;
    m_needle = foldedNeedle;
}

bool DownloadListRows::passes(const DownloadListEntry &entry) const
{
    return (m_stateMask >> unsigned(entry.state) & 1u) && (m_needle.isEmpty() || entry.contains(m_needle));
}

void DownloadListRows::setSort(int column, Qt::SortOrder order)
{
    const bool newKeys = column != m_sortColumn;
    m_sortColumn = column;
    m_sortOrder = order;
    if (!newKeys)
        return;
    for (DownloadListEntry &entry : m_entries) {
        if (entry.download)
            entry.key = column >= 0 ? entry.keyFor(column) : DownloadSortKey{};
    }
}

bool DownloadListRows::refreshKey(DownloadListEntry &entry)
{
    if (m_sortColumn < 0)
        return false;
    DownloadSortKey key = entry.keyFor(m_sortColumn);
    if (key == entry.key)
        return false;
    entry.key = std::move(key);
    return true;
}

bool DownloadListRows::before(int slotA, int slotB) const
{
    const DownloadListEntry &a = at(slotA);
    const DownloadListEntry &b = at(slotB);
    if (m_sortColumn >= 0) {
        if (a.key.unknown != b.key.unknown)
            return b.key.unknown;
        const int c = DownloadSortKey::compare(a.key, b.key);
        if (c != 0)
            return m_sortOrder == Qt::AscendingOrder ? c < 0 : c > 0;
    }
    return a.sequence < b.sequence;  // ties keep input order in both directions
}

std::vector<int> DownloadListRows::sortedRows() const
{
    // Collected in slot order, which is memory order: sortSlots() reads each entry once.
    std::vector<int> picked;
    picked.reserve(m_order.size());
    for (size_t slot = 0; slot < m_entries.size(); ++slot) {
        if (m_entries[slot].row >= 0)
            picked.push_back(int(slot));
    }
    sortSlots(picked);
    return picked;
}

void DownloadListRows::sortSlots(std::vector<int> &picked) const
{
    if (picked.size() < 2)
        return;
    std::vector<SortItem> items(picked.size());
    const QString *head = nullptr;
    qsizetype common = 0;
    for (size_t i = 0; i < picked.size(); ++i) {
        const DownloadListEntry &entry = at(picked[i]);
        SortItem &item = items[i];
        item.slot = picked[i];
        item.sequence = entry.sequence;
        if (m_sortColumn < 0)
            continue;
        item.number = entry.key.number;
        item.unknown = entry.key.unknown;
        if (entry.key.text.isEmpty())
            continue;
        item.text = &entry.key.text;
        if (!head) {
            head = item.text;
            common = head->size();
        }
        common = std::min(common, qsizetype(std::mismatch(head->cbegin(), head->cbegin() + std::min(common, item.text->size()),
                                                          item.text->cbegin()).first - head->cbegin()));
    }
    for (SortItem &item : items) {
        if (item.text)
            item.prefix = packedPrefix(*item.text, common);
    }
    const bool ascending = m_sortOrder == Qt::AscendingOrder;
    // The input order breaks every tie, so the order is total and std::sort is as stable as
    // std::stable_sort, and faster.
    std::sort(items.begin(), items.end(), [ascending, common](const SortItem &a, const SortItem &b) {
        if (a.unknown != b.unknown)
            return b.unknown;
        if (a.number != b.number)
            return ascending == (a.number < b.number);
        if (a.prefix != b.prefix)
            return ascending == (a.prefix < b.prefix);
        if (a.text && b.text) {
            const int c = QStringView(*a.text).sliced(common).compare(QStringView(*b.text).sliced(common));
            if (c != 0)
                return ascending == (c < 0);
        } else if (a.text != b.text) {
            return ascending == (b.text != nullptr);  // empty text first
        }
        return a.sequence < b.sequence;
    });
    for (size_t i = 0; i < items.size(); ++i)
        picked[i] = items[i].slot;
}

std::vector<int> DownloadListRows::mergeSorted(std::vector<int> kept, std::vector<int> incoming) const
{
    if (incoming.empty())
        return kept;
    if (incoming.size() * 8 >= kept.size()) {
        kept.insert(kept.end(), incoming.begin(), incoming.end());
        sortSlots(kept);
        return kept;
    }
    // A few rows: find each place by binary search instead of comparing every row.
    sortSlots(incoming);
    std::vector<int> result;
    result.reserve(kept.size() + incoming.size());
    auto from = kept.cbegin();
    for (int slot : incoming) {
        const auto place = std::upper_bound(from, kept.cend(), slot, [this](int a, int b) { return before(a, b); });
        result.insert(result.end(), from, place);
        result.push_back(slot);
        from = place;
    }
    result.insert(result.end(), from, kept.cend());
    return result;
}

std::vector<int> DownloadListRows::merged(const std::vector<char> &dropped, std::vector<int> incoming) const
{
    std::vector<int> kept;
    if (dropped.empty()) {
        kept = m_order;
    } else {
        kept.reserve(m_order.size());
        for (int slot : m_order) {
            if (!dropped[size_t(slot)])
                kept.push_back(slot);
        }
    }
    return mergeSorted(std::move(kept), std::move(incoming));
}

std::vector<int> DownloadListRows::filtered(bool widened) const
{
    // Entries in slot order (sequential memory), not row order: the test reads each once.
    std::vector<char> pass(m_entries.size());
    std::vector<int> incoming;
    for (size_t slot = 0; slot < m_entries.size(); ++slot) {
        const DownloadListEntry &entry = m_entries[slot];
        if (!entry.download || (entry.row < 0 && !widened))
            continue;
        pass[slot] = passes(entry);
        if (pass[slot] && entry.row < 0)
            incoming.push_back(int(slot));
    }
    std::vector<int> kept;
    kept.reserve(m_order.size());
    for (int slot : m_order) {
        if (pass[size_t(slot)])
            kept.push_back(slot);
    }
    return mergeSorted(std::move(kept), std::move(incoming));
}
