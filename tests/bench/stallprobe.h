#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

// Measures how responsive the event loop is: a 10 ms precise timer records how late each tick
// fires; p99 and max of that lateness are the "stall" the benchmarks report. GUI thread.
class StallProbe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StallProbe)

public:
    static constexpr int kIntervalMs = 10;

    explicit StallProbe(QObject *parent = nullptr);

    void start();
    void stop();
    double p99Ms() const;
    double maxMs() const;
    qsizetype samples() const { return m_lateness.size(); }

private:
    void onTick();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    QList<double> m_lateness;
};
