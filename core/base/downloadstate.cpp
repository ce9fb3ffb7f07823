#include "base/downloadstate.h"

QString DownloadStates::name(DownloadState s)
{
    switch (s) {
    case DownloadState::Queued: return QStringLiteral("Queued");
    case DownloadState::Connecting: return QStringLiteral("Connecting");
    case DownloadState::Downloading: return QStringLiteral("Downloading");
    case DownloadState::Waiting: return QStringLiteral("Waiting to retry");
    case DownloadState::Paused: return QStringLiteral("Paused");
    case DownloadState::Verifying: return QStringLiteral("Verifying");
    case DownloadState::Completed: return QStringLiteral("Completed");
    case DownloadState::Failed: return QStringLiteral("Failed");
    case DownloadState::Cancelled: return QStringLiteral("Cancelled");
    }
    return {};
}
