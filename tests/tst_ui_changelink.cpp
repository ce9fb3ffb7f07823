// The Change Link dialog and its command over a real engine and loopback server: the clipboard's
// one link fills the new-link field (two links or another scheme do not); Check on the same file
// says so and the download goes on from the new link with its data; another size lists what
// differs and offers Start Over (not Keep), which takes the new link; a completed download's
// dialog refuses with a sentence; a pending new link is shown without its password, and Check
// still checks the link with it. The command (Ctrl+L) is in the Downloads menu and the table's
// context menu and enabled for one unfinished download. The Add dialog offers "Use as new link
// for <name>" for an aria2 line whose out= names an unfinished download, and OK gives it the link.
#include "adddialog.h"
#include "appsettings.h"
#include "base/shownurl.h"
#include "changelinkaction.h"
#include "changelinkdialog.h"
#include "downloadactions.h"
#include "downloadtableview.h"
#include "enginefixture.h"
#include "engine/linkchanges.h"
#include "faultserver.h"
#include "intake/urllistloader.h"
#include "list/downloadlistmodel.h"
#include "mainwindow.h"
#include "relinkofferlist.h"
#include "urlintake.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

namespace {

constexpr qint64 kSize = 4 * 1024 * 1024;
const QByteArray kEtag = "\"ui-v1\"";

FaultResponse served(qint64 size, quint32 seed, const QByteArray &etag, qint64 bytesPerSecond = 0)
{
    FaultResponse response = FaultResponse::generated(size, seed);
    response.etag = etag;
    response.bytesPerSecond = bytesPerSecond;
    return response;
}

void grabTo(QWidget *widget, const QString &name)
{
    // Kept for a look by eye when GATHER_SCREENSHOT_DIR names a folder; the test asserts the rest.
    const QString folder = qEnvironmentVariable("GATHER_SCREENSHOT_DIR");
    if (!folder.isEmpty())
        widget->grab().save(folder + u'/' + name);
}

} // namespace

class TestUiChangeLink final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_server.listen());
    }
    void init() { m_server.clearRecords(); }

    void clipboardFillsTheField();
    void sameFileGoesOn();
    void otherSizeOffersStartOver();
    void completedIsRefused();
    void pendingLinkHidesItsPassword();
    void editedPendingLinkIsTakenAsTyped();
    void commandInTheMenus();
    void addDialogOffersTheNewLink();
    void offerThatDiffersOpensTheChangeLinkDialog();

private:
    DownloadId pausedWithData(EngineFixture &engine, const QString &name);

    FaultServer m_server;
};

DownloadId TestUiChangeLink::pausedWithData(EngineFixture &engine, const QString &name)
{
    const QString a = QStringLiteral("/a/") + name;
    m_server.setResponse(a, served(kSize, 5, kEtag, 2 * 1024 * 1024));
    const DownloadId id = engine.add(m_server.url(a));
    [&] { QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).bytesReceived() > 256 * 1024, 10000); }();
    engine.manager().pause(id);
    m_server.setResponse(a, FaultResponse::withStatus(404));
    return id;
}

void TestUiChangeLink::clipboardFillsTheField()
{
    EngineFixture engine;
    const DownloadId id = pausedWithData(engine, QStringLiteral("clip.bin"));
    const QString b = m_server.url(QStringLiteral("/b/clip.bin")).toString();
    {
        ChangeLinkDialog dialog(&engine.manager(), id, QStringLiteral("  ") + b + QStringLiteral("\n"));
        QCOMPARE(dialog.newLinkField()->text(), b);
        QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("oldLink"))->text(), engine.download(id).url().toString());
        QVERIFY(dialog.findChild<QLineEdit *>(QStringLiteral("oldLink"))->isReadOnly());
    }
    for (const QString &text : QStringList{b + u' ' + b, QStringLiteral("ftp://example.org/clip.bin"), QStringLiteral("hello"),
                                engine.download(id).url().toString()}) {
        ChangeLinkDialog dialog(&engine.manager(), id, text);
        QVERIFY2(dialog.newLinkField()->text().isEmpty(), qPrintable(text));
    }
    QCOMPARE(ChangeLinkDialog::singleLink(QStringLiteral("https://example.org/a b")), QUrl());
    QCOMPARE(ChangeLinkDialog::singleLink(QStringLiteral("example.org/x")), QUrl());
}

void TestUiChangeLink::sameFileGoesOn()
{
    EngineFixture engine;
    const DownloadId id = pausedWithData(engine, QStringLiteral("same.bin"));
    const QUrl b = m_server.url(QStringLiteral("/b/same.bin"));
    m_server.setResponse(QStringLiteral("/b/same.bin"), served(kSize, 5, kEtag));
    ChangeLinkDialog dialog(&engine.manager(), id, b.toString());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    grabTo(&dialog, QStringLiteral("relink-dialog-filled.png"));
    QSignalSpy messages(&dialog, &ChangeLinkDialog::message);
    QTest::mouseClick(dialog.checkButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.statusLabel()->text().contains(QStringLiteral("same file")), 10000);
    QVERIFY(!dialog.keepButton()->isVisible());
    QVERIFY(!dialog.checkButton()->isVisible());
    grabTo(&dialog, QStringLiteral("relink-dialog-same.png"));
    QCOMPARE(engine.download(id).url(), b);
    QCOMPARE(messages.count(), 1);
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("same.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(kSize, 5)));
}

void TestUiChangeLink::otherSizeOffersStartOver()
{
    EngineFixture engine;
    const DownloadId id = pausedWithData(engine, QStringLiteral("other.bin"));
    const QUrl a = engine.download(id).url();
    const QUrl b = m_server.url(QStringLiteral("/b/other.bin"));
    m_server.setResponse(QStringLiteral("/b/other.bin"), served(kSize / 2, 6, "\"ui-v2\""));
    auto *dialog = new ChangeLinkDialog(&engine.manager(), id, QString());
    QPointer<ChangeLinkDialog> guard(dialog);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QTest::keyClicks(dialog->newLinkField(), b.toString());
    QTest::mouseClick(dialog->checkButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->startOverButton()->isVisible(), 10000);
    const QString status = dialog->statusLabel()->text();
    QVERIFY2(status.contains(QStringLiteral("size 4.0 MiB here, 2.0 MiB at the new link")), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("ETag changed")), qPrintable(status));
    QVERIFY(!dialog->keepButton()->isVisible());
    grabTo(dialog, QStringLiteral("relink-dialog-differs.png"));
    QCOMPARE(engine.download(id).url(), a);  // nothing changed before the choice

    QTest::mouseClick(dialog->startOverButton(), Qt::LeftButton);
    QTRY_VERIFY(guard.isNull());
    QCOMPARE(engine.download(id).url(), b);
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("other.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(kSize / 2, 6)));
}

void TestUiChangeLink::completedIsRefused()
{
    EngineFixture engine;
    m_server.setResponse(QStringLiteral("/a/done.bin"), served(1024, 1, kEtag));
    const DownloadId id = engine.add(m_server.url(QStringLiteral("/a/done.bin")));
    QVERIFY(engine.waitFinal(id));
    ChangeLinkDialog dialog(&engine.manager(), id, m_server.url(QStringLiteral("/b/done.bin")).toString());
    QVERIFY(!dialog.checkButton()->isEnabled());
    QCOMPARE(dialog.statusLabel()->text(), QStringLiteral("done.bin is complete: there is nothing left to fetch, so its link stays"));
}

void TestUiChangeLink::pendingLinkHidesItsPassword()
{
    EngineFixture engine;
    const DownloadId id = pausedWithData(engine, QStringLiteral("secret.bin"));
    const QString path = QStringLiteral("/b/secret.bin");
    QUrl b = m_server.url(path);
    b.setUserName(QStringLiteral("user"));
    b.setPassword(QStringLiteral("s3cret"));
    // A check that found another file awaits a decision (as after the Add dialog's offer).
    m_server.setResponse(path, served(kSize / 2, 6, "\"ui-v2\""));
    QVERIFY(engine.manager().linkChanges().check(id, b));
    QTRY_VERIFY_WITH_TIMEOUT(engine.manager().linkChanges().awaiting(id).has_value(), 10000);
    m_server.setResponse(path, served(kSize, 5, kEtag));  // now the same file after all

    ChangeLinkDialog dialog(&engine.manager(), id, QString());
    QCOMPARE(dialog.newLinkField()->text(), ShownUrl::of(b));
    QVERIFY2(!dialog.newLinkField()->text().contains(QStringLiteral("s3cret")), qPrintable(dialog.newLinkField()->text()));
    QVERIFY(dialog.startOverButton()->isVisibleTo(&dialog));
    m_server.clearRecords();
    QTest::mouseClick(dialog.checkButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.statusLabel()->text().contains(QStringLiteral("same file")), 10000);
    // The link with its password is the one checked and applied, not the "***" shown.
    QCOMPARE(engine.download(id).url(), b);
    QCOMPARE(engine.download(id).url().password(), QStringLiteral("s3cret"));
    QVERIFY(m_server.requestCount(path) > 0);
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("secret.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(kSize, 5)));
}

void TestUiChangeLink::editedPendingLinkIsTakenAsTyped()
{
    EngineFixture engine;
    const DownloadId id = pausedWithData(engine, QStringLiteral("typed.bin"));
    const QString path = QStringLiteral("/b/typed.bin");
    QUrl pending = m_server.url(path);
    pending.setUserName(QStringLiteral("user"));
    pending.setPassword(QStringLiteral("old"));
    m_server.setResponse(path, served(kSize / 2, 6, "\"ui-v2\""));
    QVERIFY(engine.manager().linkChanges().check(id, pending));
    QTRY_VERIFY_WITH_TIMEOUT(engine.manager().linkChanges().awaiting(id).has_value(), 10000);
    m_server.setResponse(path, served(kSize, 5, kEtag));

    ChangeLinkDialog dialog(&engine.manager(), id, QString());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    // The person puts the password in place of "***": that is the link checked.
    QUrl typed = pending;
    typed.setPassword(QStringLiteral("new"));
    dialog.newLinkField()->clear();
    QTest::keyClicks(dialog.newLinkField(), typed.toString());
    QVERIFY(!dialog.startOverButton()->isVisible());  // the decision went with the edit
    QTest::mouseClick(dialog.checkButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.statusLabel()->text().contains(QStringLiteral("same file")), 10000);
    QCOMPARE(engine.download(id).url(), typed);
}

void TestUiChangeLink::commandInTheMenus()
{
    EngineFixture engine;
    const DownloadId id = pausedWithData(engine, QStringLiteral("menu.bin"));
    DownloadListModel model(&engine.manager());
    MainWindow window(&engine.manager(), &model, nullptr, nullptr);
    QAction *action = window.changeLinkAction()->action();
    QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_L));
    QVERIFY(window.table()->actions().contains(action));
    bool inDownloadsMenu = false;
    for (QAction *menu : window.menuBar()->actions()) {
        if (menu->menu() && menu->menu()->actions().contains(action))
            inDownloadsMenu = menu->text() == QStringLiteral("&Downloads");
    }
    QVERIFY(inDownloadsMenu);
    QVERIFY(!action->isEnabled());
    QTRY_COMPARE(model.rowCount(), 1);
    window.table()->selectRow(0);
    QTRY_VERIFY(action->isEnabled());
    QCOMPARE(window.downloadActions()->selectedIds(), QList<DownloadId>{id});
}

void TestUiChangeLink::addDialogOffersTheNewLink()
{
    EngineFixture engine;
    const DownloadId id = pausedWithData(engine, QStringLiteral("offer.bin"));
    m_server.setResponse(QStringLiteral("/b/mirror-token"), served(kSize, 5, kEtag));
    QTemporaryDir dir;
    QSettings store(dir.filePath(QStringLiteral("gather.ini")), QSettings::IniFormat);
    AppSettings settings(&store);
    AppSettings::Values values = settings.values();
    values.addDialogOnDrop = true;
    settings.setValues(values);
    QThreadPool pool;
    UrlListLoader loader(&pool);
    QWidget window;
    window.resize(800, 600);
    UrlIntake intake(&engine.manager(), &settings, &loader, nullptr, &window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy shown(&intake, &UrlIntake::addDialogShown);

    const QUrl b = m_server.url(QStringLiteral("/b/mirror-token"));
    DroppedInput input;
    input.text = b.toString() + QStringLiteral("\n  out=offer.bin\n") + m_server.url(QStringLiteral("/b/fresh.bin")).toString();
    intake.submit(input);
    QTRY_COMPARE(shown.count(), 1);
    auto *dialog = shown.first().first().value<AddDialog *>();
    QVERIFY(dialog->relinkList());
    QCOMPARE(dialog->relinkList()->list()->count(), 1);
    QVERIFY(dialog->relinkList()->list()->item(0)->text().startsWith(QStringLiteral("Use as new link for offer.bin")));
    QCOMPARE(dialog->relinks().size(), 1);
    QCOMPARE(dialog->relinks().first().id, id);
    QCOMPARE(dialog->entries().size(), 1);  // only the fresh link is added
    QCOMPARE(dialog->okButton()->text(), QStringLiteral("Download 1"));
    grabTo(dialog, QStringLiteral("relink-adddialog.png"));
    // Unchecked, it would be added as a separate download.
    dialog->relinkList()->list()->item(0)->setCheckState(Qt::Unchecked);
    QCOMPARE(dialog->entries().size(), 2);
    QCOMPARE(dialog->okButton()->text(), QStringLiteral("Download 2"));
    dialog->relinkList()->list()->item(0)->setCheckState(Qt::Checked);

    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(engine.download(id).url(), b, 10000);
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("offer.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(kSize, 5)));
    QCOMPARE(engine.manager().count(), 2);  // the fresh link, and no duplicate of offer.bin
}

void TestUiChangeLink::offerThatDiffersOpensTheChangeLinkDialog()
{
    EngineFixture engine;
    const DownloadId id = pausedWithData(engine, QStringLiteral("differs.bin"));
    const QUrl a = engine.download(id).url();
    m_server.setResponse(QStringLiteral("/b/differs-token"), served(kSize * 2, 8, "\"ui-v9\""));
    QTemporaryDir dir;
    QSettings store(dir.filePath(QStringLiteral("gather.ini")), QSettings::IniFormat);
    AppSettings settings(&store);
    AppSettings::Values values = settings.values();
    values.addDialogOnDrop = true;
    settings.setValues(values);
    QThreadPool pool;
    UrlListLoader loader(&pool);
    QWidget window;
    UrlIntake intake(&engine.manager(), &settings, &loader, nullptr, &window);
    QSignalSpy shown(&intake, &UrlIntake::addDialogShown);
    QSignalSpy changeShown(&intake, &UrlIntake::changeLinkDialogShown);

    DroppedInput input;
    input.text = m_server.url(QStringLiteral("/b/differs-token")).toString() + QStringLiteral("\n  out=differs.bin\n");
    intake.submit(input);
    QTRY_COMPARE(shown.count(), 1);
    auto *dialog = shown.first().first().value<AddDialog *>();
    QCOMPARE(dialog->okButton()->text(), QStringLiteral("Use New Link"));
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(changeShown.count(), 1, 10000);
    auto *change = qobject_cast<ChangeLinkDialog *>(changeShown.first().first().value<QDialog *>());
    QVERIFY(change);
    QVERIFY(change->statusLabel()->text().contains(QStringLiteral("size 4.0 MiB here, 8.0 MiB at the new link")));
    QVERIFY(change->startOverButton()->isVisibleTo(change));
    QCOMPARE(engine.download(id).url(), a);  // nothing changed before the choice
    QPointer<ChangeLinkDialog> guard(change);
    change->reject();
    QTRY_VERIFY(guard.isNull());
    QCOMPARE(engine.download(id).url(), a);
    QVERIFY(!engine.manager().linkChanges().awaiting(id).has_value());
    QCOMPARE(engine.manager().count(), 1);
}

QTEST_MAIN(TestUiChangeLink)
#include "tst_ui_changelink.moc"
