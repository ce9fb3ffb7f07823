#pragma once

#include "base/urlentry.h"
#include "engine/downloadsnapshot.h"

#include <QList>
#include <QString>

#include <functional>

// What a headless run does with each URL of its input, given what earlier runs into the same
// folder left in the store: continue a .part, report a file already downloaded, or start anew.
// A pure function of the input, the records and a look at the disk, so every rule is tested
// without a network. Main thread.
class ResumePlan final
{
public:
    struct Step {
        enum class Kind {
            Add,       // a new download (nothing of an earlier one is left to continue from)
            Continue,  // the earlier run's download goes on from its durable bytes
            Done,      // the earlier run completed it and the file is still there: nothing to fetch
            Restart,   // --no-resume: the earlier .part is reused from byte zero
        };
        Kind kind = Kind::Add;
        UrlEntry entry;              // Add
        DownloadSnapshot snapshot;   // Continue, Done, Restart: to restore, with id 0 (a new id)
    };

    // Whether a completed record's file is still on disk with its size.
    using FileCheck = std::function<bool(const QString &path, qint64 size)>;

    // entries: the run's downloads in input order. base: the run's folder, against which an
    // entry's own folder is made absolute. records: what the store loaded. resume false:
    // --no-resume.
    static ResumePlan make(const QList<UrlEntry> &entries, const QList<DownloadSnapshot> &records,
                           const QString &base, bool resume, const FileCheck &fileExists);

    QList<Step> steps;            // one per entry, in input order
    QList<DownloadId> forgotten;  // records the steps replace (each step's download gets a new id)
    DownloadId highestId = 0;     // of all records: new downloads must get ids above it
    // Whether records this input does not name still have a .part to continue: the store must
    // then be kept even when every download of this run succeeds.
    bool othersUnfinished = false;
    // Those records, with their ids: a JSON-RPC daemon lists them all again, so clients find
    // their downloads under the same GIDs after a restart.
    QList<DownloadSnapshot> others;
};
