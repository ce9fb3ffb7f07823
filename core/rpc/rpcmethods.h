#pragma once

#include "rpc/rpcanswer.h"

#include <QHash>
#include <QJsonArray>
#include <QString>
#include <QStringList>

#include <functional>

// The methods and notifications a JSON-RPC endpoint offers, by name: filled once by whoever owns
// the work (Aria2Methods for the engine), read by the dispatcher for every call. GUI thread.
class RpcMethods final
{
public:
    // Called with the parameters after the secret token ("token:..."), which the dispatcher has
    // already checked and taken off.
    using Handler = std::function<RpcAnswer(const QJsonArray &params)>;

    void add(const QString &name, Handler handler);
    // nullptr for a name nobody added.
    const Handler *find(const QString &name) const;
    QStringList names() const { return m_names; }  // in the order added

    void addNotification(const QString &name);
    QStringList notifications() const { return m_notifications; }

private:
    QHash<QString, Handler> m_handlers;
    QStringList m_names;
    QStringList m_notifications;
};
