#pragma once

#include <QtGlobal>

// How the C library's allocator treats the body batches on their way to disk: once per process,
// before any thread starts. Main thread.
//
// Body bytes travel to the disk pool in 512 KiB batches (BodyHandoff::kWriteBatch), allocated on
// the GUI thread and freed on a pool thread after the write, and Qt reads replies in blocks up to
// their 1 MiB read buffer. With glibc's defaults the freed top of the heap (a few batches at once)
// is handed back to the kernel and the next batches fault the same pages in again: 30,000-80,000
// page faults for one GiB on the project's VM, where a fault costs as much as a system call.
// Fixed thresholds keep such blocks on the heap and the freed top in place up to kTrimThreshold;
// the write budget (32 MiB) bounds what is ever held. Measured (one GiB, the build before and
// after, same session): plain HTTP 2.2-2.4 s -> 1.4-1.6 s, HTTPS 3.0-3.6 s -> 2.7-3.2 s.
namespace HeapTuning {

// Blocks this large or larger come from mmap; smaller ones, batches and Qt's read blocks
// included, from the heap. (At 1 MiB, Qt's 1 MiB blocks were mapped and unmapped each time:
// plain HTTP took 3.5 s for the GiB instead of 1.9 s.)
inline constexpr qint64 kMmapThreshold = 8 * 1024 * 1024;
// Free memory at the top of a heap is returned to the kernel only beyond this much.
inline constexpr qint64 kTrimThreshold = 32 * 1024 * 1024;

// Sets both thresholds (glibc's mallopt); returns false where the C library has no such knobs.
bool apply();

} // namespace HeapTuning
