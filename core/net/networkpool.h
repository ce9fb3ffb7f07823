#pragma once

#include "net/cookiestore.h"
#include "base/proxysettings.h"

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

class QAuthenticator;
class QHostInfo;
class QNetworkAccessManager;
class QNetworkProxy;

// Owns the QNetworkAccessManagers, and through them Qt's network threads (one per manager).
// Two jobs: Qt 6.4 opens at most 6 HTTP/1.1 connections per origin in one manager and has no API
// to raise it, so more needs several managers; and Qt parses responses on the manager's thread,
// so one origin that floods it (headers without end) would starve every other origin sharing
// it. Hence each origin gets managers of its own, idle ones beyond a few are dropped, and an
// origin whose thread is stuck has its connections cut. It also puts every manager behind the
// proxy the settings name. GUI thread.
class NetworkPool final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NetworkPool)

public:
    static constexpr int kConnectionsPerManager = 6;
    // Managers with no request kept for reuse (their connections stay open for keep-alive).
    static constexpr int kIdleManagersKept = 8;

    explicit NetworkPool(QObject *parent = nullptr);
    ~NetworkPool() override;

    // A manager of url's origin with a free connection slot; counts it as in use until release().
    QNetworkAccessManager *acquire(const QUrl &url);
    void release(QNetworkAccessManager *manager, const QUrl &url);

    // For a request to url left unanswered past its timeout. When a connection to that origin
    // holds bytes Qt has not read, the server is sending but Qt is not getting through it: the
    // thread is stuck in an endless header or starved by one. Then every connection to the origin
    // is cut, which frees the thread, and this returns true; otherwise (a silent server) nothing
    // is touched.
    bool cutIfStuck(const QUrl &url);

    // One jar for every manager: a cookie must not depend on which manager a request got.
    CookieStore &cookies() { return m_cookies; }
    // Every manager, those made already included, sends its next requests through proxy.
    void setProxy(const ProxySettings &proxy);
    const ProxySettings &proxy() const { return m_proxy; }
    // The proxy a request to url goes through now; type NoProxy when it goes direct.
    QNetworkProxy proxyFor(const QUrl &url) const;

    int managerCount() const { return int(m_slots.size()); }
    static QString originKey(const QUrl &url);

private Q_SLOTS:
    // A slot named by string on purpose: Qt 6.4 leaks a functor given to lookupHost() when its
    // context object goes before the answer (seen under LeakSanitizer).
    void addressesFound(const QHostInfo &info);

private:
    struct Slot {
        QNetworkAccessManager *manager = nullptr;
        QString origin;
        int inUse = 0;
        quint64 lastUse = 0;
    };
    struct Peer {
        QUrl url;
        QList<QHostAddress> addresses;  // empty until the lookup answers
        quint16 port = 0;
        bool lookingUp = false;
    };

    Slot &createSlot(const QString &origin);
    void learnAddresses(const QUrl &url, const QString &origin);
    void lookUp(const QString &origin, Peer &peer);
    void answerProxy(const QNetworkProxy &proxy, QAuthenticator *authenticator);
    void dropIdleManagers();
    bool cutOrigin(const QString &origin, bool onlyIfUnread);

    QList<Slot> m_slots;
    QHash<QString, Peer> m_peers;
    QHash<int, QString> m_lookups;  // host lookups in flight -> their origin
    quint64 m_clock = 0;
    CookieStore m_cookies;
    ProxySettings m_proxy;
};
