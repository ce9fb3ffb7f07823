#pragma once

// FaultState: FaultServer's scripted routes and request records, shared between the test thread
// and the server thread behind one mutex.

#include "faultrequest.h"
#include "faultresponse.h"

#include <QElapsedTimer>
#include <QList>
#include <QMap>
#include <QMutex>
#include <QString>

class FaultState final
{
public:
    FaultState();
    Q_DISABLE_COPY_MOVE(FaultState)

    void setResponses(const QString &pattern, const QList<FaultResponse> &sequence);
    void setDefaultResponse(const FaultResponse &response);

    // Server thread: records a request whose head is complete and picks its response.
    qint64 beginRequest(RecordedRequest request, FaultResponse *response);
    void noteProgress(qint64 serial, int status, qint64 bodyBytesSent);
    void finishRequest(qint64 serial);
    int newConnection();

    qint64 elapsedMs() const;
    QList<RecordedRequest> requests(const QString *pattern) const;
    int maxConcurrentRequests() const;
    int connectionCount() const;
    void clearRecords();

    // "/a/*" matches every path starting with "/a/"; anything else matches exactly.
    static bool matches(const QString &pattern, const QString &path);
    static QString decodedPath(const QByteArray &path);

private:
    struct Route {
        QList<FaultResponse> sequence;
        int served = 0;
    };

    RecordedRequest *recordLocked(qint64 serial);

    mutable QMutex m_mutex;
    QElapsedTimer m_clock;
    QMap<QString, Route> m_routes;
    FaultResponse m_default;
    QList<RecordedRequest> m_records;
    qint64 m_recordBase = 0; // serial of m_records.first(); clearRecords() moves it on
    int m_inFlight = 0;
    int m_maxInFlight = 0;
    int m_connections = 0;      // accepted since the last clearRecords()
    int m_connectionSerial = 0; // never reset, so connection numbers stay unique
};
