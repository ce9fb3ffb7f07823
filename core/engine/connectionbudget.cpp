#include "engine/connectionbudget.h"

bool ConnectionBudget::tryTake(const QString &origin)
{
    const int used = m_inUse.value(origin);
    if (m_policy && !m_policy(origin, used))
        return false;
    m_inUse[origin] = used + 1;
    return true;
}

void ConnectionBudget::give(const QString &origin)
{
    auto it = m_inUse.find(origin);
    if (it == m_inUse.end())
        return;
    if (--it.value() <= 0)
        m_inUse.erase(it);
    if (m_released)
        m_released(origin);
}
