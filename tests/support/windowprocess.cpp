#include "windowprocess.h"

#include "testfiles.h"

#include <QDir>
#include <QFile>
#include <QProcess>

WindowProcess::WindowProcess(const QString &root)
    : m_root(root)
    , m_environment(QProcessEnvironment::systemEnvironment())
{
    m_environment.insert(QStringLiteral("GATHER_INSTANCE_NAME"), m_root + QStringLiteral("/instance.sock"));
    m_environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    m_environment.insert(QStringLiteral("HOME"), m_root);
    m_environment.insert(QStringLiteral("XDG_CONFIG_HOME"), configDir());
    m_environment.insert(QStringLiteral("XDG_DATA_HOME"), dataDir());
    m_environment.insert(QStringLiteral("XDG_STATE_HOME"), m_root + QStringLiteral("/state"));
    m_environment.insert(QStringLiteral("XDG_CACHE_HOME"), m_root + QStringLiteral("/cache"));
}

bool WindowProcess::writeSettings(const QByteArray &ini) const
{
    for (const QString &path : QStringList{configDir() + QStringLiteral("/gather"), dataDir(), downloadsDir()}) {
        if (!QDir().mkpath(path)) {
            qWarning("cannot make %s", qPrintable(path));
            return false;
        }
    }
    const QString path = configDir() + QStringLiteral("/gather/gather.ini");
    QFile::remove(path);  // written anew: a test may start the window again with other settings
    return TestFiles::writeFile(path, ini);
}

bool WindowProcess::start(QProcess &process, const QStringList &arguments) const
{
    process.setProcessEnvironment(m_environment);
    process.setWorkingDirectory(m_root);
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(QStringLiteral(GATHER_BINARY), arguments);
    if (!process.waitForStarted(10'000)) {
        qWarning("gather did not start: %s", qPrintable(process.errorString()));
        return false;
    }
    return true;
}
