// Download's properties: what a person may change about one download after adding it, and the
// sentence that says why a change does not fit its state. Renames and moves go through moveTo().
#include "engine/download.h"
#include "engine/downloadcommands.h"
#include "engine/downloadfile.h"
#include "engine/segmentedtransfer.h"
#include "net/filenames.h"

#include <QDir>

#include <algorithm>

QString Download::refusedRename(const QString &leaf) const
{
    if (leaf.trimmed().isEmpty())
        return QStringLiteral("A file name cannot be empty.");
    if (const QString safe = FileNames::sanitize(leaf); safe != leaf) {
        return safe.isEmpty() ? QStringLiteral("\u201c%1\u201d cannot be a file name: it must be one name, without / or \\.").arg(leaf)
                              : QStringLiteral("\u201c%1\u201d cannot be a file name as it is; \u201c%2\u201d could.").arg(leaf, safe);
    }
    if (leaf.endsWith(QStringLiteral(".part")))
        return QStringLiteral("\u201c%1\u201d ends in .part, which Gather keeps for unfinished files.").arg(leaf);
    return {};
}

QStringList Download::setProperties(const PropertyChanges &changes)
{
    QStringList refused;
    const bool complete = m_state == DownloadState::Completed;
    const auto refuse = [&refused](const QString &sentence) { refused.append(sentence); };

    if (changes.headers) {
        if (complete && *changes.headers != m_entry.headers)
            refuse(QStringLiteral("It is complete: no request is left to send the headers with."));
        else
            m_entry.headers = *changes.headers;  // from the next request on
    }
    if (changes.split) {
        if (complete && *changes.split != m_entry.split)
            refuse(QStringLiteral("It is complete: the number of connections no longer applies."));
        else if (changes.split->has_value())
            m_entry.split = std::clamp(**changes.split, 1, UrlEntry::kMaxSplit);
        else
            m_entry.split.reset();
    }
    if (changes.maxBytesPerSecond) {
        if (complete && *changes.maxBytesPerSecond != m_entry.maxBytesPerSecond)
            refuse(QStringLiteral("It is complete: a speed limit no longer applies."));
        else if (changes.maxBytesPerSecond->has_value())
            m_entry.maxBytesPerSecond = std::max<qint64>(0, **changes.maxBytesPerSecond);
        else
            m_entry.maxBytesPerSecond.reset();
    }
    if (changes.checksum && *changes.checksum != m_entry.checksum) {
        if (complete || m_state == DownloadState::Verifying)
            refuse(complete ? QStringLiteral("It is complete: its file was already checked.")
                            : QStringLiteral("It is being checked right now: change the checksum after that."));
        else
            m_entry.checksum = *changes.checksum;  // the check at the end uses it
    }

    const QString leaf = changes.fileName && *changes.fileName != fileNameOrRequested() ? *changes.fileName : QString();
    const QString target = changes.folder ? QDir::cleanPath(*changes.folder) : folder();
    const bool moves = target != folder();
    if (!leaf.isEmpty() || moves) {
        const QString problem = !leaf.isEmpty() ? refusedRename(leaf) : QString();
        if (complete)
            refuse(leaf.isEmpty() ? QStringLiteral("It is complete: a finished file is not moved.")
                                  : QStringLiteral("It is complete: a finished file keeps its name."));
        else if (!problem.isEmpty())
            refuse(problem);
        else if (!QDir::isAbsolutePath(target))
            refuse(QStringLiteral("The folder must be a full path, not \u201c%1\u201d.").arg(target));
        else if (m_state == DownloadState::Verifying)
            refuse(QStringLiteral("It is being checked right now: rename or move it after that."));
        else if (isMoving() || m_shuttingDown)
            refuse(QStringLiteral("It is being moved already: try again once that is over."));
        else
            relocate(target, leaf);
    }

    if (m_transfer && DownloadStates::isActive(m_state)) {
        m_transfer->pump();  // a new limit applies to what is read next, a higher split opens more
        m_transfer->plan();
    }
    touch();
    return refused;
}

QString Download::fileNameOrRequested() const
{
    const QString chosen = fileName();
    return chosen.isEmpty() ? m_entry.outName : chosen;
}

void Download::relocate(const QString &folder, const QString &leaf)
{
    if (DownloadStates::isActive(m_state)) {
        // The .part cannot change its name under a writer: pause, move, and go on after it.
        pause();
        m_resumeAfterMove = true;
    }
    moveTo(folder, leaf);
}
