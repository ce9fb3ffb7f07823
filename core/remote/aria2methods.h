#pragma once

#include "base/downloadsettings.h"
#include "base/urlentry.h"
#include "remote/aria2events.h"
#include "remote/aria2status.h"
#include "remote/remotefolders.h"
#include "rpc/rpcanswer.h"

#include <QJsonArray>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

class Aria2Params;
class Download;
class DownloadManager;
class RpcMethods;

using DownloadId = quint64;

// aria2's RPC methods (aria2.addUri, tellStatus, pause, changeOption, ...) over a DownloadManager:
// fills an RpcMethods table with them and their notifications, and reports what the app must
// do (save settings, save the session, shut down) by signal. Every answer has aria2's names,
// result shapes and error sentences (code 1). GUI thread.
class Aria2Methods final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Aria2Methods)

public:
    // How remote downloads are added: manager.add by default; the window may route them through
    // its own rules. It must return the ids added, in order (an empty list is a refusal).
    using Adder = std::function<QList<DownloadId>(const QList<UrlEntry> &entries)>;

    explicit Aria2Methods(DownloadManager &manager, QObject *parent = nullptr);
    ~Aria2Methods() override;

    // Adds every method and notification to methods (system.* are the dispatcher's).
    void addTo(RpcMethods &methods);

    void setAdder(Adder adder) { m_adder = std::move(adder); }
    // Remote "dir" options (addUri, changeOption, changeGlobalOption) must lie in folder or under
    // it once links and '..' are resolved; empty allows any folder.
    void setAllowedFolder(const QString &folder) { m_folders.setAllowedFolder(folder); }
    QString allowedFolder() const { return m_folders.allowedFolder(); }
    // getSessionInfo's sessionId: random for each run, as aria2's.
    QString sessionId() const { return m_sessionId; }
    // What getVersion reports as "version" (Gather's version unless set).
    void setVersionText(const QString &version) { m_version = version; }

Q_SIGNALS:
    // A download changed aria2 status; method is the notification's name ("aria2.onDownloadStart").
    void notification(const QString &method, const QString &gid);
    // changeGlobalOption applied new settings to the manager: the app keeps them.
    void settingsChanged(const DownloadSettings &settings);
    // aria2.saveSession: the app saves the list now (the store saves it as it changes anyway).
    void saveSessionRequested();
    // aria2.shutdown / forceShutdown, emitted on the next turn of the event loop so the answer
    // goes out first; force asks not to wait for anything.
    void shutdownRequested(bool force);

private:
    using GidHandler = std::function<RpcAnswer(DownloadId id, Aria2Params &params)>;
    // A handler whose first parameter is a GID: reads and resolves it, then runs body.
    std::function<RpcAnswer(const QJsonArray &)> withGid(GidHandler body);
    const Download &download(DownloadId id) const;
    Aria2Status statusOf(DownloadId id) const;
    // Downloads by aria2 list, in queue order (active, waiting and paused) or stop order.
    QList<DownloadId> active() const;
    QList<DownloadId> waiting() const;
    QList<DownloadId> stopped() const { return m_events.stopped().ids(); }

    // aria2methodsadd.cpp: adding, refusals, and the commands.
    void addAdding(RpcMethods &methods);
    RpcAnswer addUri(const QJsonArray &params);
    void addCommands(RpcMethods &methods);
    // aria2methodsquery.cpp: what clients read.
    void addQueries(RpcMethods &methods);
    RpcAnswer tellPage(const QJsonArray &params, const QList<DownloadId> &items);
    // aria2methodsoptions.cpp: queue places, options, results, session.
    void addOptions(RpcMethods &methods);
    void addSession(RpcMethods &methods);
    RpcAnswer changePosition(DownloadId id, Aria2Params &params);
    qsizetype moveInWaiting(DownloadId id, qint64 offset, const QString &how);

    DownloadManager &m_manager;
    Aria2Events m_events;
    RemoteFolders m_folders;
    Adder m_adder;
    QString m_sessionId;
    QString m_version;
};
