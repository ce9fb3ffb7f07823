#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

// A D-Bus daemon of the test's own: a minimal session-bus configuration in a temporary folder
// (no service activation, so no call starts a program of the machine), run in the foreground
// as a child that dies with the test, its address read from what it prints. Test's main thread.
class PrivateBus final
{
public:
    PrivateBus() = default;
    ~PrivateBus();
    Q_DISABLE_COPY_MOVE(PrivateBus)

    // Fails with errorString() when dbus-daemon is missing or does not start.
    [[nodiscard]] bool start(int timeoutMs = 10000);
    void stop();
    QString address() const { return m_address; }
    QString errorString() const { return m_error; }

private:
    QTemporaryDir m_dir;
    QProcess m_daemon;
    QString m_address;
    QString m_error;
};
