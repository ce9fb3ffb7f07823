#pragma once

// ForwardProxy: a loopback HTTP forward proxy for tests (absolute-form requests forwarded with
// "Connection: close", CONNECT tunnelled), optionally demanding Basic Proxy-Authorization, and
// recording what it saw; lives in the test's thread.

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>
#include <QTcpServer>

class QTcpSocket;

class ForwardProxy final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ForwardProxy)

public:
    struct Seen {
        QByteArray method;              // "GET", "CONNECT"
        QByteArray target;              // "http://127.0.0.1:PORT/path" or "127.0.0.1:PORT"
        QByteArray proxyAuthorization;  // as received; empty when absent
        int status = 0;                 // what the proxy answered: 407, 502, or 0 when forwarded/tunnelled
    };

    explicit ForwardProxy(QObject *parent = nullptr);
    ~ForwardProxy() override;

    bool listen();  // 127.0.0.1, ephemeral port
    quint16 port() const { return m_server.serverPort(); }
    // Requests without "Proxy-Authorization: Basic base64(user:password)" get a 407; an empty
    // user requires nothing.
    void requireCredentials(const QString &user, const QString &password);

    const QList<Seen> &seen() const { return m_seen; }
    void clear() { m_seen.clear(); }

private:
    void accept();
    void readHead(QTcpSocket *client);
    void open(QTcpSocket *client, const QByteArray &host, quint16 port, const QByteArray &forwardHead);

    QTcpServer m_server;
    QByteArray m_expectedAuthorization;  // empty: none required
    QList<Seen> m_seen;
};
