#pragma once

// EngineFixture: a DownloadManager with its own disk pool and network pool, set up with test
// timings (short backoffs) and a temporary target folder; lives in the test's thread.

#include "base/downloadsettings.h"
#include "engine/downloadmanager.h"
#include "net/networkpool.h"

#include <QByteArray>
#include <QString>
#include <QTemporaryDir>
#include <QThreadPool>

#include <memory>

class EngineFixture final
{
public:
    explicit EngineFixture(DownloadSettings settings = testSettings());
    ~EngineFixture();
    Q_DISABLE_COPY_MOVE(EngineFixture)

    static DownloadSettings testSettings();

    // Quits the engine as the app does (shutdown, every .part synced); the downloads stay for a
    // snapshot until restart() starts a new engine on the same folder. restart() shuts down first
    // when that was not done: what survives is what a snapshot taken before kept.
    bool shutdown(int timeoutMs = 20000);
    bool restart(int timeoutMs = 20000);

    DownloadManager &manager() { return *m_manager; }
    QThreadPool &diskPool() { return m_diskPool; }
    QString folder() const { return m_dir.path(); }
    QString path(const QString &name) const { return m_dir.filePath(name); }

    DownloadId add(const QUrl &url);
    DownloadId add(const UrlEntry &entry);
    const Download &download(DownloadId id) const { return *m_manager->download(id); }
    // Waits (event loop running) until the download reaches a final state.
    bool waitFinal(DownloadId id, int timeoutMs = 20000) const;
    bool waitState(DownloadId id, DownloadState state, int timeoutMs = 20000) const;

    static QByteArray sha256(const QByteArray &data);
    static QByteArray fileSha256(const QString &path);
    QStringList files() const;  // names in the folder, sorted

private:
    DownloadSettings m_settings;
    bool m_stopped = false;
    QTemporaryDir m_dir;
    QThreadPool m_diskPool;
    NetworkPool m_network;
    std::unique_ptr<DownloadManager> m_manager;
};
