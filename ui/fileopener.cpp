#include "fileopener.h"

#include "base/safetext.h"
#include "eventloopchoice.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QFileInfo>

FileOpener::FileOpener(const QDBusConnection &bus, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
    , m_openUrl(&EventLoopChoice::openUrl)
{
}

void FileOpener::openFile(const QString &path)
{
    open(path, false);
}

void FileOpener::openFolder(const QString &folder)
{
    open(folder, true);
}

QString FileOpener::tryOpen(const UrlOpener &opener, const QString &path, bool folder)
{
    const QString shown = SafeText::display(path);
    // A file moved or deleted since it finished: the desktop would say nothing, or open a blank.
    if (!QFileInfo::exists(path))
        return folder ? tr("The folder %1 is no longer there").arg(shown) : tr("%1 is no longer there").arg(shown);
    if (opener(QUrl::fromLocalFile(path)))
        return {};
    return folder ? tr("Could not open the folder %1").arg(shown)
                  : tr("No application is set up to open %1").arg(shown);
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

void FileOpener::open(const QString &path, bool folder)
{
    if (const QString failure = tryOpen(m_openUrl, path, folder); !failure.isEmpty())
        Q_EMIT openFailed(failure);
}
