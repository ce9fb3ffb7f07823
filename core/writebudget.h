#pragma once

#include <QtGlobal>

// The total unwritten bytes all FileWriters may hold at once, so memory stays flat however many
// downloads run. GUI thread only.
class WriteBudget final
{
public:
    static constexpr qint64 kDefaultLimit = 64 * 1024 * 1024;

    explicit WriteBudget(qint64 limit = kDefaultLimit) : m_limit(limit) {}

    bool hasRoom() const { return m_used < m_limit; }
    void take(qint64 bytes) { m_used += bytes; }
    void give(qint64 bytes) { m_used -= bytes; }
    qint64 used() const { return m_used; }
    qint64 limit() const { return m_limit; }

private:
    qint64 m_limit = kDefaultLimit;
    qint64 m_used = 0;
};
