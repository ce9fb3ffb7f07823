#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

class QProcess;

// The real `gather` in window mode for tests: offscreen, with its own HOME, XDG folders and
// single-instance socket under one temporary folder, and a settings file written before it
// starts (see app/main.cpp's contract in tst_singleinstance). Test thread.
class WindowProcess final
{
public:
    explicit WindowProcess(const QString &root);

    QString configDir() const { return m_root + QStringLiteral("/config"); }
    QString dataDir() const { return m_root + QStringLiteral("/data"); }
    QString downloadsDir() const { return m_root + QStringLiteral("/downloads"); }
    // Where the window keeps its list (QStandardPaths::AppDataLocation).
    QString databasePath() const { return dataDir() + QStringLiteral("/gather/gather/downloads.db"); }

    // Makes the folders and writes config/gather/gather.ini anew; false with the reason logged.
    bool writeSettings(const QByteArray &ini) const;
    // Starts gather with these arguments in the root folder; false with the reason logged.
    bool start(QProcess &process, const QStringList &arguments = {}) const;

private:
    QString m_root;
    QProcessEnvironment m_environment;
};
