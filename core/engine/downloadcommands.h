#pragma once

#include "base/downloadstate.h"

// What a person can do to a download, and in which states each command applies: the one rule
// the engine enforces and the window's actions are enabled by. Plain functions; any thread.
enum class DownloadCommand {
    StartNow,  // start at once, past the queue
    Pause,
    Resume,
    Cancel,
    Retry,
    OpenFile,  // only a completed download has a file to open
    Move,      // to another folder, with its .part: only while nothing is being fetched
};

namespace DownloadCommands {

inline bool allows(DownloadCommand command, DownloadState state)
{
    switch (command) {
    case DownloadCommand::StartNow:
        return state == DownloadState::Queued || state == DownloadState::Paused;
    case DownloadCommand::Pause:
        return state == DownloadState::Queued || state == DownloadState::Waiting || DownloadStates::isActive(state);
    case DownloadCommand::Resume:
        return state == DownloadState::Paused;
    case DownloadCommand::Cancel:
        return !DownloadStates::isFinal(state);
    case DownloadCommand::Retry:
        return state == DownloadState::Failed || state == DownloadState::Cancelled;
    case DownloadCommand::OpenFile:
        return state == DownloadState::Completed;
    case DownloadCommand::Move:
        return state == DownloadState::Queued || state == DownloadState::Waiting || state == DownloadState::Paused
            || state == DownloadState::Failed || state == DownloadState::Cancelled;
    }
    return false;
}

} // namespace DownloadCommands
