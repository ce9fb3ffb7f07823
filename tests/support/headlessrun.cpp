#include "headlessrun.h"

#include <QProcessEnvironment>
#include <QTest>

#include <signal.h>

using namespace Qt::StringLiterals;

namespace {

const QStringList Statuses = {u"ok"_s, u"failed"_s, u"cancelled"_s, u"interrupted"_s,
                              u"rejected"_s};

QList<QByteArray> nonEmptyLines(const QByteArray &text)
{
    QList<QByteArray> lines;
    for (QByteArray line : text.split('\n')) {
        if (line.endsWith('\r')) {
            line.chop(1);
        }
        if (!line.isEmpty()) {
            lines.append(line);
        }
    }
    return lines;
}

} // namespace

ReportLine ReportLine::parse(const QByteArray &line)
{
    const QList<QByteArray> fields = line.split('\t');
    // The ERROR field is empty on success; tolerate a writer that drops the trailing TAB.
    if (fields.size() < 5) {
        return {};
    }
    ReportLine result;
    bool bytesOk = false;
    bool secondsOk = false;
    result.bytes = fields.at(1).toLongLong(&bytesOk);
    result.seconds = fields.at(2).toDouble(&secondsOk);
    result.path = QString::fromUtf8(fields.at(3));
    result.url = QString::fromUtf8(fields.at(4));
    result.error = QString::fromUtf8(fields.mid(5).join('\t'));
    const QString status = QString::fromUtf8(fields.at(0));
    if (bytesOk && secondsOk && Statuses.contains(status)) {
        result.status = status;
    }
    return result;
}

HeadlessRun::HeadlessRun()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    m_process.setProcessEnvironment(environment);
}

HeadlessRun::~HeadlessRun()
{
    if (isRunning()) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

void HeadlessRun::setWorkingDirectory(const QString &directory)
{
    m_process.setWorkingDirectory(directory);
}

void HeadlessRun::start(const QStringList &arguments)
{
    m_stdout.clear();
    m_stderr.clear();
    m_timedOut = false;
    m_process.start(program(), QStringList{u"--headless"_s} + arguments);
    if (m_process.waitForStarted(10000) && !m_standardInput.isEmpty()) {
        m_process.write(m_standardInput);
    }
    m_process.closeWriteChannel();
}

bool HeadlessRun::waitForFinished(std::chrono::milliseconds timeout)
{
    // Reading while waiting keeps the pipes drained however much the child prints.
    const bool finished = QTest::qWaitFor(
        [this] {
            collectOutput();
            return m_process.state() == QProcess::NotRunning;
        },
        int(timeout.count()));
    if (!finished) {
        m_timedOut = true;
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    collectOutput();
    return finished;
}

bool HeadlessRun::run(const QStringList &arguments, std::chrono::milliseconds timeout)
{
    start(arguments);
    return waitForFinished(timeout);
}

void HeadlessRun::sendSignal(int signal) const
{
    if (const qint64 pid = m_process.processId(); pid > 0) {
        ::kill(pid_t(pid), signal);
    }
}

QByteArray HeadlessRun::standardOutput()
{
    collectOutput();
    return m_stdout;
}

QByteArray HeadlessRun::standardError()
{
    collectOutput();
    return m_stderr;
}

bool HeadlessRun::exitedNormally() const
{
    return !m_timedOut && m_process.state() == QProcess::NotRunning
        && m_process.exitStatus() == QProcess::NormalExit
        && m_process.error() != QProcess::FailedToStart;
}

QList<ReportLine> HeadlessRun::report() const
{
    QList<ReportLine> lines;
    for (const QByteArray &line : nonEmptyLines(m_stdout)) {
        lines.append(ReportLine::parse(line));
    }
    return lines;
}

QString HeadlessRun::reportError() const
{
    for (const QByteArray &line : nonEmptyLines(m_stdout)) {
        if (!ReportLine::parse(line).isValid()) {
            return u"malformed report line: "_s + QString::fromUtf8(line);
        }
    }
    return {};
}

QString HeadlessRun::describe() const
{
    QString text = program() + u" exited "_s;
    if (m_timedOut) {
        text += u"never (killed after the timeout)"_s;
    } else if (m_process.error() == QProcess::FailedToStart) {
        text += u"never (failed to start: "_s + m_process.errorString() + u')';
    } else if (m_process.exitStatus() == QProcess::CrashExit) {
        text += u"by crashing"_s;
    } else {
        text += u"with code "_s + QString::number(m_process.exitCode());
    }
    // Long runs print hundreds of lines; the ends are what explain a failure.
    const auto tail = [](const QByteArray &bytes) {
        const QString all = QString::fromUtf8(bytes);
        return all.size() > 4000 ? u"..."_s + all.right(4000) : all;
    };
    return text + u"\n--- stdout:\n"_s + tail(m_stdout) + u"\n--- stderr:\n"_s + tail(m_stderr);
}

QString HeadlessRun::program()
{
    return QStringLiteral(GATHER_BINARY);
}

void HeadlessRun::collectOutput()
{
    m_stdout += m_process.readAllStandardOutput();
    m_stderr += m_process.readAllStandardError();
}
