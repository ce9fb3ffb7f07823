#pragma once

#include "engine/downloadsnapshot.h"

// Makes an unfinished download's saved progress agree with its .part file at load: a resume may
// keep only bytes that are really there, and nothing past what was durable. Never deletes a
// file, never follows a link. Plain function; store thread, before the list reaches the engine.
class PartCheck final
{
public:
    // For a download that is neither Completed nor Cancelled and has a partPath; with E the end
    // of its last durable range:
    // - .part missing, not a regular file (a link, a folder: left untouched) or shorter than E:
    //   durable cleared, bytesWritten 0, and a note saying it restarts from zero and why (no
    //   note when nothing had been written);
    // - longer than E: truncated to E (the bytes past it were never durable), ranges kept;
    // - exactly E: kept.
    static void reconcile(DownloadSnapshot &snapshot);
};
