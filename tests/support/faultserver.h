#pragma once

// FaultServer: a scriptable loopback HTTP/1.1 server for tests that reproduces server faults;
// the object lives in the test's thread, the sockets in its own QThread, the API is thread-safe.

#include "faultrequest.h"
#include "faultresponse.h"
#include "faultstate.h"

#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QThread>
#include <QUrl>

class FaultListener;

class TestCerts;

class FaultServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FaultServer)

public:
    explicit FaultServer(QObject *parent = nullptr);
    ~FaultServer() override;

    bool listen(); // 127.0.0.1, ephemeral port
    // The same, speaking TLS with cert (and chain) to every client.
    bool listenTls(const QSslCertificate &cert, const QSslKey &key, const QList<QSslCertificate> &chain = {});
    // With the valid leaf of certs, generated first when it was not; clients trust certs' CA.
    bool listenTls(TestCerts &certs);
    quint16 port() const;
    QUrl url(const QString &path) const; // http(s)://127.0.0.1:PORT/path (path may carry ?query)

    // Paths match without the query, percent-decoded; a trailing '*' matches every path with
    // that prefix ("/slow/*"). An exact path beats a prefix; the longest prefix wins.
    void setResponse(const QString &path, const FaultResponse &response);
    // The nth request to path gets the nth response; the last one repeats. Resets the count.
    void setResponses(const QString &path, const QList<FaultResponse> &sequence);
    void setDefaultResponse(const FaultResponse &response); // unmatched paths; 404 by default

    QList<RecordedRequest> requests() const; // in arrival order
    QList<RecordedRequest> requests(const QString &path) const; // path may be a "/prefix/*"
    int requestCount(const QString &path) const;
    int maxConcurrentRequests() const; // most requests in flight at once since clearRecords()
    int connectionCount() const;       // TCP connections accepted since clearRecords()
    qint64 elapsedMs() const;          // the clock of RecordedRequest::startedMs/finishedMs
    void clearRecords();

    // The bytes FaultResponse::bodySize produces, for comparing contents or hashes.
    static QByteArray generatedBody(qint64 size, quint32 seed = 0);
    static QByteArray generatedSlice(qint64 offset, qint64 length, quint32 seed = 0);

private:
    bool startListening();

    FaultState m_state;
    QThread m_thread;
    FaultListener *m_listener; // deleted in the server thread by the destructor
    quint16 m_port = 0;
    bool m_tls = false;
};
