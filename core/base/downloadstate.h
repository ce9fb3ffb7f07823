#pragma once

#include <QString>

// Where a download is in its life. Plain enum with helpers; any thread.
enum class DownloadState {
    Queued,       // waiting for a free slot
    Connecting,   // request sent, no accepted response yet
    Downloading,  // body flowing to the file
    Waiting,      // backing off before a retry
    Paused,       // stopped by the user (or Ctrl-C); the .part is kept
    Verifying,    // size/checksum check and rename
    Completed,
    Failed,
    Cancelled,
};

namespace DownloadStates {

// Holds a network connection slot.
inline bool isActive(DownloadState s) { return s == DownloadState::Connecting || s == DownloadState::Downloading; }
// Will make progress without anyone's action.
inline bool isPending(DownloadState s)
{
    return s == DownloadState::Queued || s == DownloadState::Waiting || isActive(s) || s == DownloadState::Verifying;
}
inline bool isFinal(DownloadState s)
{
    return s == DownloadState::Completed || s == DownloadState::Failed || s == DownloadState::Cancelled;
}
QString name(DownloadState s);

} // namespace DownloadStates
