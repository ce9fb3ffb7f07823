#include "remote/stoppedresults.h"

void StoppedResults::add(DownloadId id)
{
    if (m_listed.contains(id))
        return;
    m_listed.insert(id, true);
    m_ids.append(id);
    ++m_total;
}

void StoppedResults::remove(DownloadId id)
{
    if (m_listed.remove(id))
        m_ids.removeOne(id);
}
