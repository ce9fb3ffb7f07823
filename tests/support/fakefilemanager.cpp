#include "fakefilemanager.h"

using namespace Qt::StringLiterals;

namespace {

const QString kService = u"org.freedesktop.FileManager1"_s;
const QString kPath = u"/org/freedesktop/FileManager1"_s;

} // namespace

FakeFileManager::FakeFileManager(const QDBusConnection &bus, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
{
}

FakeFileManager::~FakeFileManager()
{
    detach();
}

bool FakeFileManager::attach()
{
    if (!m_bus.registerObject(kPath, this, QDBusConnection::ExportScriptableSlots))
        return false;
    if (!m_bus.registerService(kService)) {
        m_bus.unregisterObject(kPath);
        return false;
    }
    m_attached = true;
    return true;
}

void FakeFileManager::detach()
{
    if (!m_attached)
        return;
    m_attached = false;
    m_bus.unregisterService(kService);
    m_bus.unregisterObject(kPath);
}

void FakeFileManager::ShowItems(const QStringList &uris, const QString &startupId)
{
    Q_UNUSED(startupId);
    m_shownItems.append(uris);
}
