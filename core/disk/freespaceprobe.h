#pragma once

#include <QHash>
#include <QObject>
#include <QPair>
#include <QString>

#include <memory>

class GuardedReceiver;
class QThreadPool;

// Measures the free space of download folders with QStorageInfo on a pool, so the GUI thread never
// waits for a slow or network file system. GUI thread; at most one job per folder in flight.
class FreeSpaceProbe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FreeSpaceProbe)

public:
    explicit FreeSpaceProbe(QThreadPool *pool, QObject *parent = nullptr);
    ~FreeSpaceProbe() override;

    // Answered by measured(folder, ...). Requests that come while folder is being measured are
    // coalesced into one more measurement after the current one, however many there are.
    void request(const QString &folder);

    // Bytes available and total for folder, or its nearest existing parent; -1, -1 if unknown.
    // Blocking; for any thread but the GUI thread.
    static QPair<qint64, qint64> measure(const QString &folder);

Q_SIGNALS:
    void measured(const QString &folder, qint64 bytesAvailable, qint64 bytesTotal);

private:
    enum class Pending { InFlight, InFlightAndAgain };

    void start(const QString &folder);
    void finish(const QString &folder, qint64 available, qint64 total);

    QThreadPool *m_pool;
    std::shared_ptr<GuardedReceiver> m_receiver;  // lets pool jobs outlive the probe safely
    QHash<QString, Pending> m_pending;
};
