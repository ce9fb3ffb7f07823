#pragma once

#include "base/result.h"

#include <QObject>
#include <QString>

#include <memory>

class GuardedReceiver;
class QThreadPool;

// Saves a list file (Aria2Export::save: all of it or nothing) on the disk pool, so a window
// never waits for the disk; saved() comes back on the owner's thread, and never after the saver
// is gone. Lives in the GUI thread.
class ListFileSaver final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ListFileSaver)

public:
    explicit ListFileSaver(QThreadPool *pool, QObject *parent = nullptr);
    ~ListFileSaver() override;

    // Returns a ticket that saved() names.
    quint64 save(const QString &path, const QString &text);

Q_SIGNALS:
    void saved(quint64 ticket, const Result<void> &result);

private:
    QThreadPool *m_pool;
    std::shared_ptr<GuardedReceiver> m_receiver;
    quint64 m_nextTicket = 1;
};
