#pragma once

#include "commandline.h"
#include "engine/download.h"
#include "progressview.h"

#include <QObject>
#include <QTimer>

#include <memory>

class DownloadManager;
class ResumeFolder;
class ResumePlan;
class StoreSync;

// Runs a command-line download: continues what an earlier run into the folder left (its
// ResumeFolder), feeds the input to the manager, keeps the folder's store in step, shows
// progress, stops cleanly on Ctrl-C and prints the final report in input order. Main thread.
class HeadlessRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HeadlessRunner)

public:
    enum ExitCode { AllSucceeded = 0, SomeFailed = 1, UsageError = 2, Interrupted = 130 };

    HeadlessRunner(DownloadManager *manager, HeadlessOptions options, QObject *parent = nullptr);
    ~HeadlessRunner() override;

    void start();
    void interrupt();
    // aria2.shutdown: stops like interrupt(), but the exit code says how the downloads ended.
    void stop();

Q_SIGNALS:
    void done(int exitCode);
    // The downloads of the input and of the store are listed: new ones may come (JSON-RPC).
    void listed();

private:
    void onRecordsLoaded(const QList<DownloadSnapshot> &records);
    void list(const ResumePlan &plan);
    void finish();
    // Commits the store (or removes it when nothing is left to continue), then done(exitCode).
    void persistThenExit(int exitCode);
    int printReport() const;
    bool isDaemon() const { return m_options.rpc.enabled; }  // runs until stopped, not until idle

    DownloadManager *m_manager = nullptr;
    HeadlessOptions m_options;
    QList<DownloadId> m_ids;  // per input item: its download, or 0 for a rejected line
    QList<UrlEntry> m_entries;  // the accepted items, in input order
    std::unique_ptr<ResumeFolder> m_folder;
    std::unique_ptr<StoreSync> m_sync;
    bool m_othersUnfinished = false;  // the store holds .parts of downloads this run does not name
    bool m_started = false;           // the downloads are listed (the store has loaded)
    ProgressView m_view;
    QTimer m_redrawTimer;
    bool m_finishing = false;
    bool m_stopRequested = false;  // by stop(), not by a signal
};
