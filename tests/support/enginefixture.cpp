#include "enginefixture.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTest>

EngineFixture::EngineFixture(DownloadSettings settings)
    : m_settings(std::move(settings))
{
    m_diskPool.setMaxThreadCount(2);
    m_settings.folder = m_dir.path();
    m_manager = std::make_unique<DownloadManager>(&m_network, &m_diskPool, m_settings);
}

bool EngineFixture::shutdown(int timeoutMs)
{
    if (m_stopped)
        return true;
    bool stopped = false;
    QObject::connect(m_manager.get(), &DownloadManager::shutdownComplete, m_manager.get(), [&stopped] { stopped = true; });
    m_manager->shutdown();
    m_stopped = QTest::qWaitFor([&] { return stopped; }, timeoutMs);
    return m_stopped;
}

bool EngineFixture::restart(int timeoutMs)
{
    if (!shutdown(timeoutMs))
        return false;
    m_manager.reset();
    m_diskPool.waitForDone();
    m_manager = std::make_unique<DownloadManager>(&m_network, &m_diskPool, m_settings);
    m_stopped = false;
    return true;
}

EngineFixture::~EngineFixture()
{
    m_manager.reset();
    m_diskPool.waitForDone();
}

DownloadSettings EngineFixture::testSettings()
{
    DownloadSettings settings;
    settings.retryBaseDelayMs = 20;
    settings.retryMaxDelayMs = 200;
    settings.connectTimeoutMs = 10'000;
    settings.idleTimeoutMs = 10'000;
    settings.retries = 3;
    // Loopback servers only: a proxy in the environment that runs the tests must not matter.
    settings.proxy.mode = ProxySettings::Mode::None;
    return settings;
}

DownloadId EngineFixture::add(const QUrl &url)
{
    UrlEntry entry;
    entry.url = url;
    return add(entry);
}

DownloadId EngineFixture::add(const UrlEntry &entry)
{
    return m_manager->add(entry);
}

bool EngineFixture::waitFinal(DownloadId id, int timeoutMs) const
{
    return QTest::qWaitFor([&] { return DownloadStates::isFinal(m_manager->download(id)->state()); }, timeoutMs);
}

bool EngineFixture::waitState(DownloadId id, DownloadState state, int timeoutMs) const
{
    return QTest::qWaitFor([&] { return m_manager->download(id)->state() == state; }, timeoutMs);
}

QByteArray EngineFixture::sha256(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

QByteArray EngineFixture::fileSha256(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}

QStringList EngineFixture::files() const
{
    QStringList names = QDir(m_dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::System);
    names.sort();
    return names;
}
