#include "remote/aria2events.h"

#include "engine/downloadmanager.h"
#include "remote/gidtext.h"

#include <algorithm>

namespace {

const QString kStart = QStringLiteral("aria2.onDownloadStart");
const QString kPause = QStringLiteral("aria2.onDownloadPause");
const QString kStop = QStringLiteral("aria2.onDownloadStop");
const QString kComplete = QStringLiteral("aria2.onDownloadComplete");
const QString kError = QStringLiteral("aria2.onDownloadError");
const QString kBtComplete = QStringLiteral("aria2.onBtDownloadComplete");

} // namespace

Aria2Events::Aria2Events(DownloadManager &manager, QObject *parent) : QObject(parent), m_manager(manager)
{
    // What was there before: known, no notification. Stopped ones in the order they finished.
    QList<const Download *> finished;
    for (const DownloadId id : manager.ids()) {
        const Download *download = manager.download(id);
        const Aria2Status status = Aria2Statuses::of(download->state());
        m_seen.insert(id, status);
        if (Aria2Statuses::isStopped(status))
            finished.append(download);
    }
    std::stable_sort(finished.begin(), finished.end(), [](const Download *a, const Download *b) {
        return a->finishedAt() < b->finishedAt();
    });
    for (const Download *download : finished)
        m_stopped.add(download->id());

    connect(&manager, &DownloadManager::downloadsAdded, this, [this](const QList<DownloadId> &ids) {
        for (const DownloadId id : ids)
            look(id);
    });
    connect(&manager, &DownloadManager::downloadsChanged, this, [this](const QList<DownloadId> &ids) {
        for (const DownloadId id : ids)
            look(id);
    });
    connect(&manager, &DownloadManager::downloadFinished, this, &Aria2Events::look);
    connect(&manager, &DownloadManager::downloadsAboutToBeRemoved, this, &Aria2Events::forget);
}

QStringList Aria2Events::names()
{
    return {kStart, kPause, kStop, kComplete, kError, kBtComplete};
}

void Aria2Events::announce(const QString &method, DownloadId id)
{
    Q_EMIT notification(method, GidText::of(id));
}

void Aria2Events::look(DownloadId id)
{
    const Download *download = m_manager.download(id);
    if (!download)
        return;
    const Aria2Status now = Aria2Statuses::of(download->state());
    const auto seen = m_seen.constFind(id);
    if (seen == m_seen.cend()) {
        // Newly listed (added, or restored from an earlier run): aria2 says nothing until it starts.
        m_seen.insert(id, now);
        if (Aria2Statuses::isStopped(now))
            m_stopped.add(id);
        return;
    }
    if (*seen == now)
        return;
    const Aria2Status before = *seen;
    m_seen.insert(id, now);
    if (Aria2Statuses::isStopped(before))
        m_stopped.remove(id);  // retried

    switch (now) {
    case Aria2Status::Active:
        announce(kStart, id);
        break;
    case Aria2Status::Paused:
        // As in aria2, only a running download's pause is news; a waiting one just stays put.
        if (before == Aria2Status::Active)
            announce(kPause, id);
        break;
    case Aria2Status::Waiting:
        break;
    case Aria2Status::Complete:
    case Aria2Status::Error:
    case Aria2Status::Removed:
        // It ran between two batches: aria2 would have said it started.
        if (now != Aria2Status::Removed && before != Aria2Status::Active)
            announce(kStart, id);
        m_stopped.add(id);
        announce(now == Aria2Status::Complete ? kComplete : now == Aria2Status::Error ? kError : kStop, id);
        break;
    }
}

void Aria2Events::forget(const QList<DownloadId> &ids)
{
    for (const DownloadId id : ids) {
        const auto seen = m_seen.constFind(id);
        if (seen == m_seen.cend())
            continue;
        // Taken out of the list unfinished: it stopped.
        if (!Aria2Statuses::isStopped(*seen))
            announce(kStop, id);
        m_seen.erase(seen);
        m_stopped.remove(id);
    }
}
