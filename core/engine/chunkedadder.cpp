#include "engine/chunkedadder.h"

#include "engine/downloadmanager.h"

#include <QElapsedTimer>
#include <QTimer>

ChunkedAdder::ChunkedAdder(DownloadManager *manager, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
{
}

void ChunkedAdder::add(QList<UrlEntry> entries)
{
    if (entries.isEmpty())
        return;
    if (!isBusy()) {
        m_entries = std::move(entries);
        m_next = 0;
    } else {
        m_entries += std::move(entries);
    }
    m_manager->reserve(m_manager->count() + pendingCount());
    if (!m_scheduled)
        addSlice();
}

void ChunkedAdder::addSlice()
{
    m_scheduled = false;
    if (!isBusy())
        return;
    const qsizetype count = std::min(m_slice, m_entries.size() - m_next);
    QElapsedTimer clock;
    clock.start();
    const QList<DownloadId> ids = m_manager->add(m_entries.mid(m_next, count));
    m_next += count;
    // A zero timer, unlike a queued call, lets paint events and timers run between slices.
    // Size the next slice from what this one cost, so a slow machine still keeps turns short.
    const qint64 spentMs = std::max<qint64>(1, clock.elapsed());
    m_slice = std::clamp<qsizetype>(count * kSliceBudgetMs / spentMs, 100, std::max<qsizetype>(100, std::min<qsizetype>(2 * count, 20'000)));
    Q_EMIT added(ids);
    if (isBusy()) {
        m_scheduled = true;
        QTimer::singleShot(0, this, &ChunkedAdder::addSlice);
        return;
    }
    m_entries.clear();
    m_next = 0;
    Q_EMIT finished();
}
