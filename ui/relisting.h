#pragma once

#include "base/downloadstate.h"
#include "base/urlentry.h"
#include "engine/download.h"

#include <QString>

class DownloadManager;

// What adding a URL again does to the download the list already holds with it: a completed one
// is left alone (it is downloaded), a paused, failed or cancelled one is resumed, one on its way
// is left to go on. The one rule the Add dialog's words and UrlIntake's action share, so what the
// dialog promises is what OK does. Plain functions; GUI thread.
namespace Relisting {

enum class Outcome {
    Downloaded,  // Completed: nothing to do
    Resumes,     // Paused, Failed or Cancelled: resume() starts it again
    OnItsWay,    // queued, waiting or transferring already
};

Outcome outcomeFor(DownloadState state);
// The words for the Add dialog's row: "Already downloaded", "In the list: will resume", ...
QString describe(Outcome outcome);
// Resumes (or retries) the download when its state calls for it; true when it did.
bool resume(DownloadManager &manager, DownloadId id);

} // namespace Relisting

// A link the download list already holds, and what adding it again does. Plain data.
struct ListedLink {
    UrlEntry entry;
    Relisting::Outcome outcome = Relisting::Outcome::Downloaded;
};
