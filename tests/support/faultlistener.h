#pragma once

// FaultListener: accepts loopback connections (plain or TLS) and hands each to a FaultConnection
// (lives in FaultServer's thread).

#include <QSslConfiguration>
#include <QTcpServer>

class FaultState;

class FaultListener final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FaultListener)

public:
    explicit FaultListener(FaultState *state);

    void setTls(const QSslConfiguration &configuration);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    FaultState *m_state;
    QSslConfiguration m_tls;
    bool m_useTls = false;
};
