// The composition root: the only place that knows every concrete type. Builds the engine and
// either the headless runner or the window (handing the links to a window already running).
#include "base/version.h"
#include "commandline.h"
#include "disk/diskpool.h"
#include "disk/heaptuning.h"
#include "engine/downloadmanager.h"
#include "engineoptions.h"
#include "eventloopchoice.h"
#include "headlessrunner.h"
#include "remotecontrol.h"
#include "instancemessage.h"
#include "net/netscapecookies.h"
#include "net/networkpool.h"
#include "signalwatcher.h"
#include "singleinstance.h"
#include "windowsession.h"

#include <QApplication>
#include <QDir>

#include <QCoreApplication>
#include <QThreadPool>

#include <cstdio>

namespace {

int runHeadless(int argc, char *argv[], HeadlessOptions options)
{
    EventLoopChoice::apply(EventLoopChoice::Program::Headless);
    QCoreApplication app(argc, argv);
    if (const Result<void> made = EngineOptions::makeCertificates(options.settings); !made) {
        std::fprintf(stderr, "gather: %s\nTry 'gather --help'.\n", qPrintable(made.problem()));
        return HeadlessRunner::UsageError;
    }
    // Disk work gets its own pool so it never competes with other QThreadPool users.
    QThreadPool diskPool;
    DiskPool::configure(diskPool);
    NetworkPool network;
    DownloadManager manager(&network, &diskPool, options.settings);
    const QString saveCookiesFile = options.saveCookiesFile;
    RpcOptions::Values rpc = options.rpc;
    HeadlessRunner runner(&manager, std::move(options));
    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::interrupted, &runner, &HeadlessRunner::interrupt);
    QObject::connect(&runner, &HeadlessRunner::done, &app, [](int code) { QCoreApplication::exit(code); });
    std::unique_ptr<RemoteControl> remote;
    bool listenFailed = false;
    if (rpc.enabled) {
        if (const Result<void> secret = RpcOptions::fillSecret(rpc); !secret) {
            std::fprintf(stderr, "gather: %s\n", qPrintable(secret.problem()));
            return HeadlessRunner::UsageError;
        }
        remote = std::make_unique<RemoteControl>(manager);
        QObject::connect(remote.get(), &RemoteControl::shutdownRequested, &runner, &HeadlessRunner::stop);
        // Listens once the kept downloads are listed, so new ones get ids (GIDs) after theirs.
        QObject::connect(&runner, &HeadlessRunner::listed, remote.get(), [&remote, &runner, &rpc, &listenFailed] {
            if (const Result<void> listening = remote->start(rpc.settings, rpc.allowedFolder); !listening) {
                std::fprintf(stderr, "gather: %s\n", qPrintable(listening.problem()));
                listenFailed = true;
                runner.stop();
                return;
            }
            std::fprintf(stderr, "gather: JSON-RPC on http://%s/jsonrpc and ws://%s/jsonrpc\n",
                         qPrintable(remote->where()), qPrintable(remote->where()));
        });
    }
    runner.start();
    int code = QCoreApplication::exec();
    if (listenFailed && code == HeadlessRunner::AllSucceeded)
        code = HeadlessRunner::SomeFailed;
    diskPool.waitForDone();
    if (!saveCookiesFile.isEmpty()) {
        if (const Result<void> saved = NetscapeCookies::save(saveCookiesFile, network.cookies().all()); !saved) {
            std::fprintf(stderr, "gather: %s\n", qPrintable(saved.problem()));
            code = code == HeadlessRunner::AllSucceeded ? HeadlessRunner::SomeFailed : code;
        }
    }
    return code;
}

int runWindow(int argc, char *argv[], const HeadlessOptions::WindowInput &input)
{
    EventLoopChoice::apply(EventLoopChoice::Program::Window);
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

} // namespace

int main(int argc, char *argv[])
{
    HeapTuning::apply();  // before any thread allocates: body batches stay on the heap
    QCoreApplication::setApplicationName(QStringLiteral("gather"));
    QCoreApplication::setOrganizationName(QStringLiteral("gather"));
    QCoreApplication::setApplicationVersion(Version::text());

    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    ParsedCommandLine parsed = CommandLine::parse(arguments);
    switch (parsed.action) {
    case ParsedCommandLine::Action::Print:
        std::fputs(qPrintable(parsed.text), stdout);
        return 0;
    case ParsedCommandLine::Action::UsageError:
        std::fprintf(stderr, "gather: %s\nTry 'gather --help'.\n", qPrintable(parsed.text));
        return HeadlessRunner::UsageError;
    case ParsedCommandLine::Action::Run:
        break;
    }
    if (parsed.options.headless)
        return runHeadless(argc, argv, std::move(parsed.options));
    for (const QString &note : std::as_const(parsed.options.window.notes))
        std::fprintf(stderr, "gather: %s\n", qPrintable(note));
    return runWindow(argc, argv, parsed.options.window);
}
