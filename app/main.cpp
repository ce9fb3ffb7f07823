// The composition root: the only place that knows every concrete type. Builds the engine and
// either the headless runner or (in a later release) the window.
#include "commandline.h"
#include "downloadmanager.h"
#include "headlessrunner.h"
#include "networkpool.h"
#include "signalwatcher.h"

#include <QCoreApplication>
#include <QThreadPool>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("gather"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.1.0"));

    QString error;
    bool exitNow = false;
    std::optional<HeadlessOptions> options = CommandLine::parse(QCoreApplication::arguments(), &error, &exitNow);
    if (exitNow)
        return 0;
    if (!options) {
        std::fprintf(stderr, "gather: %s\nTry 'gather --help'.\n", qPrintable(error));
        return HeadlessRunner::UsageError;
    }
    if (!options->headless) {
        std::fprintf(stderr, "gather: this build has no window yet; run with --headless\n");
        return HeadlessRunner::UsageError;
    }

    // Disk work gets its own pool so it never competes with other QThreadPool users.
    QThreadPool diskPool;
    diskPool.setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
    NetworkPool network;
    DownloadManager manager(&network, &diskPool, options->settings);
    HeadlessRunner runner(&manager, std::move(*options));
    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::interrupted, &runner, &HeadlessRunner::interrupt);
    QObject::connect(&runner, &HeadlessRunner::done, &app, [](int code) { QCoreApplication::exit(code); });
    runner.start();
    const int code = QCoreApplication::exec();
    diskPool.waitForDone();
    return code;
}
