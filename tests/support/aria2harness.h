#pragma once

// Aria2Harness: a DownloadManager (EngineFixture) with aria2's methods over it in an RpcMethods
// table, called directly as the dispatcher would, without a transport; lives in the test's thread.

#include "enginefixture.h"
#include "remote/aria2methods.h"
#include "rpc/rpcmethods.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

class Aria2Harness final
{
public:
    explicit Aria2Harness(DownloadSettings settings = EngineFixture::testSettings());
    Q_DISABLE_COPY_MOVE(Aria2Harness)

    EngineFixture &engine() { return m_engine; }
    DownloadManager &manager() { return m_engine.manager(); }
    Aria2Methods &aria2() { return m_aria2; }
    RpcMethods &table() { return m_table; }

    // The answer of method to params; a name nobody added answers kMethodNotFound.
    RpcAnswer call(const QString &method, const QJsonArray &params = {});
    // The gid string addUri answered, or empty (with the message logged) when it refused.
    QString addUri(const QString &uri, const QJsonObject &options = {});
    QJsonObject status(const QString &gid, const QStringList &keys = {});
    QString statusName(const QString &gid) { return status(gid, {QStringLiteral("status")}).value(QStringLiteral("status")).toString(); }
    // Waits (event loop running) until tellStatus says status.
    bool waitStatus(const QString &gid, const QString &status, int timeoutMs = 20000);
    static DownloadId idOf(const QString &gid) { return gid.toULongLong(nullptr, 16); }

private:
    EngineFixture m_engine;
    Aria2Methods m_aria2;
    RpcMethods m_table;
};
