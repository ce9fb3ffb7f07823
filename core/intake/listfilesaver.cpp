#include "intake/listfilesaver.h"

#include "base/guardedreceiver.h"
#include "intake/aria2export.h"

#include <QThreadPool>

ListFileSaver::ListFileSaver(QThreadPool *pool, QObject *parent)
    : QObject(parent)
    , m_pool(pool)
    , m_receiver(std::make_shared<GuardedReceiver>(this))
{
}

ListFileSaver::~ListFileSaver()
{
    m_receiver->detach();
}

quint64 ListFileSaver::save(const QString &path, const QString &text)
{
    const quint64 ticket = m_nextTicket++;
    m_pool->start([receiver = m_receiver, path, text, ticket, this] {
        Result<void> result = Aria2Export::save(path, text);
        // Runs on the saver's thread, and only while the saver exists.
        receiver->post([this, ticket, result = std::move(result)] { Q_EMIT saved(ticket, result); });
    });
    return ticket;
}
