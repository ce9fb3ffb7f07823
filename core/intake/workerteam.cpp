#include "intake/workerteam.h"

#include <algorithm>
#include <system_error>

WorkerTeam::WorkerTeam(int helpers)
{
    m_threads.reserve(size_t(qMax(helpers, 0)));
    for (int worker = 1; worker <= helpers; ++worker) {
        // Out of threads is no reason to fail: the team is just smaller.
        try {
            m_threads.emplace_back([this, worker] { helperLoop(worker); });
        } catch (const std::system_error &) {
            break;
        }
    }
}

WorkerTeam::~WorkerTeam()
{
    Q_ASSERT(!m_job);
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    for (std::thread &thread : m_threads)
        thread.join();
}

void WorkerTeam::start(qsizetype count, qsizetype grain, const Job &job)
{
    Q_ASSERT(!m_job);
    const std::lock_guard lock(m_mutex);
    m_job = &job;
    m_count = count;
    m_grain = qMax<qsizetype>(grain, 1);
    m_next.store(0, std::memory_order_relaxed);
    if (count <= 0 || m_threads.empty())
        return;
    m_busyHelpers = int(m_threads.size());
    ++m_generation;
    m_wake.notify_all();
}

void WorkerTeam::finish()
{
    if (!m_job)
        return;
    takeSlices(0);
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return m_busyHelpers == 0; });
    m_job = nullptr;
}

void WorkerTeam::helperLoop(int worker)
{
    quint64 seen = 0;
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_stopping || m_generation != seen; });
            if (m_stopping)
                return;
            seen = m_generation;
        }
        takeSlices(worker);
        const std::lock_guard lock(m_mutex);
        if (--m_busyHelpers == 0)
            m_idle.notify_one();
    }
}

void WorkerTeam::takeSlices(int worker)
{
    for (;;) {
        const qsizetype begin = m_next.fetch_add(m_grain, std::memory_order_relaxed);
        if (begin >= m_count)
            return;
        (*m_job)(worker, begin, std::min(begin + m_grain, m_count));
    }
}
