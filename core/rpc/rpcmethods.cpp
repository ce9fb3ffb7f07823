#include "rpc/rpcmethods.h"

void RpcMethods::add(const QString &name, Handler handler)
{
    if (!m_handlers.contains(name))
        m_names.append(name);
    m_handlers.insert(name, std::move(handler));
}

const RpcMethods::Handler *RpcMethods::find(const QString &name) const
{
    const auto it = m_handlers.constFind(name);
    return it == m_handlers.cend() ? nullptr : &it.value();
}

void RpcMethods::addNotification(const QString &name)
{
    if (!m_notifications.contains(name))
        m_notifications.append(name);
}
