#pragma once

#include <QMutex>

#include <atomic>
#include <functional>

class QObject;

// Lets pool tasks post calls to a QObject that may be destroyed before they finish: the owner
// detaches it first thing in its destructor, after which posts are dropped. Shared by the tasks
// through std::shared_ptr; post() from any thread, the calls run in the receiver's thread.
class GuardedReceiver final
{
    Q_DISABLE_COPY_MOVE(GuardedReceiver)

public:
    explicit GuardedReceiver(QObject *receiver) : m_receiver(receiver) {}

    void detach();
    void post(std::function<void()> call);
    // Set by detach(), readable from any thread: long tasks may stop early once nobody listens.
    const std::atomic_bool &detached() const { return m_detached; }

private:
    QMutex m_mutex;  // a post in progress finishes before detach() returns
    QObject *m_receiver = nullptr;
    std::atomic_bool m_detached = false;
};
