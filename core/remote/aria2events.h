#pragma once

#include "remote/aria2status.h"
#include "remote/stoppedresults.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>


class DownloadManager;

// Turns the manager's batched changes into aria2's per-download events: one notification per
// change of aria2 status (onDownloadStart when it becomes active, onDownloadPause when a running
// one pauses, onDownloadStop when it is removed or leaves the list unfinished,
// onDownloadComplete, onDownloadError), and keeps the stopped
// results in the order downloads stopped. A download that started and finished between two
// batches gets its onDownloadStart before its outcome. GUI thread.
class Aria2Events final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Aria2Events)

public:
    explicit Aria2Events(DownloadManager &manager, QObject *parent = nullptr);

    // Every notification aria2 defines, onBtDownloadComplete included (never sent by Gather).
    static QStringList names();
    const StoppedResults &stopped() const { return m_stopped; }

Q_SIGNALS:
    void notification(const QString &method, const QString &gid);

private:
    void look(DownloadId id);
    void forget(const QList<DownloadId> &ids);
    void announce(const QString &method, DownloadId id);

    DownloadManager &m_manager;
    QHash<DownloadId, Aria2Status> m_seen;
    StoppedResults m_stopped;
};
