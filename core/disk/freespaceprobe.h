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

    // Answered by measured(folder, ...), which also says why files could not be saved there
    // (empty when they can). Requests that come while folder is being measured are
    // coalesced into one more measurement after the current one, however many there are.
    void request(const QString &folder);

    // Bytes available and total for folder, or its nearest existing parent; -1, -1 if unknown.
    // Blocking; for any thread but the GUI thread.
    static QPair<qint64, qint64> measure(const QString &folder);
    // Why downloads could not be saved in folder (a file in the way, no permission, a read-only
    // file system), or empty: it exists as a writable folder, or can be made in one. Blocking.
    static QString folderProblem(const QString &folder);

Q_SIGNALS:
    void measured(const QString &folder, qint64 bytesAvailable, qint64 bytesTotal, const QString &problem);

private:
    enum class Pending { InFlight, InFlightAndAgain };

    void start(const QString &folder);
    void finish(const QString &folder, qint64 available, qint64 total, const QString &problem);

    QThreadPool *m_pool;
    std::shared_ptr<GuardedReceiver> m_receiver;  // lets pool jobs outlive the probe safely
    QHash<QString, Pending> m_pending;
};
