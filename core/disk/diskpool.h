#pragma once

#include <QThread>
#include <QThreadPool>
#include <algorithm>

// How the disk QThreadPool (writers, list loading, free-space probes) is sized; any thread.
namespace DiskPool {

// A pool thread spends most of a small file's finish blocked in fdatasync, using no CPU.
// With only a couple of threads, those waits queued every other file's writes behind them and
// each flush went to the device alone; with this many, the files finishing together wait side by
// side and the journal commits their flushes together while writes keep a free thread.
inline constexpr int kMinThreads = 32;

inline void configure(QThreadPool &pool)
{
    pool.setMaxThreadCount(std::max(kMinThreads, QThread::idealThreadCount()));
}

} // namespace DiskPool
