#pragma once

#include <QMutex>

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

private:
    QMutex m_mutex;  // a post in progress finishes before detach() returns
    QObject *m_receiver = nullptr;
};
