#pragma once

#include <QtGlobal>

#include <vector>

// Entry indexes by duplicate-key hash, for UrlListParser: open addressing, linear probing, 8 bytes
// a slot. Unlike QHash its slots can be prefetched. Only 32 bits of each hash are kept, so equal
// hashes do not prove equal keys: the caller compares them. Owned by one parse call, on its thread.
class KeyHashIndex final
{
public:
    // Makes room for count keys without rehashing.
    void reserve(qsizetype count);
    void prefetch(size_t hash) const
    {
#if defined(__GNUC__)
        __builtin_prefetch(&m_slots[tagOf(hash) & m_mask]);
#else
        Q_UNUSED(hash);
#endif
    }
    // The index stored for the first hash that matches hash; if there is none, stores index and
    // returns -1.
    qsizetype findOrInsert(size_t hash, qsizetype index);

private:
    struct Slot {
        quint32 tag = 0;
        qint32 index = -1;
    };

    static quint32 tagOf(size_t hash) { return quint32(quint64(hash) ^ (quint64(hash) >> 32)); }
    void rehash(qsizetype capacity);

    std::vector<Slot> m_slots = std::vector<Slot>(16);
    quint32 m_mask = 15;
    qsizetype m_size = 0;
};
