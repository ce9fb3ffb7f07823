#pragma once

#include "base/downloadsettings.h"

#include <QtGlobal>
#include <optional>

// How long to wait before retry number `attempt` (1-based): exponential from the base delay,
// capped, with +-25% jitter so many failed downloads do not return in lockstep; a server's
// Retry-After wins, cut to its own cap. Stateless; any thread.
class RetryBackoff final
{
public:
    static qint64 delayMs(int attempt, const DownloadSettings &settings,
                          std::optional<qint64> retryAfterMs, double jitter01);
};
