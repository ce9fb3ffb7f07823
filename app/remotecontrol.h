#pragma once

#include "base/result.h"
#include "remote/aria2methods.h"
#include "rpc/rpclistener.h"
#include "rpc/rpcmethods.h"
#include "rpc/rpcsettings.h"

#include <QObject>

class DownloadManager;

// Remote control over aria2's JSON-RPC for the window and the headless daemon alike: the method
// table filled with aria2's methods over the engine, and the listener that serves it on HTTP and
// WebSocket, with download events pushed to WebSocket clients. GUI thread.
class RemoteControl final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemoteControl)

public:
    explicit RemoteControl(DownloadManager &manager, QObject *parent = nullptr);
    ~RemoteControl() override;

    // Listens with settings (again, if it was); remote "dir" options must lie under
    // allowedFolder unless it is empty. The error names the address and why.
    Result<void> start(const RpcSettings &settings, const QString &allowedFolder);
    void stop();
    bool isListening() const { return m_listener.isListening(); }
    // "127.0.0.1:6800": where clients reach it now.
    QString where() const;

    Aria2Methods &methods() { return m_aria2; }
    RpcListener &listener() { return m_listener; }

Q_SIGNALS:
    void shutdownRequested(bool force);  // aria2.shutdown / forceShutdown
    void saveSessionRequested();
    void settingsChanged(const DownloadSettings &settings);  // changeGlobalOption

private:
    RpcMethods m_table;
    Aria2Methods m_aria2;
    RpcListener m_listener;  // after the table it reads
};
