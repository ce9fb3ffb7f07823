#include "resumeplan.h"

#include "base/urlkey.h"

#include <QHash>
#include <QStringBuilder>

namespace {

// The same download: the same resource into the same folder under the same requested name.
QString keyOf(const UrlEntry &entry, const QString &base)
{
    return UrlKey::of(entry.url) % u'\n' % entry.folderIn(base) % u'\n' % entry.outName;
}

bool hasPartToContinue(const DownloadSnapshot &record)
{
    return !record.partPath.isEmpty() && record.state != DownloadState::Completed
        && record.state != DownloadState::Cancelled;
}

} // namespace

ResumePlan ResumePlan::make(const QList<UrlEntry> &entries, const QList<DownloadSnapshot> &records,
                            const QString &base, bool resume, const FileCheck &fileExists)
{
    using Kind = Step::Kind;
    ResumePlan plan;
    QHash<QString, qsizetype> byKey;  // the newest record of each key
    for (qsizetype i = 0; i < records.size(); ++i) {
        plan.highestId = std::max(plan.highestId, records[i].id);
        const QString key = keyOf(records[i].entry, base);
        const auto found = byKey.constFind(key);
        if (found == byKey.cend() || records[*found].id < records[i].id)
            byKey.insert(key, i);
    }
    QList<bool> matched(records.size(), false);
    plan.steps.reserve(entries.size());
    for (const UrlEntry &entry : entries) {
        Step step;
        step.entry = entry;
        const auto found = byKey.constFind(keyOf(entry, base));
        if (found == byKey.cend()) {
            plan.steps.append(std::move(step));
            continue;
        }
        matched[*found] = true;
        DownloadSnapshot record = records[*found];
        byKey.erase(found);  // a URL given twice is one download; the second is a new one
        plan.forgotten.append(record.id);
        record.id = 0;
        // This run's options for the URL win: its checksum, and its headers (fresh credentials).
        record.entry.checksum = entry.checksum;
        record.entry.headers = entry.headers;
        record.entry.line = entry.line;
        record.error = {};
        const bool completed = record.state == DownloadState::Completed;
        if (resume && completed && fileExists(record.finalPath, record.bytesWritten)) {
            step.kind = Kind::Done;
            record.note = QStringLiteral("Already downloaded");
        } else if (!hasPartToContinue(record)) {
            step.kind = Kind::Add;  // nothing of it is left to continue from
            plan.steps.append(std::move(step));
            continue;
        } else {
            step.kind = resume ? Kind::Continue : Kind::Restart;
            record.state = DownloadState::Queued;
            record.note.clear();
            if (!resume) {
                // Validators go too: the server's current file is taken whatever it is.
                record.durable.clear();
                record.bytesWritten = 0;
                record.etag.clear();
                record.lastModified.clear();
                record.attempts = 0;
            }
        }
        step.snapshot = std::move(record);
        plan.steps.append(std::move(step));
    }
    for (qsizetype i = 0; i < records.size(); ++i) {
        if (matched[i])
            continue;
        plan.others.append(records[i]);
        if (hasPartToContinue(records[i]))
            plan.othersUnfinished = true;
    }
    return plan;
}
