// The composition root: the only place that knows every concrete type. Builds the engine and
// either the headless runner or the window (handing the links to a window already running).
#include "commandline.h"
#include "diskpool.h"
#include "downloadmanager.h"
#include "headlessrunner.h"
#include "networkpool.h"
#include "signalwatcher.h"

#ifdef GATHER_HAVE_UI
#include "instancemessage.h"
#include "singleinstance.h"
#include "windowsession.h"

#include <QApplication>
#include <QDir>
#endif

#include <QCoreApplication>
#include <QThreadPool>

#include <cstdio>

namespace {

int runHeadless(int argc, char *argv[], HeadlessOptions options)
{
    QCoreApplication app(argc, argv);
    // Disk work gets its own pool so it never competes with other QThreadPool users.
    QThreadPool diskPool;
    DiskPool::configure(diskPool);
    NetworkPool network;
    DownloadManager manager(&network, &diskPool, options.settings);
    HeadlessRunner runner(&manager, std::move(options));
    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::interrupted, &runner, &HeadlessRunner::interrupt);
    QObject::connect(&runner, &HeadlessRunner::done, &app, [](int code) { QCoreApplication::exit(code); });
    runner.start();
    const int code = QCoreApplication::exec();
    diskPool.waitForDone();
    return code;
}

#ifdef GATHER_HAVE_UI
int runWindow(int argc, char *argv[], const HeadlessOptions::WindowInput &input)
{
    QApplication app(argc, argv);
    QApplication::setQuitOnLastWindowClosed(false);  // the session decides: tray, ask, or quit
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.gather"));

    InstanceMessage message = InstanceMessage::fromCommandLine(
        input.urlText.isEmpty() ? QStringList() : QStringList{input.urlText}, input.listFiles, QDir::currentPath());
    message.folder = input.folder;
    if (SingleInstance::sendToRunning(message, 3000))
        return 0;
    SingleInstance instance;
    if (!instance.listen()) {
        if (instance.isHeldElsewhere() && SingleInstance::sendWhenListening(message, 5000))
            return 0;  // another copy started at the same moment and took the links
        std::fprintf(stderr, "gather: running without single-instance hand-off: %s\n", qPrintable(instance.errorString()));
    }

    WindowSession session;
    QObject::connect(&instance, &SingleInstance::received, &session, &WindowSession::receive);
    QObject::connect(&session, &WindowSession::finished, &app, [] { QCoreApplication::exit(0); });
    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::interrupted, &session, &WindowSession::quit);
    session.show();
    session.receive(message);
    return QApplication::exec();
}
#endif

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setApplicationName(QStringLiteral("gather"));
    QCoreApplication::setOrganizationName(QStringLiteral("gather"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.1.0"));

    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    QString error;
    bool exitNow = false;
    std::optional<HeadlessOptions> options = CommandLine::parse(arguments, &error, &exitNow);
    if (exitNow)
        return 0;
    if (!options) {
        std::fprintf(stderr, "gather: %s\nTry 'gather --help'.\n", qPrintable(error));
        return HeadlessRunner::UsageError;
    }
    if (options->headless)
        return runHeadless(argc, argv, std::move(*options));
#ifdef GATHER_HAVE_UI
    return runWindow(argc, argv, options->window);
#else
    std::fprintf(stderr, "gather: this build has no window; run with --headless\n");
    return HeadlessRunner::UsageError;
#endif
}
