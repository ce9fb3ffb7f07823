// Notifications through the desktop's notification service, on a private D-Bus daemon started
// for this test with a fake org.freedesktop.Notifications (and FileManager1) in this process:
// what Notify receives for a real finished download, what each action opens (the opener records
// instead of launching), the window for "default", ids forgotten when closed or when the server
// changes, capabilities honoured, and the one channel chosen: the service, else the tray, else
// none, following the service as it comes and goes. Nothing reaches the desktop's own bus.
#include "desktopnotifications.h"
#include "enginefixture.h"
#include "fakefilemanager.h"
#include "fakenotificationserver.h"
#include "faultserver.h"
#include "fileopener.h"
#include "notificationrouter.h"
#include "notifier.h"
#include "privatebus.h"
#include "trayicon.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

#include <memory>

using namespace Qt::StringLiterals;
using Channel = NotificationRouter::Channel;
using Service = DesktopNotifications::Service;
Q_DECLARE_METATYPE(Channel)

namespace {

const QString kMarker = u"io.github.gather.tests.PrivateBus"_s;

Notification completed(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(u'/');
    return {u"Download finished"_s, u"Downloaded "_s + path.mid(slash + 1), Notification::Kind::Success, path,
            path.left(slash)};
}

} // namespace

class TestUiNotifications final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void finishedDownloadNotifiesOnce();
    void openActionOpensTheFile();
    void folderActionAsksTheFileManager();
    void folderActionOpensTheFolderWithoutFileManager();
    void batchFolderOpensTheFolder();
    void defaultActionShowsTheWindow();
    void failureOffersTheWindow();
    void openFailureIsReported();
    void closedNotificationIsForgotten();
    void trackedIdsAreBounded();
    void newServerForgetsIds();
    void noActionsWithoutTheCapability();
    void markupIsEscapedForMarkupServers();
    void capabilitiesAskedOnce();
    void choose_data();
    void choose();
    void noServiceFallsBackToTray();
    void serviceIsFollowed();
    void waitsForTheBusToAnswer();

private:
    QDBusConnection client() const { return QDBusConnection(m_clientName); }
    QDBusConnection fake() const { return QDBusConnection(m_fakeName); }
    // The class under test on the client connection, once the server's capabilities are known
    // (when the fake is attached).
    DesktopNotifications &makeDesktop();
    bool waitReady();
    // Shows the notification and returns the id the fake server gave it (0 on a timeout).
    uint showAndWait(const Notification &notification);
    // The fake desktop up and ready, then showAndWait(); 0 when either fails.
    uint shownOnDesktop(const Notification &notification)
    {
        makeDesktop();
        return waitReady() ? showAndWait(notification) : 0;
    }

    PrivateBus m_bus;
    QTemporaryDir m_files;
    QString m_root;  // where the notified files are
    FaultServer m_faults;
    int m_round = 0;
    QString m_clientName;
    QString m_fakeName;
    std::unique_ptr<FakeNotificationServer> m_server;
    std::unique_ptr<FakeFileManager> m_fileManager;
    std::unique_ptr<QWidget> m_window;
    std::unique_ptr<FileOpener> m_opener;
    std::unique_ptr<DesktopNotifications> m_desktop;
    QList<QUrl> m_opened;
    bool m_openSucceeds = true;
};

void TestUiNotifications::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // Real files for the ones the actions open: Open and Show in Folder check they are there.
    QVERIFY(m_files.isValid());
    m_root = m_files.path();
    QVERIFY(QDir(m_root).mkpath(u"dir"_s));
    for (const QString &name : {u"dir/a file.iso"_s, u"a.bin"_s, u"gone.bin"_s, u"open.bin"_s}) {
        QFile file(m_root + u'/' + name);
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    // A machine without dbus-daemon fails here, by name, rather than passing on nothing.
    QVERIFY2(m_bus.start(), qPrintable(m_bus.errorString()));
    // Before anything asks for the session bus: the window's wiring uses sessionBus(), and
    // whatever Qt itself might open must land here too, never on a desktop's bus.
    qputenv("DBUS_SESSION_BUS_ADDRESS", m_bus.address().toUtf8());
    QDBusConnection marker = QDBusConnection::connectToBus(m_bus.address(), u"marker"_s);
    QVERIFY2(marker.isConnected(), qPrintable(marker.lastError().message()));
    QVERIFY(marker.registerService(kMarker));
    QVERIFY2(QDBusConnection::sessionBus().isConnected(), qPrintable(QDBusConnection::sessionBus().lastError().message()));
    QVERIFY(QDBusConnection::sessionBus().interface()->isServiceRegistered(kMarker));

    QVERIFY(m_faults.listen());
    m_faults.setDefaultResponse(FaultResponse::ok(QByteArrayLiteral("body")));
}

void TestUiNotifications::init()
{
    ++m_round;
    m_clientName = u"client%1"_s.arg(m_round);
    m_fakeName = u"fake%1"_s.arg(m_round);
    // A new connection for each test: no signal of an earlier test is still queued on it.
    QVERIFY(QDBusConnection::connectToBus(m_bus.address(), m_clientName).isConnected());
    QVERIFY(QDBusConnection::connectToBus(m_bus.address(), m_fakeName).isConnected());
    m_server = std::make_unique<FakeNotificationServer>(fake());
    QVERIFY(m_server->attach());
    m_fileManager = std::make_unique<FakeFileManager>(fake());
    m_window = std::make_unique<QWidget>();
    m_opened.clear();
    m_openSucceeds = true;
    m_opener = std::make_unique<FileOpener>(client());
    m_opener->setUrlOpener([this](const QUrl &url) {
        m_opened.append(url);
        return m_openSucceeds;
    });
}

void TestUiNotifications::cleanup()
{
    m_desktop.reset();
    m_opener.reset();
    m_window.reset();
    m_fileManager.reset();
    m_server.reset();
    QDBusConnection::disconnectFromBus(m_clientName);
    QDBusConnection::disconnectFromBus(m_fakeName);
}

DesktopNotifications &TestUiNotifications::makeDesktop()
{
    m_desktop = std::make_unique<DesktopNotifications>(client(), m_opener.get(), m_window.get());
    return *m_desktop;
}

bool TestUiNotifications::waitReady()
{
    return QTest::qWaitFor([this] { return m_desktop->service() == Service::Present && m_desktop->capabilitiesKnown(); });
}

uint TestUiNotifications::showAndWait(const Notification &notification)
{
    QSignalSpy shown(m_desktop.get(), &DesktopNotifications::shown);
    m_desktop->show(notification);
    if (!shown.wait(5000))
        return 0;
    return shown.first().at(0).toUInt();
}

void TestUiNotifications::finishedDownloadNotifiesOnce()
{
    EngineFixture engine;
    Notifier notifier(&engine.manager(), nullptr);
    notifier.setBatchInterval(100);
    TrayIcon tray(&engine.manager(), m_window.get());
    DesktopNotifications &desktop = makeDesktop();
    NotificationRouter router(&notifier, &desktop, &tray);
    QSignalSpy routed(&router, &NotificationRouter::routed);
    QSignalSpy shown(&desktop, &DesktopNotifications::shown);

    const DownloadId id = engine.add(m_faults.url(u"/files/report.pdf"_s));
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QTRY_COMPARE(shown.count(), 1);
    QCOMPARE(routed.count(), 1);
    QCOMPARE(routed.first().at(1).value<Channel>(), Channel::Desktop);

    QCOMPARE(m_server->sent().size(), 1);
    const FakeNotificationServer::Sent sent = m_server->sent().first();
    QCOMPARE(sent.id, shown.first().at(0).toUInt());
    QCOMPARE(sent.appName, u"Gather"_s);
    QCOMPARE(sent.replacesId, 0u);
    QCOMPARE(sent.icon, u"io.github.gather"_s);
    QCOMPARE(sent.summary, u"Download finished"_s);
    QCOMPARE(sent.body, u"Downloaded report.pdf"_s);
    QCOMPARE(sent.actions, (QStringList{u"default"_s, u"Show Gather"_s, u"open"_s, u"Open"_s, u"folder"_s,
                                        u"Show in Folder"_s}));
    QCOMPARE(sent.expireTimeout, DesktopNotifications::kExpireMs);
    // A byte, as the specification says: servers ignore an urgency of another type.
    const QVariant urgency = sent.hints.value(u"urgency"_s);
    QCOMPARE(urgency.metaType(), QMetaType::fromType<uchar>());
    QCOMPARE(urgency.value<uchar>(), uchar(1));
    QCOMPARE(sent.hints.value(u"category"_s).toString(), u"transfer.complete"_s);
    QCOMPARE(sent.hints.value(u"desktop-entry"_s).toString(), u"io.github.gather"_s);
    QVERIFY(desktop.isTracked(sent.id));

    // And "Open" opens what was downloaded.
    m_server->invokeAction(sent.id, u"open"_s);
    QTRY_COMPARE(m_opened, QList<QUrl>{QUrl::fromLocalFile(engine.path(u"report.pdf"_s))});
}

void TestUiNotifications::openActionOpensTheFile()
{
    const uint id = shownOnDesktop(completed((m_root + u"/dir/a file.iso"_s)));
    QVERIFY(id);
    m_server->invokeAction(id, u"open"_s);
    QTRY_COMPARE(m_opened.size(), 1);
    QCOMPARE(m_opened.first(), QUrl::fromLocalFile((m_root + u"/dir/a file.iso"_s)));
    QVERIFY(m_window->isHidden());
}

void TestUiNotifications::folderActionAsksTheFileManager()
{
    QVERIFY(m_fileManager->attach());
    const uint id = shownOnDesktop(completed((m_root + u"/dir/a file.iso"_s)));
    QVERIFY(id);
    m_server->invokeAction(id, u"folder"_s);
    QTRY_COMPARE(m_fileManager->shownItems().size(), 1);
    QCOMPARE(m_fileManager->shownItems().first(), QStringList{QUrl::fromLocalFile(m_root + u"/dir/a file.iso"_s).toString(QUrl::FullyEncoded)});
    // The file manager's answer reaches the client before the next action does (one sender, in
    // order): had it fallen back to the folder as well, m_opened would hold it first.
    m_server->invokeAction(id, u"open"_s);
    QTRY_COMPARE(m_opened.size(), 1);
    QCOMPARE(m_opened.first(), QUrl::fromLocalFile((m_root + u"/dir/a file.iso"_s)));
}

void TestUiNotifications::folderActionOpensTheFolderWithoutFileManager()
{
    const uint id = shownOnDesktop(completed((m_root + u"/dir/a file.iso"_s)));
    QVERIFY(id);
    m_server->invokeAction(id, u"folder"_s);
    QTRY_COMPARE(m_opened.size(), 1);
    QCOMPARE(m_opened.first(), QUrl::fromLocalFile((m_root + u"/dir"_s)));
}

void TestUiNotifications::batchFolderOpensTheFolder()
{
    makeDesktop();
    QVERIFY(waitReady());
    const Notification batch{u"3 downloads finished"_s, u"a, b, c"_s, Notification::Kind::Success, {}, (m_root + u"/dir"_s)};
    const uint id = showAndWait(batch);
    QVERIFY(id);
    QCOMPARE(m_server->sent().last().actions,
             (QStringList{u"default"_s, u"Show Gather"_s, u"folder"_s, u"Show in Folder"_s}));
    // No "open" was offered; a server that sends it anyway gets nothing opened.
    m_server->invokeAction(id, u"open"_s);
    m_server->invokeAction(id, u"folder"_s);
    QTRY_COMPARE(m_opened.size(), 1);
    QCOMPARE(m_opened.first(), QUrl::fromLocalFile((m_root + u"/dir"_s)));
}

void TestUiNotifications::defaultActionShowsTheWindow()
{
    const uint id = shownOnDesktop(completed((m_root + u"/a.bin"_s)));
    QVERIFY(id);
    QVERIFY(m_window->isHidden());
    m_server->invokeAction(id, u"default"_s);
    QTRY_VERIFY(m_window->isVisible());
    QVERIFY(m_opened.isEmpty());
}

void TestUiNotifications::failureOffersTheWindow()
{
    makeDesktop();
    QVERIFY(waitReady());
    const Notification failed{u"Download failed"_s, u"Failed: a.bin — Server said 404 Not Found"_s,
                              Notification::Kind::Failure, {}, {}};
    const uint id = showAndWait(failed);
    QVERIFY(id);
    const FakeNotificationServer::Sent sent = m_server->sent().last();
    QCOMPARE(sent.actions, (QStringList{u"default"_s, u"Show Gather"_s}));
    QCOMPARE(sent.hints.value(u"urgency"_s).value<uchar>(), uchar(1));
    QCOMPARE(sent.hints.value(u"category"_s).toString(), u"transfer.error"_s);
    m_server->invokeAction(id, u"default"_s);
    QTRY_VERIFY(m_window->isVisible());
}

void TestUiNotifications::openFailureIsReported()
{
    makeDesktop();
    QVERIFY(waitReady());
    m_openSucceeds = false;
    QSignalSpy failed(m_opener.get(), &FileOpener::openFailed);
    const uint id = showAndWait(completed((m_root + u"/gone.bin"_s)));
    QVERIFY(id);
    m_server->invokeAction(id, u"open"_s);
    QTRY_COMPARE(failed.count(), 1);
    QCOMPARE(failed.first().at(0).toString(), u"No application is set up to open %1/gone.bin"_s.arg(m_root));
    m_server->invokeAction(id, u"folder"_s);  // no file manager: the folder, which fails too
    QTRY_COMPARE(failed.count(), 2);
    QCOMPARE(failed.last().at(0).toString(), u"Could not open the folder %1"_s.arg(m_root));
    // A file moved away since it finished is said to be gone; no program is asked.
    const uint moved = showAndWait(completed(m_root + u"/moved.bin"_s));
    QVERIFY(moved);
    m_server->invokeAction(moved, u"open"_s);
    QTRY_COMPARE(failed.count(), 3);
    QCOMPARE(failed.last().at(0).toString(), u"%1/moved.bin is no longer there"_s.arg(m_root));
}

void TestUiNotifications::closedNotificationIsForgotten()
{
    makeDesktop();
    QVERIFY(waitReady());
    const uint closed = showAndWait(completed((m_root + u"/closed.bin"_s)));
    const uint open = showAndWait(completed((m_root + u"/open.bin"_s)));
    QVERIFY(closed && open);
    QCOMPARE(m_desktop->trackedCount(), 2);
    m_server->close(closed, 2);  // 2: dismissed by the person
    QTRY_VERIFY(!m_desktop->isTracked(closed));
    QCOMPARE(m_desktop->trackedCount(), 1);
    // A late action on the closed one does nothing; the one after it proves it was heard.
    m_server->invokeAction(closed, u"open"_s);
    m_server->invokeAction(open, u"open"_s);
    QTRY_COMPARE(m_opened.size(), 1);
    QCOMPARE(m_opened.first(), QUrl::fromLocalFile((m_root + u"/open.bin"_s)));
}

void TestUiNotifications::trackedIdsAreBounded()
{
    makeDesktop();
    QVERIFY(waitReady());
    QSignalSpy shown(m_desktop.get(), &DesktopNotifications::shown);
    const int count = DesktopNotifications::kMaxTracked + 10;
    for (int i = 0; i < count; ++i)
        m_desktop->show(completed((m_root + u"/%1.bin"_s.arg(i))));
    QTRY_COMPARE(shown.count(), count);
    QCOMPARE(m_desktop->trackedCount(), DesktopNotifications::kMaxTracked);
    // The oldest are let go first.
    QVERIFY(!m_desktop->isTracked(FakeNotificationServer::kFirstId));
    QVERIFY(m_desktop->isTracked(FakeNotificationServer::kFirstId + count - 1));
}

void TestUiNotifications::newServerForgetsIds()
{
    makeDesktop();
    QVERIFY(waitReady());
    QSignalSpy service(m_desktop.get(), &DesktopNotifications::serviceChanged);
    const uint id = showAndWait(completed((m_root + u"/a.bin"_s)));
    QVERIFY(m_desktop->isTracked(id));
    // The server restarts: its ids now name other notifications.
    m_server->detach();
    QTRY_COMPARE(m_desktop->service(), Service::Absent);
    QCOMPARE(m_desktop->trackedCount(), 0);
    QVERIFY(m_server->attach());
    QVERIFY(waitReady());
    QCOMPARE(m_server->capabilityQueries(), 2);
    QCOMPARE(service.count(), 2);
}

void TestUiNotifications::noActionsWithoutTheCapability()
{
    m_server->setCapabilities({u"body"_s});
    makeDesktop();
    QVERIFY(waitReady());
    QVERIFY(showAndWait(completed((m_root + u"/a.bin"_s))));
    QCOMPARE(m_server->sent().size(), 1);
    QVERIFY(m_server->sent().first().actions.isEmpty());
    // Nothing can be invoked, so nothing is remembered.
    QCOMPARE(m_desktop->trackedCount(), 0);
}

void TestUiNotifications::markupIsEscapedForMarkupServers()
{
    const Notification tricky{u"Download finished"_s, u"Downloaded <b>x</b> & y.bin"_s, Notification::Kind::Success, {}, {}};
    makeDesktop();
    QVERIFY(waitReady());
    QVERIFY(showAndWait(tricky));
    QCOMPARE(m_server->sent().last().body, u"Downloaded <b>x</b> & y.bin"_s);

    m_server->setCapabilities({u"actions"_s, u"body"_s, u"body-markup"_s});
    makeDesktop();
    QVERIFY(waitReady());
    QVERIFY(showAndWait(tricky));
    QCOMPARE(m_server->sent().last().body, u"Downloaded &lt;b&gt;x&lt;/b&gt; &amp; y.bin"_s);
    QCOMPARE(m_server->sent().last().summary, u"Download finished"_s);
}

void TestUiNotifications::capabilitiesAskedOnce()
{
    makeDesktop();
    // Shown as soon as the service is known to be there, before the server has said what it
    // can do: held, then sent with actions.
    bool early = false;
    connect(m_desktop.get(), &DesktopNotifications::serviceChanged, this, [&] {
        early = !m_desktop->capabilitiesKnown();
        m_desktop->show(completed((m_root + u"/early.bin"_s)));
    });
    QVERIFY(waitReady());
    QVERIFY(early);
    QTRY_COMPARE(m_server->sent().size(), 1);
    QVERIFY(!m_server->sent().first().actions.isEmpty());
    QVERIFY(showAndWait(completed((m_root + u"/late.bin"_s))));
    QVERIFY(showAndWait(completed((m_root + u"/later.bin"_s))));
    QCOMPARE(m_server->sent().size(), 3);
    QCOMPARE(m_server->capabilityQueries(), 1);
}

void TestUiNotifications::choose_data()
{
    QTest::addColumn<bool>("service");
    QTest::addColumn<bool>("tray");
    QTest::addColumn<Channel>("expected");
    QTest::newRow("service and tray") << true << true << Channel::Desktop;
    QTest::newRow("service only") << true << false << Channel::Desktop;
    QTest::newRow("tray only") << false << true << Channel::Tray;
    QTest::newRow("neither") << false << false << Channel::None;
}

void TestUiNotifications::choose()
{
    QFETCH(bool, service);
    QFETCH(bool, tray);
    QFETCH(Channel, expected);
    QCOMPARE(NotificationRouter::choose(service, tray), expected);
}

void TestUiNotifications::noServiceFallsBackToTray()
{
    m_server->detach();
    EngineFixture engine;
    Notifier notifier(&engine.manager(), nullptr);
    TrayIcon tray(&engine.manager(), m_window.get());
    DesktopNotifications &desktop = makeDesktop();
    NotificationRouter router(&notifier, &desktop, &tray);
    QSignalSpy routed(&router, &NotificationRouter::routed);
    QTRY_COMPARE(desktop.service(), Service::Absent);

    // Offscreen has no tray: the real check says so, and nothing is shown anywhere.
    QVERIFY(!tray.canShowMessages());
    router.route(completed((m_root + u"/a.bin"_s)));
    QCOMPARE(routed.count(), 1);
    QCOMPARE(routed.last().at(1).value<Channel>(), Channel::None);

    // A desktop with a tray gets the balloon.
    router.setTrayCheck([] { return true; });
    router.route(completed((m_root + u"/b.bin"_s)));
    QCOMPARE(routed.count(), 2);
    QCOMPARE(routed.last().at(1).value<Channel>(), Channel::Tray);
    QVERIFY(m_server->sent().isEmpty());
}

void TestUiNotifications::serviceIsFollowed()
{
    m_server->detach();
    EngineFixture engine;
    Notifier notifier(&engine.manager(), nullptr);
    TrayIcon tray(&engine.manager(), m_window.get());
    DesktopNotifications &desktop = makeDesktop();
    NotificationRouter router(&notifier, &desktop, &tray);
    router.setTrayCheck([] { return true; });
    QSignalSpy routed(&router, &NotificationRouter::routed);
    QTRY_COMPARE(desktop.service(), Service::Absent);

    // The notification service starts after Gather: from then on it is used, and only it.
    QVERIFY(m_server->attach());
    QVERIFY(waitReady());
    router.route(completed((m_root + u"/a.bin"_s)));
    QCOMPARE(routed.last().at(1).value<Channel>(), Channel::Desktop);
    QTRY_COMPARE(m_server->sent().size(), 1);

    // And when it goes, the tray again.
    m_server->detach();
    QTRY_COMPARE(desktop.service(), Service::Absent);
    router.route(completed((m_root + u"/b.bin"_s)));
    QCOMPARE(routed.last().at(1).value<Channel>(), Channel::Tray);
    QCOMPARE(routed.count(), 2);
    QCOMPARE(m_server->sent().size(), 1);
}

void TestUiNotifications::waitsForTheBusToAnswer()
{
    EngineFixture engine;
    Notifier notifier(&engine.manager(), nullptr);
    TrayIcon tray(&engine.manager(), m_window.get());
    DesktopNotifications &desktop = makeDesktop();
    NotificationRouter router(&notifier, &desktop, &tray);
    router.setTrayCheck([] { return true; });
    QSignalSpy routed(&router, &NotificationRouter::routed);
    // The bus has not answered yet: neither channel may be guessed.
    QCOMPARE(desktop.service(), Service::Unknown);
    router.route(completed((m_root + u"/a.bin"_s)));
    QCOMPARE(routed.count(), 0);
    QTRY_COMPARE(routed.count(), 1);
    QCOMPARE(routed.first().at(1).value<Channel>(), Channel::Desktop);
    QTRY_COMPARE(m_server->sent().size(), 1);
    QCOMPARE(m_server->sent().first().body, u"Downloaded a.bin"_s);
}

QTEST_MAIN(TestUiNotifications)
#include "tst_ui_notifications.moc"
