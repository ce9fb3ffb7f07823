#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

class QNetworkAccessManager;

// Owns the QNetworkAccessManagers. Qt 6.4 opens at most 6 HTTP/1.1 connections per
// scheme+host+port in one QNAM and has no API to raise it, so reaching a per-host limit above 6
// needs several QNAMs; this class hides that by handing out the least-loaded one. GUI thread.
class NetworkPool final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NetworkPool)

public:
    static constexpr int kConnectionsPerManager = 6;

    explicit NetworkPool(QObject *parent = nullptr);
    ~NetworkPool() override;

    // A manager with a free connection slot for url's origin; counts it as in use until release().
    QNetworkAccessManager *acquire(const QUrl &url);
    void release(QNetworkAccessManager *manager, const QUrl &url);

    static QString originKey(const QUrl &url);

private:
    struct Slot {
        QNetworkAccessManager *manager = nullptr;
        QHash<QString, int> inUse;
    };
    QNetworkAccessManager *createManager();

    QList<Slot> m_managers;
};
