#include "fakenotificationserver.h"

using namespace Qt::StringLiterals;

namespace {

const QString kService = u"org.freedesktop.Notifications"_s;
const QString kPath = u"/org/freedesktop/Notifications"_s;

} // namespace

FakeNotificationServer::FakeNotificationServer(const QDBusConnection &bus, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
{
}

FakeNotificationServer::~FakeNotificationServer()
{
    detach();
}

bool FakeNotificationServer::attach()
{
    if (!m_bus.registerObject(kPath, this, QDBusConnection::ExportScriptableSlots | QDBusConnection::ExportScriptableSignals))
        return false;
    if (!m_bus.registerService(kService)) {
        m_bus.unregisterObject(kPath);
        return false;
    }
    m_attached = true;
    return true;
}

void FakeNotificationServer::detach()
{
    if (!m_attached)
        return;
    m_attached = false;
    m_bus.unregisterService(kService);
    m_bus.unregisterObject(kPath);
}

QStringList FakeNotificationServer::GetCapabilities()
{
    ++m_capabilityQueries;
    return m_capabilities;
}

uint FakeNotificationServer::Notify(const QString &appName, uint replacesId, const QString &appIcon,
                                    const QString &summary, const QString &body, const QStringList &actions,
                                    const QVariantMap &hints, int expireTimeout)
{
    Sent sent{m_nextId++, appName, replacesId, appIcon, summary, body, actions, hints, expireTimeout};
    m_sent.append(sent);
    return sent.id;
}

void FakeNotificationServer::CloseNotification(uint id)
{
    m_closeRequests.append(id);
    close(id, 3);  // 3: closed by CloseNotification
}

QString FakeNotificationServer::GetServerInformation(QString &vendor, QString &version, QString &specVersion)
{
    vendor = u"Gather tests"_s;
    version = u"1"_s;
    specVersion = u"1.2"_s;
    return u"fake"_s;
}
