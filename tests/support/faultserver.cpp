#include "faultserver.h"

#include "testcerts.h"

#include "faultbody.h"
#include "faultlistener.h"

#include <QHostAddress>
#include <QSslConfiguration>

FaultServer::FaultServer(QObject *parent) : QObject(parent), m_listener(new FaultListener(&m_state))
{
    m_thread.setObjectName(QStringLiteral("FaultServer"));
    m_listener->moveToThread(&m_thread);
    m_thread.start();
}

FaultServer::~FaultServer()
{
    FaultListener *listener = m_listener;
    QMetaObject::invokeMethod(listener, [listener] { delete listener; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

bool FaultServer::listen()
{
    return startListening();
}

bool FaultServer::listenTls(TestCerts &certs)
{
    if (certs.caCertificate().isNull() && !certs.generate())
        return false;
    const TestCerts::Identity identity = certs.identity(TestCerts::Leaf::Valid);
    return identity.isValid() && listenTls(identity.certificate, identity.key);
}

bool FaultServer::listenTls(const QSslCertificate &cert, const QSslKey &key,
                            const QList<QSslCertificate> &chain)
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(QList<QSslCertificate>{cert} + chain);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    FaultListener *listener = m_listener;
    QMetaObject::invokeMethod(listener, [listener, configuration] { listener->setTls(configuration); },
                              Qt::BlockingQueuedConnection);
    m_tls = true;
    return startListening();
}

bool FaultServer::startListening()
{
    bool ok = false;
    quint16 port = 0;
    FaultListener *listener = m_listener;
    QMetaObject::invokeMethod(listener, [listener, &ok, &port] {
        ok = listener->listen(QHostAddress::LocalHost, 0);
        port = listener->serverPort();
    }, Qt::BlockingQueuedConnection);
    m_port = port;
    return ok;
}

quint16 FaultServer::port() const
{
    return m_port;
}

QUrl FaultServer::url(const QString &path) const
{
    const QString scheme = m_tls ? QStringLiteral("https") : QStringLiteral("http");
    return QUrl(scheme + QStringLiteral("://127.0.0.1:") + QString::number(m_port) + path);
}

void FaultServer::setResponse(const QString &path, const FaultResponse &response)
{
    m_state.setResponses(path, {response});
}

void FaultServer::setResponses(const QString &path, const QList<FaultResponse> &sequence)
{
    m_state.setResponses(path, sequence);
}

void FaultServer::setDefaultResponse(const FaultResponse &response)
{
    m_state.setDefaultResponse(response);
}

QList<RecordedRequest> FaultServer::requests() const
{
    return m_state.requests(nullptr);
}

QList<RecordedRequest> FaultServer::requests(const QString &path) const
{
    return m_state.requests(&path);
}

int FaultServer::requestCount(const QString &path) const
{
    return int(m_state.requests(&path).size());
}

int FaultServer::maxConcurrentRequests() const
{
    return m_state.maxConcurrentRequests();
}

int FaultServer::connectionCount() const
{
    return m_state.connectionCount();
}

qint64 FaultServer::elapsedMs() const
{
    return m_state.elapsedMs();
}

void FaultServer::clearRecords()
{
    m_state.clearRecords();
}

QByteArray FaultServer::generatedBody(qint64 size, quint32 seed)
{
    return FaultBody::generate(0, size, seed);
}

QByteArray FaultServer::generatedSlice(qint64 offset, qint64 length, quint32 seed)
{
    return FaultBody::generate(offset, length, seed);
}
