#pragma once

#include <QDBusConnection>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>

// Opens what a finished download left, when the person asks from a notification: the file with
// the desktop's default application, or its folder with the file selected (the file manager's
// org.freedesktop.FileManager1 on the session bus, else the folder itself). Says when that fails,
// for the window to show. GUI thread.
class FileOpener final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FileOpener)

public:
    // Opens a file or folder URL with the desktop's handler (QDesktopServices::openUrl by default).
    using UrlOpener = std::function<bool(const QUrl &url)>;
    // A file manager that is being started by the bus may take seconds to answer.
    static constexpr int kFileManagerTimeoutMs = 10'000;

    explicit FileOpener(const QDBusConnection &bus, QObject *parent = nullptr);

    // Tests record the URL instead of starting a program.
    void setUrlOpener(UrlOpener opener) { m_openUrl = std::move(opener); }

    void openFile(const QString &path);
    void openFolder(const QString &folder);
    // Opens path (a file, or a folder) unless it is gone; the words when that failed, else empty.
    static QString tryOpen(const UrlOpener &opener, const QString &path, bool folder);
    // The file manager's window on the file's folder with the file selected; asynchronous.
    void showInFolder(const QString &filePath);

Q_SIGNALS:
    void openFailed(const QString &message);

private:
    void open(const QString &path, bool folder);

    QDBusConnection m_bus;
    UrlOpener m_openUrl;
};
