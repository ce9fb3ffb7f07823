// The tray's testable parts, since offscreen has no tray: Notifier's texts and batching over
// real downloads from the loopback FaultServer, the close decision table, CloseGuard with an
// injected asker and with the real question box, and TrayIcon's menu, tooltip and window toggle.
#include "appsettings.h"
#include "closeguard.h"
#include "enginefixture.h"
#include "faultserver.h"
#include "notifier.h"
#include "trayicon.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QMenu>
#include <QMessageBox>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using Decision = CloseGuard::Decision;
using CloseAction = AppSettings::CloseAction;
Q_DECLARE_METATYPE(Decision)
Q_DECLARE_METATYPE(CloseAction)

class TestUiTray final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void notifiesOneSuccess();
    void notifiesOneFailure();
    void batchesFinishesWithinInterval();
    void batchNamesFailures();
    void cancelledIsNotNotified();
    void notificationsCanBeSwitchedOff();
    void closeDecision_data();
    void closeDecision();
    void closeGuardAsksWithUnfinishedCount();
    void closeGuardRemembersChoice_data();
    void closeGuardRemembersChoice();
    void questionBox_data();
    void questionBox();
    void trayMenuAndToggle();
    void trayToolTip();

private:
    QList<DownloadId> addPaths(const QStringList &paths);
    bool waitAllFinal(const QList<DownloadId> &ids);

    FaultServer m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_store;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<EngineFixture> m_engine;
};

void TestUiTray::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_server.listen());
    m_server.setDefaultResponse(FaultResponse::ok(QByteArrayLiteral("body")));
    m_server.setResponse(QStringLiteral("/missing/*"), FaultResponse::withStatus(404));
    FaultResponse silent;
    silent.neverRespond = true;
    m_server.setResponse(QStringLiteral("/silent/*"), silent);
}

void TestUiTray::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("gather.ini")), QSettings::IniFormat);
    m_settings = std::make_unique<AppSettings>(m_store.get());
    m_engine = std::make_unique<EngineFixture>();
}

void TestUiTray::cleanup()
{
    m_engine.reset();
    m_settings.reset();
    m_store.reset();
    m_dir.reset();
}

QList<DownloadId> TestUiTray::addPaths(const QStringList &paths)
{
    QList<DownloadId> ids;
    for (const QString &path : paths)
        ids.append(m_engine->add(m_server.url(path)));
    return ids;
}

bool TestUiTray::waitAllFinal(const QList<DownloadId> &ids)
{
    for (DownloadId id : ids) {
        if (!m_engine->waitFinal(id))
            return false;
    }
    return true;
}

void TestUiTray::notifiesOneSuccess()
{
    Notifier notifier(&m_engine->manager(), m_settings.get());
    notifier.setBatchInterval(100);
    QSignalSpy notify(&notifier, &Notifier::notify);
    QVERIFY(waitAllFinal(addPaths({QStringLiteral("/files/report.pdf")})));
    QTRY_COMPARE(notify.count(), 1);
    const auto sent = notify.first().at(0).value<Notification>();
    QCOMPARE(sent.title, QStringLiteral("Download finished"));
    QCOMPARE(sent.body, QStringLiteral("Downloaded report.pdf"));
    QCOMPARE(sent.kind, Notification::Kind::Success);
    // What "Open" and "Show in Folder" act on: the file as it landed, and its folder.
    QCOMPARE(sent.filePath, m_engine->path(QStringLiteral("report.pdf")));
    QCOMPARE(sent.folder, m_engine->folder());
}

void TestUiTray::notifiesOneFailure()
{
    Notifier notifier(&m_engine->manager(), m_settings.get());
    notifier.setBatchInterval(100);
    QSignalSpy notify(&notifier, &Notifier::notify);
    const QList<DownloadId> ids = addPaths({QStringLiteral("/missing/gone.iso")});
    QVERIFY(waitAllFinal(ids));
    QTRY_COMPARE(notify.count(), 1);
    const auto sent = notify.first().at(0).value<Notification>();
    QCOMPARE(sent.title, QStringLiteral("Download failed"));
    QVERIFY2(sent.body.startsWith(QStringLiteral("Failed: ")), qPrintable(sent.body));
    QVERIFY2(sent.body.contains(QStringLiteral(" — ")), qPrintable(sent.body));
    QVERIFY2(sent.body.contains(QStringLiteral("404")), qPrintable(sent.body));
    QCOMPARE(sent.kind, Notification::Kind::Failure);
    // Nothing to open.
    QVERIFY(sent.filePath.isEmpty());
    QVERIFY(sent.folder.isEmpty());
}

void TestUiTray::batchesFinishesWithinInterval()
{
    Notifier notifier(&m_engine->manager(), m_settings.get());
    QSignalSpy notify(&notifier, &Notifier::notify);
    QStringList paths;
    for (int i = 0; i < 5; ++i)
        paths.append(QStringLiteral("/batch/file%1.bin").arg(i));
    QVERIFY(waitAllFinal(addPaths(paths)));
    QTRY_COMPARE(notify.count(), 1);
    const auto sent = notify.first().at(0).value<Notification>();
    QCOMPARE(sent.title, QStringLiteral("5 downloads finished"));
    // Three names in the order they finished, which the server's threads decide, then an ellipsis.
    const QStringList names = sent.body.split(QStringLiteral(", "));
    QCOMPARE(names.size(), 4);
    QCOMPARE(names.last(), QStringLiteral("…"));
    for (const QString &name : names.first(3))
        QVERIFY2(paths.contains(QStringLiteral("/batch/") + name), qPrintable(name));
    QCOMPARE(QSet<QString>(names.begin(), names.end()).size(), 4);
    QCOMPARE(sent.kind, Notification::Kind::Success);
    // A summary opens no single file, but all five went to one folder.
    QVERIFY(sent.filePath.isEmpty());
    QCOMPARE(sent.folder, m_engine->folder());
}

void TestUiTray::batchNamesFailures()
{
    Notifier notifier(&m_engine->manager(), m_settings.get());
    notifier.setBatchInterval(400);
    QSignalSpy notify(&notifier, &Notifier::notify);
    QVERIFY(waitAllFinal(addPaths({QStringLiteral("/ok/a.bin"), QStringLiteral("/missing/b.bin"),
                                   QStringLiteral("/ok/c.bin")})));
    QTRY_COMPARE(notify.count(), 1);
    const auto sent = notify.first().at(0).value<Notification>();
    QCOMPARE(sent.title, QStringLiteral("3 downloads finished"));
    QCOMPARE(sent.body, QStringLiteral("2 completed, 1 failed: b.bin"));
    QCOMPARE(sent.kind, Notification::Kind::Failure);
    // The two that completed share a folder.
    QCOMPARE(sent.folder, m_engine->folder());
}

void TestUiTray::cancelledIsNotNotified()
{
    Notifier notifier(&m_engine->manager(), m_settings.get());
    notifier.setBatchInterval(300);
    QSignalSpy notify(&notifier, &Notifier::notify);
    const DownloadId silent = m_engine->add(m_server.url(QStringLiteral("/silent/never")));
    QVERIFY(m_engine->waitState(silent, DownloadState::Connecting));
    m_engine->manager().cancel(silent);
    QVERIFY(m_engine->waitFinal(silent));
    // Had the cancel counted, this would be "2 downloads finished".
    QVERIFY(waitAllFinal(addPaths({QStringLiteral("/after/cancel.bin")})));
    QTRY_COMPARE(notify.count(), 1);
    QCOMPARE(notify.first().at(0).value<Notification>().body, QStringLiteral("Downloaded cancel.bin"));
}

void TestUiTray::notificationsCanBeSwitchedOff()
{
    Notifier notifier(&m_engine->manager(), m_settings.get());
    notifier.setBatchInterval(300);
    QSignalSpy notify(&notifier, &Notifier::notify);
    AppSettings::Values values = m_settings->values();
    values.notifyOnFinish = false;
    m_settings->setValues(values);
    QVERIFY(waitAllFinal(addPaths({QStringLiteral("/quiet/one.bin")})));
    values.notifyOnFinish = true;
    m_settings->setValues(values);
    QVERIFY(waitAllFinal(addPaths({QStringLiteral("/loud/two.bin")})));
    QTRY_COMPARE(notify.count(), 1);
    QCOMPARE(notify.first().at(0).value<Notification>().body, QStringLiteral("Downloaded two.bin"));
}

void TestUiTray::closeDecision_data()
{
    QTest::addColumn<CloseAction>("action");
    QTest::addColumn<int>("unfinished");
    QTest::addColumn<bool>("tray");
    QTest::addColumn<int>("expected");  // -1: ask, else a Decision
    const int ask = -1;
    const int quit = int(Decision::Quit);
    const int hide = int(Decision::HideToTray);
    QTest::newRow("ask, nothing running") << CloseAction::Ask << 0 << true << quit;
    QTest::newRow("ask, 3 running") << CloseAction::Ask << 3 << true << ask;
    QTest::newRow("ask, 3 running, no tray") << CloseAction::Ask << 3 << false << ask;
    QTest::newRow("tray, nothing running") << CloseAction::KeepInTray << 0 << true << quit;
    QTest::newRow("tray, 1 running") << CloseAction::KeepInTray << 1 << true << hide;
    QTest::newRow("tray, 1 running, no tray") << CloseAction::KeepInTray << 1 << false << ask;
    QTest::newRow("quit, nothing running") << CloseAction::Quit << 0 << true << quit;
    QTest::newRow("quit, 9 running") << CloseAction::Quit << 9 << true << quit;
    QTest::newRow("quit, 9 running, no tray") << CloseAction::Quit << 9 << false << quit;
}

void TestUiTray::closeDecision()
{
    QFETCH(CloseAction, action);
    QFETCH(int, unfinished);
    QFETCH(bool, tray);
    QFETCH(int, expected);
    const std::optional<Decision> decided = CloseGuard::decide(action, unfinished, tray);
    QCOMPARE(decided ? int(*decided) : -1, expected);
}

void TestUiTray::closeGuardAsksWithUnfinishedCount()
{
    // Five connect and never hear back, two wait in the queue behind them.
    QStringList paths;
    for (int i = 0; i < 7; ++i)
        paths.append(QStringLiteral("/silent/%1").arg(i));
    const QList<DownloadId> ids = addPaths(paths);
    QTRY_COMPARE(m_engine->manager().countIn(DownloadState::Connecting), 5);
    QCOMPARE(CloseGuard::unfinishedCount(m_engine->manager()), 7);
    m_engine->manager().pause(ids.last());
    QCOMPARE(CloseGuard::unfinishedCount(m_engine->manager()), 6);

    QWidget window;
    CloseGuard guard(m_settings.get(), &m_engine->manager(), &window);
    int asked = 0;
    int askedCount = -1;
    QWidget *askedParent = nullptr;
    guard.setAsker([&](QWidget *parent, int unfinished, bool trayAvailable) {
        ++asked;
        askedParent = parent;
        askedCount = unfinished;
        Q_UNUSED(trayAvailable);
        return CloseGuard::Answer{Decision::Cancel, true};
    });
    QCOMPARE(guard.onClose(true), Decision::Cancel);
    QCOMPARE(asked, 1);
    QCOMPARE(askedCount, 6);
    QCOMPARE(askedParent, &window);
    // Cancel is never remembered.
    QCOMPARE(m_settings->values().closeAction, CloseAction::Ask);
}

void TestUiTray::closeGuardRemembersChoice_data()
{
    QTest::addColumn<Decision>("answer");
    QTest::addColumn<bool>("remember");
    QTest::addColumn<CloseAction>("stored");
    QTest::newRow("quit, remembered") << Decision::Quit << true << CloseAction::Quit;
    QTest::newRow("tray, remembered") << Decision::HideToTray << true << CloseAction::KeepInTray;
    QTest::newRow("quit, once") << Decision::Quit << false << CloseAction::Ask;
}

void TestUiTray::closeGuardRemembersChoice()
{
    QFETCH(Decision, answer);
    QFETCH(bool, remember);
    QFETCH(CloseAction, stored);
    const DownloadId id = addPaths({QStringLiteral("/silent/remember")}).first();
    QVERIFY(m_engine->waitState(id, DownloadState::Connecting));
    QWidget window;
    CloseGuard guard(m_settings.get(), &m_engine->manager(), &window);
    guard.setAsker([&](QWidget *, int, bool) { return CloseGuard::Answer{answer, remember}; });
    QCOMPARE(guard.onClose(true), answer);
    QCOMPARE(m_settings->values().closeAction, stored);
}

void TestUiTray::questionBox_data()
{
    QTest::addColumn<bool>("tray");
    QTest::addColumn<QString>("click");
    QTest::addColumn<bool>("tick");
    QTest::addColumn<Decision>("expected");
    QTest::newRow("quit") << true << QStringLiteral("Quit") << false << Decision::Quit;
    QTest::newRow("keep in tray, don't ask again") << true << QStringLiteral("Keep in tray") << true << Decision::HideToTray;
    QTest::newRow("cancel") << true << QStringLiteral("Cancel") << false << Decision::Cancel;
    QTest::newRow("no tray: quit") << false << QStringLiteral("Quit") << false << Decision::Quit;
}

void TestUiTray::questionBox()
{
    QFETCH(bool, tray);
    QFETCH(QString, click);
    QFETCH(bool, tick);
    QFETCH(Decision, expected);
    QStringList buttons;
    QString text;
    QString title;
    bool titleFits = false;
    bool clicked = false;
    bool matched = false;
    // Answers the modal box once it is up; polling, not a fixed wait.
    QTimer answerer;
    answerer.setInterval(10);
    connect(&answerer, &QTimer::timeout, this, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box || clicked)
            return;
        text = box->text();
        title = box->windowTitle();
        // The title fits the box's width with room for the window manager's buttons.
        titleFits = box->fontMetrics().horizontalAdvance(title) + 120 <= box->width();
        for (QAbstractButton *button : box->buttons())
            buttons.append(button->text());
        if (tick)
            box->checkBox()->setChecked(true);
        clicked = true;
        for (QAbstractButton *button : box->buttons()) {
            if (button->text().remove(u'&') == click) {
                matched = true;
                button->click();
                return;
            }
        }
        box->done(0);  // no such button: fail below rather than hang
    });
    answerer.start();
    const CloseGuard::Answer answer = CloseGuard::askWithDialog(nullptr, 3, tray);
    QVERIFY(clicked);
    QVERIFY2(matched, qPrintable(buttons.join(u',')));
    QCOMPARE(text, QStringLiteral("Quit and pause 3 downloads?"));
    QCOMPARE(title, QStringLiteral("Quit Gather"));
    QVERIFY(titleFits);
    QCOMPARE(buttons.contains(QStringLiteral("&Keep in tray")), tray);
    QCOMPARE(answer.decision, expected);
    QCOMPARE(answer.remember, tick);
}

void TestUiTray::trayMenuAndToggle()
{
    QWidget window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    TrayIcon tray(&m_engine->manager(), &window);
    QVERIFY(!TrayIcon::appIcon(&window).isNull());
    QVERIFY(!tray.systemTrayIcon()->icon().isNull());
    QCOMPARE(tray.systemTrayIcon()->contextMenu(), tray.menu());

    QStringList texts;
    for (QAction *action : tray.menu()->actions()) {
        if (!action->isSeparator())
            texts.append(action->text());
    }
    QCOMPARE(texts, (QStringList{QStringLiteral("&Hide Gather"), QStringLiteral("&Quit")}));

    tray.toggleWindowAction()->trigger();
    QVERIFY(!window.isVisible());
    QCOMPARE(tray.toggleWindowAction()->text(), QStringLiteral("&Show Gather"));
    tray.toggleWindowAction()->trigger();
    QVERIFY(window.isVisible());
    QCOMPARE(tray.toggleWindowAction()->text(), QStringLiteral("&Hide Gather"));

    QSignalSpy quit(&tray, &TrayIcon::quitRequested);
    tray.quitAction()->trigger();
    QCOMPARE(quit.count(), 1);
    QVERIFY(window.isVisible());  // quitting is the composition root's business
}

void TestUiTray::trayToolTip()
{
    QCOMPARE(TrayIcon::toolTipText(0, 0, 0), QStringLiteral("Gather — nothing to download"));
    QCOMPARE(TrayIcon::toolTipText(2, 0, 3 * 1024 * 1024), QStringLiteral("Gather — 2 downloading, 3.0 MiB/s"));
    QCOMPARE(TrayIcon::toolTipText(0, 4, 0), QStringLiteral("Gather — 0 downloading, 4 queued"));

    QWidget window;
    TrayIcon tray(&m_engine->manager(), &window);
    QCOMPARE(tray.systemTrayIcon()->toolTip(), QStringLiteral("Gather — nothing to download"));
    QStringList paths;
    for (int i = 0; i < 7; ++i)
        paths.append(QStringLiteral("/silent/tip%1").arg(i));
    addPaths(paths);
    QTRY_VERIFY(tray.systemTrayIcon()->toolTip().startsWith(QStringLiteral("Gather — 5 downloading, ")));
    QVERIFY(tray.systemTrayIcon()->toolTip().endsWith(QStringLiteral(", 2 queued")));
}

QTEST_MAIN(TestUiTray)
#include "tst_ui_tray.moc"
