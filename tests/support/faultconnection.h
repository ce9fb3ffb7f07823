#pragma once

// FaultConnection: serves the HTTP/1.1 requests of one accepted socket according to FaultState's
// scripts, with timers for every delay (lives in FaultServer's thread).

#include "faultplan.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

class FaultState;
class QTcpSocket;

class FaultConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FaultConnection)

public:
    FaultConnection(QTcpSocket *socket, FaultState *state, QObject *parent);
    ~FaultConnection() override;

private:
    enum class Phase { Idle, HeadDelay, Body, Flushing, ResetWait, Silent, Closed };

    void readRequests();
    bool parseHead(qsizetype headEnd, RecordedRequest *request) const;
    void sendHead();
    void pump();
    void writeBody(qint64 length);
    void bodyDone();
    void responseFlushed();
    void tryReset();
    void finishRecord();
    void onTimer();
    void onDisconnected();
    qint64 pendingBytes() const;

    QTcpSocket *m_socket;
    FaultState *m_state;
    int m_id = 0;
    Phase m_phase = Phase::Idle;
    QByteArray m_buffer;
    FaultPlan m_plan;
    qint64 m_serial = -1; // record of the request being answered; -1 when none
    qint64 m_sent = 0;
    QElapsedTimer m_bodyClock;
    QElapsedTimer m_resetClock;
    QTimer m_timer;
};
