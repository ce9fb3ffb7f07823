#pragma once

#include <QByteArray>
#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <chrono>

// One line of `gather --headless`'s final report (STATUS, BYTES, SECONDS, PATH, URL, ERROR).
struct ReportLine {
    QString status;
    qint64 bytes = -1;
    double seconds = -1;
    QString path; // "-" when no file was produced
    QString url;
    QString error;

    // Parses one TAB-separated report line; status stays empty if the line is malformed.
    static ReportLine parse(const QByteArray &line);
    bool isValid() const { return !status.isEmpty(); }
};

// Runs the built `gather --headless` in a child process, waits for it by polling the event loop
// and parses its report; used from the test's main thread.
class HeadlessRun final
{
public:
    HeadlessRun();
    ~HeadlessRun();
    Q_DISABLE_COPY_MOVE(HeadlessRun)

    void setWorkingDirectory(const QString &directory);
    // Written to the child's stdin, which is then closed (for `-i -`).
    void setStandardInput(const QByteArray &data) { m_standardInput = data; }

    // Starts `gather --headless ARGUMENTS...`.
    void start(const QStringList &arguments);
    // Polls until the process has exited; on timeout it is killed and false returned.
    [[nodiscard]] bool waitForFinished(std::chrono::milliseconds timeout);
    // Convenience: start() then waitForFinished().
    [[nodiscard]] bool run(const QStringList &arguments, std::chrono::milliseconds timeout);

    qint64 processId() const { return m_process.processId(); }
    void sendSignal(int signal) const;
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }

    bool exitedNormally() const;
    int exitCode() const { return m_process.exitCode(); }
    // Everything printed so far, also while the process still runs (e.g. to wait for progress).
    QByteArray standardOutput();
    QByteArray standardError();

    // The parsed report; reportError() names the first line that did not parse.
    QList<ReportLine> report() const;
    QString reportError() const;
    // Exit code, stdout and stderr, for QVERIFY2 messages.
    QString describe() const;

    static QString program();

private:
    void collectOutput();

    QProcess m_process;
    QByteArray m_standardInput;
    QByteArray m_stdout;
    QByteArray m_stderr;
    bool m_timedOut = false;
};
