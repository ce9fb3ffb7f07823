#pragma once

#include <QHash>
#include <QString>
#include <functional>

// Counts the extra connections segmented downloads hold per origin, beyond the one every active
// download has, and lets the manager decide whether one more fits (per-host limit, queued
// downloads first). Owned by the DownloadManager; GUI thread.
class ConnectionBudget final
{
    Q_DISABLE_COPY_MOVE(ConnectionBudget)

public:
    // May origin get one more extra connection, given how many extras it holds now?
    using Policy = std::function<bool(const QString &origin, int extrasInUse)>;
    // An extra connection was given back: a queued download may fit now.
    using Released = std::function<void(const QString &origin)>;

    ConnectionBudget() = default;

    void setPolicy(Policy policy) { m_policy = std::move(policy); }
    void setReleased(Released released) { m_released = std::move(released); }

    bool tryTake(const QString &origin);
    void give(const QString &origin);
    int inUse(const QString &origin) const { return m_inUse.value(origin); }

private:
    QHash<QString, int> m_inUse;
    Policy m_policy;
    Released m_released;
};
