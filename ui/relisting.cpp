#include "relisting.h"

#include "engine/downloadmanager.h"

#include <QCoreApplication>

namespace Relisting {

Outcome outcomeFor(DownloadState state)
{
    switch (state) {
    case DownloadState::Completed:
        return Outcome::Downloaded;
    case DownloadState::Paused:
    case DownloadState::Failed:
    case DownloadState::Cancelled:
        return Outcome::Resumes;
    case DownloadState::Queued:
    case DownloadState::Connecting:
    case DownloadState::Downloading:
    case DownloadState::Waiting:
    case DownloadState::Verifying:
        break;
    }
    return Outcome::OnItsWay;
}

QString describe(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Downloaded:
        return QCoreApplication::translate("Relisting", "Already downloaded");
    case Outcome::Resumes:
        return QCoreApplication::translate("Relisting", "In the list: will resume");
    case Outcome::OnItsWay:
        break;
    }
    return QCoreApplication::translate("Relisting", "In the list: already on its way");
}

bool resume(DownloadManager &manager, DownloadId id)
{
    const Download *download = manager.download(id);
    if (!download || outcomeFor(download->state()) != Outcome::Resumes)
        return false;
    // The commands the window's Resume and Retry give: each applies in only some of these states.
    if (download->state() == DownloadState::Paused)
        manager.resume(id);
    else
        manager.retry(id);
    return true;
}

} // namespace Relisting
