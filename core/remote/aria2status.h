#pragma once

#include "base/downloaderror.h"
#include "base/downloadstate.h"

#include <QString>

// A download's state as aria2 names it. Gather's states map onto aria2's six: Connecting,
// Downloading, Waiting (a retry's backoff) and Verifying are "active"; Queued is "waiting";
// Cancelled is aria2's "removed". Plain enum with helpers; any thread.
enum class Aria2Status { Active, Waiting, Paused, Error, Complete, Removed };

namespace Aria2Statuses {

Aria2Status of(DownloadState state);
QString name(Aria2Status status);  // "active", "waiting", ...
// Stopped: what aria2 keeps in its download results (tellStopped).
inline bool isStopped(Aria2Status s)
{
    return s == Aria2Status::Error || s == Aria2Status::Complete || s == Aria2Status::Removed;
}
// aria2's exit status for a stopped download (0 finished, 31 removed, 6 network problem, ...).
int errorCode(Aria2Status status, const DownloadError &error);

} // namespace Aria2Statuses
