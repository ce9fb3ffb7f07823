#include "faultlistener.h"

#include "faultconnection.h"

#include <QSslSocket>
#include <QTcpSocket>

FaultListener::FaultListener(FaultState *state) : m_state(state) { }

void FaultListener::setTls(const QSslConfiguration &configuration)
{
    m_tls = configuration;
    m_useTls = true;
}

// Sockets are created here rather than taken from the pending queue so that a TLS socket is
// served the same way as a plain one.
void FaultListener::incomingConnection(qintptr descriptor)
{
    if (m_useTls) {
        auto *socket = new QSslSocket;
        socket->setSslConfiguration(m_tls);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        new FaultConnection(socket, m_state, this);
        socket->startServerEncryption();
        return;
    }
    auto *socket = new QTcpSocket;
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    new FaultConnection(socket, m_state, this);
}
