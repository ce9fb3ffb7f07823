#include "speedhistory.h"

#include <algorithm>

SpeedHistory::SpeedHistory(int maxDownloads)
    : m_maxDownloads(std::max(1, maxDownloads))
{
}

void SpeedHistory::record(quint64 id, qint64 msecs, qint64 bytesPerSecond)
{
    auto it = m_rings.find(id);
    if (it == m_rings.end()) {
        if (m_rings.size() >= m_maxDownloads)
            evictOldest();
        it = m_rings.insert(id, Ring{});
        it->samples.reserve(kCapacity);
    }
    Ring &ring = *it;
    ring.lastUse = ++m_clock;
    const Sample sample{msecs, bytesPerSecond};
    if (ring.samples.size() < kCapacity) {
        ring.samples.append(sample);
        return;
    }
    ring.samples[ring.head] = sample;
    ring.head = (ring.head + 1) % kCapacity;
}

QList<QPointF> SpeedHistory::samples(quint64 id) const
{
    QList<QPointF> points;
    const auto it = m_rings.constFind(id);
    if (it == m_rings.constEnd())
        return points;
    const Ring &ring = *it;
    const qsizetype n = ring.samples.size();
    points.reserve(n);
    for (qsizetype i = 0; i < n; ++i) {
        const Sample &s = ring.samples.at((ring.head + i) % n);
        points.append(QPointF(double(s.msecs), double(s.bytesPerSecond)));
    }
    return points;
}

qint64 SpeedHistory::lastSpeed(quint64 id) const
{
    const auto it = m_rings.constFind(id);
    if (it == m_rings.constEnd() || it->samples.isEmpty())
        return -1;
    const qsizetype n = it->samples.size();
    return it->samples.at((it->head + n - 1) % n).bytesPerSecond;
}

void SpeedHistory::forget(quint64 id)
{
    m_rings.remove(id);
}

void SpeedHistory::clear()
{
    m_rings.clear();
}

// A linear scan is cheap next to a graph repaint and only runs when a new download is sampled
// while the table is full.
void SpeedHistory::evictOldest()
{
    auto oldest = m_rings.end();
    for (auto it = m_rings.begin(); it != m_rings.end(); ++it) {
        if (oldest == m_rings.end() || it->lastUse < oldest->lastUse)
            oldest = it;
    }
    if (oldest != m_rings.end())
        m_rings.erase(oldest);
}
