#pragma once

#include "engine/download.h"
#include "notification.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

class AppSettings;
class DownloadManager;

// Decides what to tell the person when downloads finish and words it: one message per download,
// or one summary for every download that finished within a batch interval, with the file or
// folder it may offer to open. NotificationRouter picks who shows it; separate so it can be
// tested where there is neither a tray nor a notification service. GUI thread.
class Notifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Notifier)

public:
    using Kind = Notification::Kind;
    static constexpr int kDefaultBatchMs = 1000;

    // settings may be null (then every finish is reported). Both must outlive this.
    Notifier(const DownloadManager *manager, const AppSettings *settings, QObject *parent = nullptr);

    void setBatchInterval(int ms) { m_batch.setInterval(ms); }

    // Called for DownloadManager::downloadFinished; public so tests can drive it directly.
    void downloadFinished(DownloadId id);

Q_SIGNALS:
    void notify(const Notification &notification);

private:
    struct Finished {
        QString name;
        QString error;  // empty on success
        QString path;   // the completed file; empty on failure
        QString folder; // the completed file's folder; empty on failure
    };

    void flush();

    const DownloadManager *m_manager;
    const AppSettings *m_settings;
    QList<Finished> m_pending;
    QTimer m_batch;
};
