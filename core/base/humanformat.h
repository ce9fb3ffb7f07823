#pragma once

#include <QString>

// Sizes, speeds and durations as people read them ("1.5 MiB", "2.3 MiB/s", "1:05:09").
// Stateless; any thread.
class HumanFormat final
{
public:
    static QString bytes(qint64 bytes);
    static QString speed(qint64 bytesPerSecond);
    static QString duration(qint64 seconds);  // "45 s", "3:07", "1:05:09"
};
