#pragma once

#include "engine/download.h"

#include <QHash>
#include <QTimer>
#include <QWidget>

class DownloadManager;
class FreeSpaceProbe;
class QLabel;

// The status bar's summary: total speed, how many downloads are in each state (the manager's
// counters, never a walk over the rows), the overall progress of the running ones, and the free
// space of the download folder (measured by FreeSpaceProbe off the GUI thread). GUI thread.
class StatusSummary final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusSummary)

public:
    static constexpr int kFreeSpaceIntervalMs = 5000;

    StatusSummary(DownloadManager *manager, FreeSpaceProbe *freeSpace, QWidget *parent = nullptr);

    QString speedText() const;
    QString countsText() const;
    QString freeSpaceText() const;
    // "3 downloading, 42%" for the window title; empty when nothing is running.
    QString progressText() const { return m_progressText; }
    // Asks for the folder's free space now (e.g. after the settings changed the folder).
    void refreshFreeSpace();

Q_SIGNALS:
    void progressTextChanged(const QString &text);

private:
    void onChanged(const QList<DownloadId> &ids);
    void onRemoved(const QList<DownloadId> &ids);
    void onMeasured(const QString &folder, qint64 available, qint64 total);
    void updateLabels();
    void updateProgress();

    struct Progress {
        qint64 received = 0;
        qint64 total = -1;
    };

    DownloadManager *m_manager = nullptr;
    FreeSpaceProbe *m_freeSpace = nullptr;
    QLabel *m_speed = nullptr;
    QLabel *m_counts = nullptr;
    QLabel *m_free = nullptr;
    QTimer m_freeSpaceTimer;
    QString m_folder;
    QString m_progressText;
    // Downloads underway (past the queue, not yet final), updated from the changed ids only.
    QHash<DownloadId, Progress> m_running;
    // Downloads that finished since the list last had nothing pending: with the ones pending
    // now, the batch the title counts ("12 of 5,000 done"), a figure that only grows.
    int m_batchFinished = 0;
};
