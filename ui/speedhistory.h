#pragma once

#include <QHash>
#include <QList>
#include <QPointF>
#include <QVector>

// Recent speed samples of each download for the details pane's graph, in fixed rings so memory
// stays bounded at kCapacity samples for each of at most maxDownloads downloads. GUI thread.
class SpeedHistory final
{
public:
    static constexpr int kCapacity = 120;  // samples kept per download

    // Beyond maxDownloads, the downloads sampled least recently are forgotten.
    explicit SpeedHistory(int maxDownloads = 1000);

    void record(quint64 id, qint64 msecs, qint64 bytesPerSecond);
    QList<QPointF> samples(quint64 id) const;  // x = ms, y = bytes/s, oldest first
    // The newest sample's speed; -1 when the download has none.
    qint64 lastSpeed(quint64 id) const;
    void forget(quint64 id);
    void clear();
    qsizetype downloadCount() const { return m_rings.size(); }

private:
    struct Sample {
        qint64 msecs = 0;
        qint64 bytesPerSecond = 0;
    };
    struct Ring {
        QVector<Sample> samples;  // grows to kCapacity, then wraps at head
        int head = 0;
        quint64 lastUse = 0;
    };

    void evictOldest();

    QHash<quint64, Ring> m_rings;
    int m_maxDownloads;
    quint64 m_clock = 0;
};
