#include "base/guardedreceiver.h"

#include <QMetaObject>
#include <QMutexLocker>
#include <QObject>

void GuardedReceiver::detach()
{
    m_detached = true;
    QMutexLocker lock(&m_mutex);
    m_receiver = nullptr;
}

void GuardedReceiver::post(std::function<void()> call)
{
    QMutexLocker lock(&m_mutex);
    // A call already queued when the receiver dies is dropped by Qt with the receiver's events.
    if (m_receiver)
        QMetaObject::invokeMethod(m_receiver, std::move(call), Qt::QueuedConnection);
}
