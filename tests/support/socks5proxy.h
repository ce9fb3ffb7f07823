#pragma once

// Socks5Proxy: a loopback SOCKS5 proxy for tests (RFC 1928 CONNECT, with no authentication or
// RFC 1929 username/password), recording each request; lives in the test's thread.

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>
#include <QTcpServer>

class QTcpSocket;

class Socks5Proxy final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Socks5Proxy)

public:
    struct Seen {
        QByteArray target;  // "host:port" as the client named it (a name or an address)
        QString user;       // as sent with RFC 1929; empty without
        bool refused = false;  // credentials were wrong, or the target could not be reached
    };

    explicit Socks5Proxy(QObject *parent = nullptr);
    ~Socks5Proxy() override;

    bool listen();  // 127.0.0.1, ephemeral port
    quint16 port() const { return m_server.serverPort(); }
    // Only clients offering username/password with these are served.
    void requireCredentials(const QString &user, const QString &password);

    const QList<Seen> &seen() const { return m_seen; }
    void clear() { m_seen.clear(); }

private:
    enum class Stage { Greeting, Auth, Request, Done };
    struct Client;

    void accept();
    void read(Client *client);
    bool greet(Client *client);
    bool authenticate(Client *client);
    bool request(Client *client);

    QTcpServer m_server;
    QString m_user;
    QString m_password;
    bool m_requireAuth = false;
    QList<Seen> m_seen;
};
