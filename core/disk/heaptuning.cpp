#include "disk/heaptuning.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

bool HeapTuning::apply()
{
#if defined(__GLIBC__)
    // Setting either threshold also turns off glibc's own adjusting of both, which would raise
    // the mmap threshold after the first freed batch but still trim the heap top at twice that.
    return mallopt(M_MMAP_THRESHOLD, int(kMmapThreshold)) == 1 && mallopt(M_TRIM_THRESHOLD, int(kTrimThreshold)) == 1;
#else
    return false;
#endif
}
