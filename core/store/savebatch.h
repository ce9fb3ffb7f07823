#pragma once

#include "engine/downloadsnapshot.h"

#include <QHash>
#include <QList>
#include <QSet>

// What the next write transaction must do: the newest snapshot of each id to upsert, and the ids
// to delete. Several save() calls add up to one batch in call order (a batch whose commit failed
// keeps taking later calls until one succeeds): a later snapshot of an id
// replaces an earlier one, a removal cancels an earlier save of that id, a save after a removal
// brings the id back. An id is never in both sets. Plain data; the store thread's.
class SaveBatch final
{
public:
    // One DownloadStore::save() call as it was made, merged later on the store thread so the
    // GUI thread only moves lists.
    struct Call {
        QList<DownloadSnapshot> snapshots;
        QList<DownloadId> removed;
    };

    void add(Call call);
    void clear();

    bool isEmpty() const { return m_upserts.isEmpty() && m_removed.isEmpty(); }
    const QHash<DownloadId, DownloadSnapshot> &upserts() const { return m_upserts; }
    const QSet<DownloadId> &removed() const { return m_removed; }

private:
    void upsert(DownloadSnapshot snapshot);
    void remove(DownloadId id);

    QHash<DownloadId, DownloadSnapshot> m_upserts;
    QSet<DownloadId> m_removed;
};
