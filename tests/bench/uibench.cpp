// gather_uibench: the window under load, offscreen. Two measurements:
//   --scale N                      N URLs dropped at once: time until every row is in the table,
//                                  event-loop stall while adding, scrolling, sorting and filtering.
//   --list FILE --dir DIR -j N ... the list downloaded through the window (the GUI variant of the
//                                  many-small benchmark): wall time and stall, as one JSON line.
//   --restore N                    a kept list of N downloads (half completed, half paused) read
//                                  back from the store at start: time to the first rows, to the
//                                  last row, and the stall meanwhile; then the cost of saving it.
// The stall is the lateness of a 10 ms timer (StallProbe). The event dispatcher is the one the
// window picks (EventLoopChoice): Qt's own, or GLib's when QT_NO_GLIB is set empty.
#include "adddialog.h"
#include "appsettings.h"
#include "disk/diskpool.h"
#include "disk/freespaceprobe.h"
#include "disk/heaptuning.h"
#include "downloadtableview.h"
#include "engine/chunkedadder.h"
#include "engine/downloadmanager.h"
#include "eventloopchoice.h"
#include "faultserver.h"
#include "intake/urllistloader.h"
#include "list/downloadlistmodel.h"
#include "mainwindow.h"
#include "net/networkpool.h"
#include "notificationrouter.h"
#include "notifier.h"
#include "stallprobe.h"
#include "store/downloadstore.h"
#include "store/storesync.h"
#include "trayicon.h"
#include "urlintake.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>
#include <QFileInfo>
#include <QHeaderView>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <cstdio>
#include <functional>

namespace {

// The objects WindowSession builds for the window, with settings in a temporary file.
struct Window {
    Window(const DownloadSettings &engine, const QString &settingsPath, bool addDialog = false)
        : store(settingsPath, QSettings::IniFormat)
        , appSettings(&store)
        , manager(&network, &diskPool, engine)
        , model(&manager)
        , loader(&diskPool)
        , probe(&diskPool)
        , window(&manager, &model, &probe, &store)
        , intake(&manager, &appSettings, &loader, &probe, &window)
        , notifier(&manager, &appSettings)
        , tray(&manager, &window)
        , router(&notifier, nullptr, &tray)
    {
        DiskPool::configure(diskPool);
        AppSettings::Values values = appSettings.values();
        values.addDialogOnDrop = addDialog;
        values.folder = engine.folder;
        values.maxConcurrent = engine.maxConcurrent;
        values.maxPerHost = engine.maxPerHost;
        appSettings.setValues(values);
        window.resize(1280, 800);
        window.show();
        tray.show();
    }

    QThreadPool diskPool;
    NetworkPool network;
    QSettings store;
    AppSettings appSettings;
    DownloadManager manager;
    DownloadListModel model;
    UrlListLoader loader;
    FreeSpaceProbe probe;
    MainWindow window;
    UrlIntake intake;
    Notifier notifier;
    TrayIcon tray;
    // Without the session bus: the benchmark measures the window, not the desktop's notifications.
    NotificationRouter router;
};

// Runs the event loop as the application does until done() holds, checked whenever sender emits
// signal; false after timeoutMs. Not QTest::qWaitFor: that sleeps 10 ms each time the loop runs
// dry, and the GUI thread is what hands the downloads their data and adds the rows, so the
// window would be measured with most of its turns missing.
template<typename Sender, typename Signal>
bool runUntil(const Sender *sender, Signal signal, const std::function<bool()> &done, int timeoutMs)
{
    QEventLoop loop;
    bool reached = false;
    QObject::connect(sender, signal, &loop, [&] {
        reached = done();
        if (reached)
            loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return reached;
}

void printRow(const char *what, double ms, const StallProbe &probe)
{
    std::printf("| %-34s | %9.1f | %9.1f | %9.1f |\n", what, ms, probe.p99Ms(), probe.maxMs());
}

int scale(int count, bool addDialog)
{
    FaultServer server;
    if (!server.listen())
        return 1;
    FaultResponse silent;
    silent.neverRespond = true;
    server.setDefaultResponse(silent);
    QTemporaryDir dir;
    DownloadSettings engine;
    engine.folder = dir.path();
    engine.maxConcurrent = 4;
    Window w(engine, dir.filePath(QStringLiteral("gather.ini")), addDialog);
    if (!QTest::qWaitForWindowExposed(&w.window))
        return 1;
    // Through the Add dialog, as a drop goes by default: it is accepted as soon as it opens.
    QObject::connect(&w.intake, &UrlIntake::addDialogShown, &w.window, [](AddDialog *dialog) {
        QTimer::singleShot(0, dialog, &QDialog::accept);
    });

    QString text;
    text.reserve(qsizetype(count) * 48);
    for (int i = 0; i < count; ++i)
        text += server.url(QStringLiteral("/data/file%1.bin").arg(i)).toString() % u'\n';

    std::printf("| %-34s | %9s | %9s | %9s |\n|%s|%s|%s|%s|\n", "step", "ms", "stall p99", "stall max",
                "------------------------------------", "-----------", "-----------", "-----------");
    StallProbe probe;
    QElapsedTimer clock;
    probe.start();
    clock.start();
    w.intake.submit(DroppedInput{text, {}});
    // The model takes each slice in its own slot on downloadsAdded, connected before this one.
    if (!runUntil(&w.manager, &DownloadManager::downloadsAdded, [&] { return w.model.rowCount() == count; }, 60'000))
        return 1;
    const double addMs = double(clock.nsecsElapsed()) / 1e6;
    probe.stop();
    printRow(addDialog ? "add via Add dialog (drop to last row)" : "add (drop to last row shown)", addMs, probe);

    QScrollBar *bar = w.window.table()->verticalScrollBar();
    probe.start();
    clock.restart();
    for (int step = 0; step < 400; ++step) {
        bar->setValue(int(qint64(bar->maximum()) * step / 399));
        QCoreApplication::processEvents();
    }
    probe.stop();
    printRow("scroll 400 pages", double(clock.nsecsElapsed()) / 1e6, probe);

    const QList<QPair<const char *, int>> columns{{"sort by Name", DownloadColumns::Name},
                                                  {"sort by Url", DownloadColumns::Url},
                                                  {"sort by Status", DownloadColumns::Status},
                                                  {"sort by Added", DownloadColumns::Added},
                                                  {"sort by Size", DownloadColumns::Size}};
    for (const auto &[name, column] : columns) {
        for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            probe.start();
            clock.restart();
            w.window.table()->horizontalHeader()->setSortIndicator(column, order);
            w.window.table()->viewport()->repaint();
            const double ms = double(clock.nsecsElapsed()) / 1e6;
            QCoreApplication::processEvents();
            probe.stop();
            printRow(QStringLiteral("%1 %2").arg(QLatin1StringView(name), order == Qt::AscendingOrder ? u"asc" : u"desc")
                         .toUtf8().constData(), ms, probe);
        }
    }
    for (const QString &filter : {QStringLiteral("file9"), QStringLiteral("file12345"), QString()}) {
        probe.start();
        clock.restart();
        w.model.setTextFilter(filter);
        w.window.table()->viewport()->repaint();
        const double ms = double(clock.nsecsElapsed()) / 1e6;
        QCoreApplication::processEvents();
        probe.stop();
        printRow(QStringLiteral("text filter \"%1\" (%2 rows)").arg(filter).arg(w.model.rowCount()).toUtf8().constData(), ms, probe);
    }
    // A measurement window, not a wait for work: the idle loop with transfers open.
    QEventLoop idle;
    probe.start();
    QTimer::singleShot(2000, &idle, &QEventLoop::quit);
    idle.exec();
    probe.stop();
    printRow("idle 2 s with 4 transfers open", 2000, probe);
    return 0;
}

int downloadList(const QString &list, const QString &folder, int jobs, int perHost)
{
    QTemporaryDir dir;
    DownloadSettings engine;
    engine.folder = folder;
    engine.maxConcurrent = jobs;
    engine.maxPerHost = perHost;
    Window w(engine, dir.filePath(QStringLiteral("gather.ini")));
    if (!QTest::qWaitForWindowExposed(&w.window))
        return 1;
    StallProbe probe;
    QElapsedTimer clock;
    probe.start();
    clock.start();
    w.intake.submit(DroppedInput{{}, {QFileInfo(list).absoluteFilePath()}});
    const bool finished = runUntil(&w.manager, &DownloadManager::allFinished, [&] { return w.manager.count() > 0; },
                                   3'600'000);
    const double wallMs = double(clock.nsecsElapsed()) / 1e6;
    probe.stop();
    const bool ok = finished && w.manager.countIn(DownloadState::Completed) == w.manager.count();
    std::printf("{\"wall_ms\": %.1f, \"stall_p99_ms\": %.2f, \"stall_max_ms\": %.2f, \"downloads\": %d, \"ok\": %s}\n",
                wallMs, probe.p99Ms(), probe.maxMs(), w.manager.count(), ok ? "true" : "false");
    return ok ? 0 : 1;
}

int restore(int count)
{
    QTemporaryDir dir;
    const QString database = dir.filePath(QStringLiteral("downloads.db"));
    {
        // The list an earlier session left: what a heavy user's history looks like.
        QList<DownloadSnapshot> kept;
        kept.reserve(count);
        const QDateTime added = QDateTime::currentDateTimeUtc().addDays(-3);
        for (int i = 0; i < count; ++i) {
            DownloadSnapshot s;
            s.id = DownloadId(i + 1);
            s.position = i + 1;
            s.entry.url = QUrl(QStringLiteral("http://127.0.0.1:9/data/file%1.bin").arg(i));
            s.entry.dir = dir.path();
            s.fileName = QStringLiteral("file%1.bin").arg(i);
            s.finalPath = dir.filePath(s.fileName);
            s.totalBytes = 100 * 1024;
            s.addedAt = added.addSecs(i);
            if (i % 2 == 0) {
                s.state = DownloadState::Completed;
                s.bytesWritten = s.totalBytes;
                s.finishedAt = s.addedAt.addSecs(1);
            } else {
                s.state = DownloadState::Paused;  // no .part: the store's check restarts it paused
                s.partPath = s.finalPath + QStringLiteral(".part");
            }
            kept.append(s);
        }
        DownloadStore writer(database);
        QSignalSpy flushed(&writer, &DownloadStore::flushed);
        writer.save(kept);
        writer.flush();
        if (!flushed.wait(600'000))
            return 1;
    }
    DownloadSettings engine;
    engine.folder = dir.path();
    Window w(engine, dir.filePath(QStringLiteral("gather.ini")));
    if (!QTest::qWaitForWindowExposed(&w.window))
        return 1;
    DownloadStore store(database);
    StoreSync sync(&w.manager, &store);
    std::printf("| %-34s | %9s | %9s | %9s |\n|%s|%s|%s|%s|\n", "step", "ms", "stall p99", "stall max",
                "------------------------------------", "-----------", "-----------", "-----------");
    StallProbe probe;
    QElapsedTimer clock;
    probe.start();
    clock.start();
    sync.restore(false);
    double firstRowsMs = -1;
    bool all = false;
    QObject::connect(&sync, &StoreSync::restored, &w.window, [&] { all = true; });
    if (!runUntil(&w.manager, &DownloadManager::downloadsAdded, [&] {
            if (firstRowsMs < 0) {
                w.window.table()->viewport()->repaint();
                firstRowsMs = double(clock.nsecsElapsed()) / 1e6;
            }
            return w.model.rowCount() == count;
        }, 600'000))
        return 1;
    const double allMs = double(clock.nsecsElapsed()) / 1e6;
    probe.stop();
    printRow(QStringLiteral("restore %1: first rows shown").arg(count).toUtf8().constData(), firstRowsMs, probe);
    printRow(QStringLiteral("restore %1: last row listed").arg(count).toUtf8().constData(), allMs, probe);
    // Saving the whole list once (what a change to every row would cost).
    QSignalSpy flushed(&store, &DownloadStore::flushed);
    QList<DownloadId> ids = w.manager.ids();
    probe.start();
    clock.restart();
    store.save(w.manager.snapshots(ids));
    const double handOffMs = double(clock.nsecsElapsed()) / 1e6;
    store.flush();
    if (!flushed.wait(600'000))
        return 1;
    probe.stop();
    printRow(QStringLiteral("snapshot %1 for the store (GUI)").arg(count).toUtf8().constData(), handOffMs, probe);
    printRow(QStringLiteral("save %1 (one transaction)").arg(count).toUtf8().constData(), double(clock.nsecsElapsed()) / 1e6, probe);
    return all ? 0 : 1;
}

} // namespace

int main(int argc, char *argv[])
{
    // The same allocator settings and event dispatcher as the window (app/main.cpp).
    HeapTuning::apply();
    EventLoopChoice::apply(EventLoopChoice::Program::Window);
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption dialogOption(QStringLiteral("add-dialog"), QStringLiteral("With --scale: go through the Add dialog."));
    const QCommandLineOption scaleOption(QStringLiteral("scale"), QStringLiteral("Drop N URLs and measure the window."), QStringLiteral("N"));
    const QCommandLineOption listOption(QStringLiteral("list"), QStringLiteral("Download this list through the window."), QStringLiteral("FILE"));
    const QCommandLineOption dirOption(QStringLiteral("dir"), QStringLiteral("Target folder for --list."), QStringLiteral("DIR"));
    const QCommandLineOption jobsOption(QStringLiteral("j"), QStringLiteral("Downloads at once."), QStringLiteral("N"), QStringLiteral("16"));
    const QCommandLineOption hostOption(QStringLiteral("max-per-host"), QStringLiteral("Connections per host."), QStringLiteral("N"), QStringLiteral("16"));
    const QCommandLineOption restoreOption(QStringLiteral("restore"), QStringLiteral("Read back a kept list of N downloads."), QStringLiteral("N"));
    parser.addOptions({dialogOption, scaleOption, listOption, dirOption, jobsOption, hostOption, restoreOption});
    parser.process(app);
    if (parser.isSet(restoreOption))
        return restore(parser.value(restoreOption).toInt());
    if (parser.isSet(listOption))
        return downloadList(parser.value(listOption), parser.value(dirOption), parser.value(jobsOption).toInt(),
                            parser.value(hostOption).toInt());
    return scale(parser.isSet(scaleOption) ? parser.value(scaleOption).toInt() : 100'000, parser.isSet(dialogOption));
}
