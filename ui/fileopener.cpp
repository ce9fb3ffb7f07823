#include "fileopener.h"

#include "base/safetext.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDesktopServices>
#include <QFileInfo>

FileOpener::FileOpener(const QDBusConnection &bus, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
    , m_openUrl([](const QUrl &url) { return QDesktopServices::openUrl(url); })
{
}

void FileOpener::openFile(const QString &path)
{
    open(path, tr("Could not open %1"));
}

void FileOpener::openFolder(const QString &folder)
{
    open(folder, tr("Could not open the folder %1"));
}

void FileOpener::showInFolder(const QString &filePath)
{
    // QFileInfo only parses the string: nothing touches the disk.
    const QString folder = QFileInfo(filePath).absolutePath();
    if (!m_bus.isConnected()) {
        openFolder(folder);
        return;
    }
    QDBusMessage call = QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.FileManager1"),
                                                       QStringLiteral("/org/freedesktop/FileManager1"),
                                                       QStringLiteral("org.freedesktop.FileManager1"),
                                                       QStringLiteral("ShowItems"));
    call << QStringList{QUrl::fromLocalFile(filePath).toString(QUrl::FullyEncoded)} << QString();
    // Without such a file manager the bus answers at once (ServiceUnknown); one it can start
    // answers once started. Either way nothing waits on the GUI thread.
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call, kFileManagerTimeoutMs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher, folder] {
        watcher->deleteLater();
        if (watcher->isError())
            openFolder(folder);
    });
}

void FileOpener::open(const QString &path, const QString &failure)
{
    if (!m_openUrl(QUrl::fromLocalFile(path)))
        Q_EMIT openFailed(failure.arg(SafeText::display(path)));
}
