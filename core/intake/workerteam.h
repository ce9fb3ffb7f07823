#pragma once

#include <QtGlobal>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

// Spreads one job over a range of indexes: the calling thread works as worker 0, and helper
// threads that live as long as the team take slices too, so a parse call splits its work without
// starting threads per batch. Owned and driven by one thread; the helpers only run jobs.
class WorkerTeam final
{
public:
    // job(worker, begin, end): worker is 0 for the caller, 1..helpers for the helpers.
    using Job = std::function<void(int worker, qsizetype begin, qsizetype end)>;

    // Starts up to helpers threads; fewer if the system has no more to give.
    explicit WorkerTeam(int helpers);
    ~WorkerTeam();
    Q_DISABLE_COPY_MOVE(WorkerTeam)

    int size() const { return int(m_threads.size()) + 1; }
    // Has the helpers call job for consecutive slices of [0, count), each at most grain long, and
    // returns at once, so the caller can do other work meanwhile. job must live until finish().
    void start(qsizetype count, qsizetype grain, const Job &job);
    // Takes the slices left over on the calling thread and returns when every slice is done.
    void finish();

private:
    void helperLoop(int worker);
    void takeSlices(int worker);

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    const Job *m_job = nullptr;
    qsizetype m_count = 0;
    qsizetype m_grain = 1;
    std::atomic<qsizetype> m_next = 0;
    int m_busyHelpers = 0;  // helpers not yet done with the current job
    quint64 m_generation = 0;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};
