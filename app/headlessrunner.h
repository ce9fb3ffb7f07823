#pragma once

#include "commandline.h"
#include "engine/download.h"
#include "progressview.h"

#include <QObject>
#include <QTimer>

class DownloadManager;

// Runs a command-line download: feeds the input to the manager, shows progress, stops cleanly
// on Ctrl-C and prints the final report in input order. Main thread.
class HeadlessRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HeadlessRunner)

public:
    enum ExitCode { AllSucceeded = 0, SomeFailed = 1, UsageError = 2, Interrupted = 130 };

    HeadlessRunner(DownloadManager *manager, HeadlessOptions options, QObject *parent = nullptr);

    void start();
    void interrupt();

Q_SIGNALS:
    void done(int exitCode);

private:
    void finish();
    int printReport() const;

    DownloadManager *m_manager = nullptr;
    HeadlessOptions m_options;
    QList<DownloadId> m_ids;  // per input item: its download, or 0 for a rejected line
    ProgressView m_view;
    QTimer m_redrawTimer;
    bool m_finishing = false;
};
