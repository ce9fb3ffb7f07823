#include "remotecontrol.h"

#include "engine/downloadmanager.h"

RemoteControl::RemoteControl(DownloadManager &manager, QObject *parent)
    : QObject(parent)
    , m_aria2(manager)
    , m_listener(m_table)
{
    m_aria2.addTo(m_table);
    connect(&m_aria2, &Aria2Methods::notification, &m_listener, &RpcListener::notifyGid);
    connect(&m_aria2, &Aria2Methods::shutdownRequested, this, &RemoteControl::shutdownRequested);
    connect(&m_aria2, &Aria2Methods::saveSessionRequested, this, &RemoteControl::saveSessionRequested);
    connect(&m_aria2, &Aria2Methods::settingsChanged, this, &RemoteControl::settingsChanged);
}

RemoteControl::~RemoteControl() = default;

Result<void> RemoteControl::start(const RpcSettings &settings, const QString &allowedFolder)
{
    m_aria2.setAllowedFolder(allowedFolder);
    return m_listener.listen(settings);
}

void RemoteControl::stop()
{
    m_listener.close();
}

QString RemoteControl::where() const
{
    const QHostAddress address = m_listener.address();
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol ? u'[' % address.toString() % u']'
                                                                              : address.toString();
    return host % u':' % QString::number(m_listener.port());
}
