#include "remote/aria2status.h"

namespace {

// aria2's error_code.h, the values Gather's failures fall under.
enum Aria2ExitCode {
    kFinished = 0,
    kUnknownError = 1,
    kTimeOut = 2,
    kNetworkProblem = 6,
    kNotEnoughDiskSpace = 9,
    kFileIoError = 17,
    kHttpProtocolError = 22,
    kOptionError = 28,
    kRemoved = 31,
    kChecksumError = 32,
};

} // namespace

Aria2Status Aria2Statuses::of(DownloadState state)
{
    switch (state) {
    case DownloadState::Queued:
        return Aria2Status::Waiting;
    case DownloadState::Paused:
        return Aria2Status::Paused;
    case DownloadState::Connecting:
    case DownloadState::Downloading:
    case DownloadState::Waiting:
    case DownloadState::Verifying:
        return Aria2Status::Active;
    case DownloadState::Completed:
        return Aria2Status::Complete;
    case DownloadState::Failed:
        return Aria2Status::Error;
    case DownloadState::Cancelled:
        return Aria2Status::Removed;
    }
    return Aria2Status::Waiting;
}

QString Aria2Statuses::name(Aria2Status status)
{
    switch (status) {
    case Aria2Status::Active:
        return QStringLiteral("active");
    case Aria2Status::Waiting:
        return QStringLiteral("waiting");
    case Aria2Status::Paused:
        return QStringLiteral("paused");
    case Aria2Status::Error:
        return QStringLiteral("error");
    case Aria2Status::Complete:
        return QStringLiteral("complete");
    case Aria2Status::Removed:
        return QStringLiteral("removed");
    }
    return {};
}

int Aria2Statuses::errorCode(Aria2Status status, const DownloadError &error)
{
    if (status == Aria2Status::Complete)
        return kFinished;
    if (status == Aria2Status::Removed)
        return kRemoved;
    if (status != Aria2Status::Error)
        return kFinished;
    switch (error.kind) {
    case ErrorKind::Timeout:
        return kTimeOut;
    case ErrorKind::Network:
    case ErrorKind::Tls:
        return kNetworkProblem;
    case ErrorKind::Http:
    case ErrorKind::Protocol:
        return kHttpProtocolError;
    case ErrorKind::Disk:
        return kFileIoError;
    case ErrorKind::DiskFull:
        return kNotEnoughDiskSpace;
    case ErrorKind::Checksum:
        return kChecksumError;
    case ErrorKind::InvalidInput:
        return kOptionError;
    case ErrorKind::Cancelled:
        return kRemoved;
    case ErrorKind::None:
    case ErrorKind::TooLarge:
        break;
    }
    return kUnknownError;
}
