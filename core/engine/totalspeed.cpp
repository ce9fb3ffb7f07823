#include "engine/totalspeed.h"

#include <algorithm>

void TotalSpeed::stopped(DownloadId id, qint64 bytes)
{
    const auto it = m_base.constFind(id);
    if (it == m_base.cend())
        return;
    m_done += std::max<qint64>(0, bytes - it.value());
    m_base.erase(it);
}

void TotalSpeed::sample(qint64 activeGained)
{
    m_last = std::max(m_last, m_done + activeGained);
    m_meter.sample(m_clock.elapsed(), m_last);
}

void TotalSpeed::idle()
{
    m_meter.reset(m_clock.elapsed(), m_last);
}
