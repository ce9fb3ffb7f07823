#include "engine/retrybackoff.h"

#include <algorithm>

qint64 RetryBackoff::delayMs(int attempt, const DownloadSettings &settings,
                             std::optional<qint64> retryAfterMs, double jitter01)
{
    if (retryAfterMs)
        return std::clamp<qint64>(*retryAfterMs, 0, settings.retryAfterCapMs);
    const int exponent = std::clamp(attempt - 1, 0, 30);
    const qint64 base = std::min<qint64>(qint64(settings.retryBaseDelayMs) << exponent,
                                         settings.retryMaxDelayMs);
    const double factor = 0.75 + 0.5 * std::clamp(jitter01, 0.0, 1.0);
    return std::min<qint64>(qint64(double(base) * factor), settings.retryMaxDelayMs);
}
