#include "store/savebatch.h"

void SaveBatch::add(Call call)
{
    if (m_upserts.isEmpty())
        m_upserts.reserve(call.snapshots.size());
    for (DownloadSnapshot &snapshot : call.snapshots)
        upsert(std::move(snapshot));
    // Within one call the removals come after the snapshots, as the signature reads.
    for (DownloadId id : std::as_const(call.removed))
        remove(id);
}

void SaveBatch::clear()
{
    m_upserts.clear();
    m_removed.clear();
}

void SaveBatch::upsert(DownloadSnapshot snapshot)
{
    m_removed.remove(snapshot.id);
    const DownloadId id = snapshot.id;
    m_upserts.emplace(id, std::move(snapshot));
}

void SaveBatch::remove(DownloadId id)
{
    m_upserts.remove(id);
    m_removed.insert(id);
}
