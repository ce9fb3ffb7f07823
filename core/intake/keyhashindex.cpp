#include "intake/keyhashindex.h"

#include <limits>
#include <utility>

void KeyHashIndex::reserve(qsizetype count)
{
    qsizetype capacity = 16;
    while (capacity < count * 2)
        capacity *= 2;
    if (capacity > qsizetype(m_slots.size()))
        rehash(capacity);
}

qsizetype KeyHashIndex::findOrInsert(size_t hash, qsizetype index)
{
    Q_ASSERT(index >= 0 && index < std::numeric_limits<qint32>::max());
    if ((m_size + 1) * 2 > qsizetype(m_slots.size()))
        rehash(qsizetype(m_slots.size()) * 2);
    const quint32 tag = tagOf(hash);
    quint32 i = tag & m_mask;
    for (; m_slots[i].index >= 0; i = (i + 1) & m_mask) {
        if (m_slots[i].tag == tag)
            return m_slots[i].index;
    }
    m_slots[i] = {tag, qint32(index)};
    ++m_size;
    return -1;
}

void KeyHashIndex::rehash(qsizetype capacity)
{
    // The tag is the slot number's source, so the table can grow without the keys.
    const std::vector<Slot> old = std::exchange(m_slots, std::vector<Slot>(size_t(capacity)));
    m_mask = quint32(capacity - 1);
    for (const Slot &slot : old) {
        if (slot.index < 0)
            continue;
        quint32 i = slot.tag & m_mask;
        while (m_slots[i].index >= 0)
            i = (i + 1) & m_mask;
        m_slots[i] = slot;
    }
}
