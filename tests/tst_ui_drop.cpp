// Every way links come in, through the real pieces: a window with DropTarget, UrlIntake,
// UrlListLoader and a real DownloadManager whose URLs point at the loopback FaultServer. Real
// drag events carry each MIME kind (uri-list, running text, HTML, x-moz-url, a dropped list
// file, an aria2 input file); paste goes through the clipboard, Import list… through an
// injected chooser. Exactly the valid URLs reach the manager, the rest is reported. A link the
// list holds already is not added twice: a paused, failed or cancelled download is resumed instead,
// a completed one is left alone.
#include "adddialog.h"
#include "appsettings.h"
#include "dropoverlay.h"
#include "droptarget.h"
#include "enginefixture.h"
#include "faultserver.h"
#include "folderfield.h"
#include "intake/urllistloader.h"
#include "testfiles.h"
#include "urlintake.h"

#include <QApplication>
#include <QClipboard>
#include <QDragEnterEvent>
#include <QDragLeaveEvent>
#include <QDragMoveEvent>
#include <QDropEvent>
#include <QCheckBox>
#include <QGroupBox>
#include <QImage>
#include <QLineEdit>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QVBoxLayout>

#include <memory>

using MimeFactory = std::function<QMimeData *(const FaultServer &server, const QTemporaryDir &dir)>;
Q_DECLARE_METATYPE(MimeFactory)
Q_DECLARE_METATYPE(DownloadState)

namespace {

QString join(const QList<QUrl> &urls)
{
    QStringList list;
    for (const QUrl &url : urls)
        list.append(url.toString());
    return list.join(u'\n');
}

} // namespace

class TestUiDrop final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void dropKinds_data();
    void dropKinds();
    void overlayHidesOnLeave();
    void unsupportedMimeRejected_data();
    void unsupportedMimeRejected();
    void moveIsTakenAsCopy();
    void childThatAcceptsDropsIsRouted();
    void droppedTwiceAddsOnce();
    void dropThroughAddDialog();
    void addDialogCancelAddsNothing();
    void inputsWhileADialogIsOpenWaitTheirTurn();
    void reAddedThroughDialogResumes_data();
    void reAddedThroughDialogResumes();
    void reAddedCompletedIsAlreadyDownloaded();
    void reAddedCanBeDownloadedAgain();
    void reAddedAtOnceResumes();
    void pasteFromClipboard();
    void pasteNothing();
    void importWithChooser();
    void importCancelled();
    void importUnreadable();

private:
    QUrl url(const char *path) const { return m_server.url(QString::fromLatin1(path)); }
    // A download of path brought to state: paused with part of its file, failed, or cancelled.
    DownloadId listedIn(const char *path, DownloadState state);
    void setDialogOnDrop(bool on);
    // Sends enter, move and drop; checks the overlay and the accepted copy action on the way.
    void dragAndDrop(QWidget *target, const QMimeData &mime, Qt::DropActions actions = Qt::CopyAction);
    QList<QUrl> addedUrls(const QSignalSpy &spy) const;
    QString writeFile(const QString &name, const QByteArray &bytes);

    FaultServer m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<EngineFixture> m_engine;
    std::unique_ptr<QThreadPool> m_pool;
    std::unique_ptr<QSettings> m_store;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<UrlListLoader> m_loader;
    std::unique_ptr<QWidget> m_window;
    QLineEdit *m_edit = nullptr;
    UrlIntake *m_intake = nullptr;
    DropTarget *m_target = nullptr;
};

void TestUiDrop::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_server.listen());
    FaultResponse body = FaultResponse::ok(QByteArrayLiteral("payload"));
    m_server.setDefaultResponse(body);
}

void TestUiDrop::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_engine = std::make_unique<EngineFixture>();
    m_pool = std::make_unique<QThreadPool>();
    m_store = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("gather.ini")), QSettings::IniFormat);
    m_settings = std::make_unique<AppSettings>(m_store.get());
    setDialogOnDrop(false);
    m_loader = std::make_unique<UrlListLoader>(m_pool.get());
    m_window = std::make_unique<QWidget>();
    m_window->resize(480, 320);
    auto *layout = new QVBoxLayout(m_window.get());
    m_edit = new QLineEdit(m_window.get());
    layout->addWidget(m_edit);
    layout->addStretch(1);
    m_intake = new UrlIntake(&m_engine->manager(), m_settings.get(), m_loader.get(), nullptr, m_window.get(),
                             m_window.get());
    m_target = new DropTarget(m_window.get(), m_intake, m_window.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestUiDrop::cleanup()
{
    m_window.reset();
    m_loader.reset();
    m_pool->waitForDone();
    m_engine.reset();
    m_settings.reset();
    m_store.reset();
    m_dir.reset();
}

void TestUiDrop::setDialogOnDrop(bool on)
{
    AppSettings::Values values = m_settings->values();
    values.addDialogOnDrop = on;
    m_settings->setValues(values);
}

QString TestUiDrop::writeFile(const QString &name, const QByteArray &bytes)
{
    const QString path = m_dir->filePath(name);
    if (!TestFiles::writeFile(path, bytes))
        qWarning("cannot write %s", qPrintable(path));
    return path;
}

void TestUiDrop::dragAndDrop(QWidget *target, const QMimeData &mime, Qt::DropActions actions)
{
    const QPoint at = target->rect().center();
    QVERIFY(!m_target->overlay()->isVisible());
    QDragEnterEvent enter(at, actions, &mime, Qt::LeftButton, Qt::NoModifier);
    enter.ignore();
    QApplication::sendEvent(target, &enter);
    QVERIFY(enter.isAccepted());
    QCOMPARE(enter.dropAction(), Qt::CopyAction);
    QVERIFY(m_target->overlay()->isVisible());
    QCOMPARE(m_target->overlay()->geometry(), m_window->rect());

    QDragMoveEvent move(at + QPoint(5, 5), actions, &mime, Qt::LeftButton, Qt::NoModifier);
    move.ignore();
    QApplication::sendEvent(target, &move);
    QVERIFY(move.isAccepted());
    QVERIFY(m_target->overlay()->isVisible());

    QDropEvent drop(QPointF(at), actions, &mime, Qt::LeftButton, Qt::NoModifier);
    drop.ignore();
    QApplication::sendEvent(target, &drop);
    QVERIFY(drop.isAccepted());
    QCOMPARE(drop.dropAction(), Qt::CopyAction);
    QVERIFY(!m_target->overlay()->isVisible());
}

QList<QUrl> TestUiDrop::addedUrls(const QSignalSpy &spy) const
{
    QList<QUrl> urls;
    for (const QList<QVariant> &arguments : spy) {
        for (DownloadId id : arguments.at(0).value<QList<DownloadId>>())
            urls.append(m_engine->manager().download(id)->url());
    }
    return urls;
}

void TestUiDrop::dropKinds_data()
{
    QTest::addColumn<MimeFactory>("mime");
    QTest::addColumn<QString>("paths");   // expected, on the fault server, space-separated
    QTest::addColumn<QString>("message");

    QTest::newRow("text/uri-list") << MimeFactory([](const FaultServer &s, const QTemporaryDir &) {
        auto *mime = new QMimeData;
        mime->setUrls({s.url(QStringLiteral("/u/one.bin")), s.url(QStringLiteral("/u/two.bin"))});
        return mime;
    }) << "/u/one.bin /u/two.bin" << QStringLiteral("Added 2 links");

    QTest::newRow("plain running text") << MimeFactory([](const FaultServer &s, const QTemporaryDir &) {
        auto *mime = new QMimeData;
        mime->setText(QStringLiteral("Get %1 first, then (%2). That's all.")
                          .arg(s.url(QStringLiteral("/t/a.iso")).toString(), s.url(QStringLiteral("/t/b.iso")).toString()));
        return mime;
    }) << "/t/a.iso /t/b.iso" << QStringLiteral("Added 2 links");

    QTest::newRow("plain lines with a bad one") << MimeFactory([](const FaultServer &s, const QTemporaryDir &) {
        auto *mime = new QMimeData;
        mime->setText(s.url(QStringLiteral("/p/1")).toString() + QStringLiteral("\nftp://example.invalid/x\n")
                      + s.url(QStringLiteral("/p/2")).toString() + u'\n' + s.url(QStringLiteral("/p/1")).toString());
        return mime;
    }) << "/p/1 /p/2" << QStringLiteral("Added 2 links; 1 line rejected, 1 duplicate");

    QTest::newRow("text/html") << MimeFactory([](const FaultServer &s, const QTemporaryDir &) {
        auto *mime = new QMimeData;
        mime->setHtml(QStringLiteral("<p>Files: <a href=\"%1\">first</a> and <a href='%2'>second</a></p>")
                          .arg(s.url(QStringLiteral("/h/1.zip")).toString(), s.url(QStringLiteral("/h/2.zip")).toString()));
        mime->setText(QStringLiteral("Files: first and second"));
        return mime;
    }) << "/h/1.zip /h/2.zip" << QStringLiteral("Added 2 links");

    QTest::newRow("text/x-moz-url") << MimeFactory([](const FaultServer &s, const QTemporaryDir &) {
        auto *mime = new QMimeData;
        const QString text = s.url(QStringLiteral("/m/page.bin")).toString() + QStringLiteral("\nThe page title");
        mime->setData(QStringLiteral("text/x-moz-url"),
                      QByteArray(reinterpret_cast<const char *>(text.utf16()), text.size() * 2));
        return mime;
    }) << "/m/page.bin" << QStringLiteral("Added 1 link");

    QTest::newRow("dropped .txt file") << MimeFactory([](const FaultServer &s, const QTemporaryDir &dir) {
        const QString path = dir.filePath(QStringLiteral("list.txt"));
        TestFiles::writeFile(path, (s.url(QStringLiteral("/f/a")).toString() + QStringLiteral("\nnot a link at all\n")
                                    + s.url(QStringLiteral("/f/b")).toString() + u'\n' + s.url(QStringLiteral("/f/a")).toString()
                                    + u'\n').toUtf8());
        auto *mime = new QMimeData;
        mime->setUrls({QUrl::fromLocalFile(path)});
        return mime;
    }) << "/f/a /f/b" << QStringLiteral("Added 2 links; 1 line rejected, 1 duplicate");

    QTest::newRow("aria2 input file") << MimeFactory([](const FaultServer &s, const QTemporaryDir &dir) {
        const QString path = dir.filePath(QStringLiteral("input.aria2"));
        TestFiles::writeFile(path, (s.url(QStringLiteral("/a/x.bin")).toString() + QStringLiteral("\n  out=renamed.bin\n")
                                    + s.url(QStringLiteral("/a/y.bin")).toString() + QStringLiteral("\n  dir=sub\n"))
                                       .toUtf8());
        auto *mime = new QMimeData;
        mime->setUrls({QUrl::fromLocalFile(path)});
        return mime;
    }) << "/a/x.bin /a/y.bin" << QStringLiteral("Added 2 links");
}

void TestUiDrop::dropKinds()
{
    QFETCH(MimeFactory, mime);
    QFETCH(QString, paths);
    QFETCH(QString, message);
    QSignalSpy added(m_intake, &UrlIntake::added);
    QSignalSpy messages(m_intake, &UrlIntake::message);
    const std::unique_ptr<QMimeData> data(mime(m_server, *m_dir));
    dragAndDrop(m_window.get(), *data);
    QTRY_COMPARE(messages.count(), 1);
    QCOMPARE(messages.first().first().toString(), message);
    QCOMPARE(added.count(), 1);

    QList<QUrl> expected;
    for (const QString &path : paths.split(u' '))
        expected.append(m_server.url(path));
    QCOMPARE(join(addedUrls(added)), join(expected));
    QCOMPARE(m_engine->manager().count(), expected.size());

    if (QByteArray(QTest::currentDataTag()) == "aria2 input file") {
        const QList<DownloadId> ids = added.first().first().value<QList<DownloadId>>();
        const Download *first = m_engine->manager().download(ids[0]);
        const Download *second = m_engine->manager().download(ids[1]);
        QVERIFY(m_engine->waitFinal(ids[0]));
        QVERIFY(m_engine->waitFinal(ids[1]));
        QCOMPARE(first->filePath(), m_engine->path(QStringLiteral("renamed.bin")));
        QCOMPARE(second->filePath(), m_engine->path(QStringLiteral("sub/y.bin")));
        QCOMPARE(TestFiles::readFile(second->filePath()), QByteArrayLiteral("payload"));
    }
}

void TestUiDrop::overlayHidesOnLeave()
{
    const QImage plain = m_window->grab().toImage();
    QMimeData mime;
    mime.setUrls({url("/leave")});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(m_window.get(), &enter);
    QVERIFY(enter.isAccepted());
    QVERIFY(m_target->overlay()->isVisible());
    // The highlight is painted over the whole window, the line edit included.
    const QImage covered = m_window->grab().toImage();
    QCOMPARE(covered.size(), plain.size());
    const QPoint inEdit = m_edit->geometry().center();
    QVERIFY(covered.pixel(inEdit) != plain.pixel(inEdit));
    // The overlay follows the window's size while shown.
    m_window->resize(600, 400);
    QTRY_COMPARE(m_target->overlay()->size(), QSize(600, 400));
    QDragLeaveEvent leave;
    QApplication::sendEvent(m_window.get(), &leave);
    QVERIFY(!m_target->overlay()->isVisible());
    m_window->resize(plain.size() / plain.devicePixelRatio());
    QTRY_COMPARE(m_window->grab().toImage(), plain);
    QCOMPARE(m_engine->manager().count(), 0);
    QCOMPARE(m_intake->loadsInFlight(), 0);
}

void TestUiDrop::unsupportedMimeRejected_data()
{
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<QByteArray>("data");
    QTest::newRow("image") << QByteArray("image/png") << QByteArray("\x89PNG\r\n\x1a\n");
    QTest::newRow("blank text") << QByteArray("text/plain") << QByteArray("   \n\t ");
    QTest::newRow("html without links") << QByteArray("text/html") << QByteArray("<b>bold</b>");
    QTest::newRow("empty uri-list") << QByteArray("text/uri-list") << QByteArray("# only a comment\r\n");
}

void TestUiDrop::unsupportedMimeRejected()
{
    QFETCH(QByteArray, format);
    QFETCH(QByteArray, data);
    QMimeData mime;
    mime.setData(QString::fromLatin1(format), data);
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    enter.accept();
    QApplication::sendEvent(m_window.get(), &enter);
    QVERIFY(!enter.isAccepted());
    QVERIFY(!m_target->overlay()->isVisible());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    drop.ignore();
    QApplication::sendEvent(m_window.get(), &drop);
    QVERIFY(!drop.isAccepted());
    QCOMPARE(m_intake->loadsInFlight(), 0);
}

void TestUiDrop::moveIsTakenAsCopy()
{
    // A file manager offering a move must never delete the dropped list.
    const QString path = writeFile(QStringLiteral("moved.txt"), url("/mv/1").toString().toUtf8());
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    QSignalSpy added(m_intake, &UrlIntake::added);
    dragAndDrop(m_window.get(), mime, Qt::CopyAction | Qt::MoveAction);
    QTRY_COMPARE(added.count(), 1);
    QVERIFY(QFile::exists(path));
}

void TestUiDrop::childThatAcceptsDropsIsRouted()
{
    QVERIFY(m_edit->acceptDrops());  // as every QLineEdit: it would paste the link into itself
    m_target->watchDescendants();
    QMimeData mime;
    mime.setText(url("/child").toString());
    QSignalSpy added(m_intake, &UrlIntake::added);
    dragAndDrop(m_edit, mime);
    QTRY_COMPARE(added.count(), 1);
    QCOMPARE(addedUrls(added), QList<QUrl>{url("/child")});
    QVERIFY(m_edit->text().isEmpty());
}

void TestUiDrop::droppedTwiceAddsOnce()
{
    QMimeData mime;
    mime.setUrls({url("/twice/1"), url("/twice/2")});
    QSignalSpy added(m_intake, &UrlIntake::added);
    QSignalSpy messages(m_intake, &UrlIntake::message);
    dragAndDrop(m_window.get(), mime);
    QTRY_COMPARE(messages.count(), 1);
    QMimeData again;
    again.setUrls({url("/twice/2"), url("/twice/3")});
    dragAndDrop(m_window.get(), again);
    QTRY_COMPARE(messages.count(), 2);
    QCOMPARE(messages.at(1).first().toString(), QStringLiteral("Added 1 link; 1 already in the list"));
    QCOMPARE(join(addedUrls(added)), join({url("/twice/1"), url("/twice/2"), url("/twice/3")}));
}

void TestUiDrop::dropThroughAddDialog()
{
    setDialogOnDrop(true);
    AddDialog *dialog = nullptr;
    connect(m_intake, &UrlIntake::addDialogShown, this, [&](AddDialog *shown) { dialog = shown; });
    QSignalSpy added(m_intake, &UrlIntake::added);
    QMimeData mime;
    mime.setText(url("/dlg/1").toString() + QStringLiteral("\nnonsense line\n") + url("/dlg/2").toString());
    dragAndDrop(m_window.get(), mime);
    QTRY_VERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->parentWidget(), m_window.get());
    QCOMPARE(dialog->windowTitle(), QStringLiteral("2 links found"));
    QCOMPARE(dialog->folder(), m_engine->folder());
    QCOMPARE(added.count(), 0);
    QCOMPARE(m_engine->manager().count(), 0);

    const QString folder = m_dir->filePath(QStringLiteral("chosen"));
    dialog->folderField()->setFolder(folder);
    QPointer<AddDialog> guard(dialog);
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QCOMPARE(added.count(), 1);
    QCOMPARE(join(addedUrls(added)), join({url("/dlg/1"), url("/dlg/2")}));
    const DownloadId first = added.first().first().value<QList<DownloadId>>().first();
    QVERIFY(m_engine->waitFinal(first));
    QCOMPARE(m_engine->manager().download(first)->filePath(), folder + QStringLiteral("/1"));
    QTRY_VERIFY(guard.isNull());  // the dialog deletes itself
}

void TestUiDrop::addDialogCancelAddsNothing()
{
    setDialogOnDrop(true);
    QSignalSpy shown(m_intake, &UrlIntake::addDialogShown);
    QMimeData mime;
    mime.setUrls({url("/cancel/1")});
    dragAndDrop(m_window.get(), mime);
    QTRY_COMPARE(shown.count(), 1);
    auto *dialog = shown.first().first().value<AddDialog *>();
    QPointer<AddDialog> guard(dialog);
    dialog->reject();
    QTRY_VERIFY(guard.isNull());
    QCOMPARE(m_engine->manager().count(), 0);
}

void TestUiDrop::inputsWhileADialogIsOpenWaitTheirTurn()
{
    // A list of 20,000 lines, then a single link right after: the short one is read first, yet
    // the dialogs come in the order the inputs did, one at a time, the open one saying how many
    // wait.
    setDialogOnDrop(true);
    QSignalSpy shown(m_intake, &UrlIntake::addDialogShown);
    QString big;
    for (int i = 0; i < 20000; ++i)
        big += m_server.url(QStringLiteral("/turn/big-%1").arg(i)).toString() + QLatin1Char(10);
    m_intake->submit(DroppedInput{big, {}});
    m_intake->submit(DroppedInput{url("/turn/small").toString(), {}});
    m_intake->submit(DroppedInput{url("/turn/third").toString(), {}});
    QTRY_COMPARE(shown.count(), 1);
    auto *first = shown.first().first().value<AddDialog *>();
    QCOMPARE(first->entries().size(), 20000);
    QTRY_VERIFY(first->waitingLabel()->isVisible());
    QCOMPARE(first->waitingLabel()->text(), QStringLiteral("2 more inputs arrived; each opens after this one, in order."));
    QCOMPARE(shown.count(), 1);
    first->reject();
    QTRY_COMPARE(shown.count(), 2);
    auto *second = shown.last().first().value<AddDialog *>();
    QCOMPARE(second->entries().size(), 1);
    QCOMPARE(second->entries().first().url, url("/turn/small"));
    QCOMPARE(second->waitingLabel()->text(), QStringLiteral("1 more input arrived; it opens after this one."));
    second->reject();
    QTRY_COMPARE(shown.count(), 3);
    auto *third = shown.last().first().value<AddDialog *>();
    QCOMPARE(third->entries().first().url, url("/turn/third"));
    QVERIFY(!third->waitingLabel()->isVisible());
    QPointer<AddDialog> guard(third);
    third->reject();
    QTRY_VERIFY(guard.isNull());
    QCOMPARE(m_engine->manager().count(), 0);
}

DownloadId TestUiDrop::listedIn(const char *path, DownloadState state)
{
    const QString name = QString::fromLatin1(path);
    FaultResponse slow = FaultResponse::generated(512 * 1024, 9);
    slow.bytesPerSecond = 256 * 1024;
    slow.chunkSize = 16 * 1024;
    slow.etag = QByteArrayLiteral("\"relist-v1\"");
    FaultResponse silent;
    silent.neverRespond = true;
    m_server.setResponse(name, state == DownloadState::Failed ? FaultResponse::withStatus(404)
                               : state == DownloadState::Paused ? slow : silent);
    const DownloadId id = m_engine->add(url(path));
    if (state == DownloadState::Paused) {
        if (!QTest::qWaitFor([&] { return m_engine->download(id).bytesReceived() > 0; }, 10000))
            return 0;
        m_engine->manager().pause(id);
    } else if (state == DownloadState::Cancelled) {
        m_engine->manager().cancel(id);
    } else if (!m_engine->waitFinal(id)) {
        return 0;
    }
    // From here on the server gives the whole file at once, the same version.
    FaultResponse fast = FaultResponse::generated(512 * 1024, 9);
    fast.etag = slow.etag;
    m_server.setResponse(name, fast);
    return m_engine->download(id).state() == state ? id : 0;
}

void TestUiDrop::reAddedThroughDialogResumes_data()
{
    QTest::addColumn<DownloadState>("state");
    QTest::newRow("paused") << DownloadState::Paused;
    QTest::newRow("failed") << DownloadState::Failed;
    QTest::newRow("cancelled") << DownloadState::Cancelled;
}

void TestUiDrop::reAddedThroughDialogResumes()
{
    QFETCH(DownloadState, state);
    const DownloadId id = listedIn("/again/file.bin", state);
    QVERIFY(id);
    setDialogOnDrop(true);
    QSignalSpy shown(m_intake, &UrlIntake::addDialogShown);
    QSignalSpy messages(m_intake, &UrlIntake::message);
    QMimeData mime;
    mime.setUrls({url("/again/file.bin"), url("/again/new.bin")});
    dragAndDrop(m_window.get(), mime);
    QTRY_COMPARE(shown.count(), 1);
    auto *dialog = shown.first().first().value<AddDialog *>();
    QCOMPARE(dialog->linkCount(), 1);
    QCOMPARE(dialog->resumeCount(), 1);
    const QAbstractItemModel *duplicates =
        dialog->findChild<QGroupBox *>(QStringLiteral("duplicatesSection"))->findChild<QTableView *>()->model();
    QCOMPARE(duplicates->rowCount(), 1);
    QCOMPARE(duplicates->index(0, 1).data().toString(), url("/again/file.bin").toString());
    QCOMPARE(duplicates->index(0, 2).data().toString(), QStringLiteral("In the list: will resume"));
    QCOMPARE(m_engine->download(id).state(), state);  // nothing happens before OK

    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QCOMPARE(messages.last().first().toString(), QStringLiteral("Added 1 link; 1 resumed"));
    QTRY_COMPARE(m_engine->manager().count(), 2);  // the new link, and the old download once
    QVERIFY(m_engine->waitFinal(id));
    QCOMPARE(m_engine->download(id).state(), DownloadState::Completed);
    QCOMPARE(EngineFixture::fileSha256(m_engine->path(QStringLiteral("file.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(512 * 1024, 9)));
    QCOMPARE(m_engine->manager().findByUrl(url("/again/file.bin")), id);
}

void TestUiDrop::reAddedCompletedIsAlreadyDownloaded()
{
    m_server.setResponse(QStringLiteral("/again/done.bin"), FaultResponse::generated(4096, 2));
    const DownloadId id = m_engine->add(url("/again/done.bin"));
    QVERIFY(m_engine->waitFinal(id));
    QCOMPARE(m_engine->download(id).state(), DownloadState::Completed);
    setDialogOnDrop(true);
    QSignalSpy shown(m_intake, &UrlIntake::addDialogShown);
    QMimeData mime;
    mime.setUrls({url("/again/done.bin")});
    dragAndDrop(m_window.get(), mime);
    QTRY_COMPARE(shown.count(), 1);
    auto *dialog = shown.first().first().value<AddDialog *>();
    const QAbstractItemModel *duplicates =
        dialog->findChild<QGroupBox *>(QStringLiteral("duplicatesSection"))->findChild<QTableView *>()->model();
    QCOMPARE(duplicates->index(0, 2).data().toString(), QStringLiteral("Already downloaded"));
    QVERIFY(!dialog->okButton()->isEnabled());
    QPointer<AddDialog> guard(dialog);
    dialog->reject();
    QTRY_VERIFY(guard.isNull());
    QCOMPARE(m_engine->manager().count(), 1);
    QCOMPARE(m_engine->download(id).state(), DownloadState::Completed);
    QCOMPARE(m_server.requestCount(QStringLiteral("/again/done.bin")), 1);
}

void TestUiDrop::reAddedCanBeDownloadedAgain()
{
    // The other answer: a fresh copy beside the old file, which stays as it was.
    m_server.setResponse(QStringLiteral("/again/twice.bin"), FaultResponse::generated(4096, 3));
    const DownloadId id = m_engine->add(url("/again/twice.bin"));
    QVERIFY(m_engine->waitFinal(id));
    const QString first = m_engine->download(id).filePath();
    setDialogOnDrop(true);
    QSignalSpy shown(m_intake, &UrlIntake::addDialogShown);
    QMimeData mime;
    mime.setUrls({url("/again/twice.bin")});
    dragAndDrop(m_window.get(), mime);
    QTRY_COMPARE(shown.count(), 1);
    auto *dialog = shown.first().first().value<AddDialog *>();
    auto *again = dialog->findChild<QCheckBox *>(QStringLiteral("downloadAgain"));
    QVERIFY(again && again->isVisible() && !again->isChecked());
    QVERIFY(!dialog->okButton()->isEnabled());
    again->click();
    QVERIFY(dialog->okButton()->isEnabled());
    QCOMPARE(dialog->okButton()->text(), QStringLiteral("Download 1"));
    dialog->okButton()->click();
    QTRY_COMPARE(m_engine->manager().count(), 2);
    const DownloadId copy = m_engine->manager().ids().last();
    QVERIFY(m_engine->waitFinal(copy));
    QCOMPARE(m_engine->download(copy).state(), DownloadState::Completed);
    QVERIFY(m_engine->download(copy).filePath() != first);
    QCOMPARE(EngineFixture::fileSha256(m_engine->download(copy).filePath()), EngineFixture::sha256(FaultServer::generatedBody(4096, 3)));
    QCOMPARE(EngineFixture::fileSha256(first), EngineFixture::sha256(FaultServer::generatedBody(4096, 3)));
    QCOMPARE(m_server.requestCount(QStringLiteral("/again/twice.bin")), 2);
}

void TestUiDrop::reAddedAtOnceResumes()
{
    // Without the dialog the same rule applies: the paused one resumes, nothing is listed twice.
    const DownloadId id = listedIn("/again/at-once.bin", DownloadState::Paused);
    QVERIFY(id);
    QSignalSpy messages(m_intake, &UrlIntake::message);
    QMimeData mime;
    mime.setText(url("/again/at-once.bin").toString());
    dragAndDrop(m_window.get(), mime);
    QTRY_COMPARE(messages.count(), 1);
    QCOMPARE(messages.first().first().toString(), QStringLiteral("Resumed 1 download"));
    QCOMPARE(m_engine->manager().count(), 1);
    QVERIFY(m_engine->waitFinal(id));
    QCOMPARE(m_engine->download(id).state(), DownloadState::Completed);
    QCOMPARE(EngineFixture::fileSha256(m_engine->path(QStringLiteral("at-once.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(512 * 1024, 9)));
}

void TestUiDrop::pasteFromClipboard()
{
    QClipboard *clipboard = QGuiApplication::clipboard();
    auto *mime = new QMimeData;
    mime->setText(QStringLiteral("see ") + url("/paste/a").toString() + QStringLiteral(" and ") + url("/paste/b").toString());
    clipboard->setMimeData(mime);
    if (!clipboard->mimeData() || !clipboard->mimeData()->hasText())
        QSKIP("This platform has no clipboard");
    QSignalSpy added(m_intake, &UrlIntake::added);
    QVERIFY(m_intake->pasteFromClipboard());
    QTRY_COMPARE(added.count(), 1);
    QCOMPARE(join(addedUrls(added)), join({url("/paste/a"), url("/paste/b")}));
}

void TestUiDrop::pasteNothing()
{
    QSignalSpy messages(m_intake, &UrlIntake::message);
    QMimeData image;
    image.setData(QStringLiteral("image/png"), QByteArrayLiteral("\x89PNG"));
    QVERIFY(!m_intake->paste(&image));
    QVERIFY(!m_intake->paste(nullptr));
    QCOMPARE(messages.count(), 2);
    QVERIFY(messages.first().first().toString().startsWith(QStringLiteral("Nothing to paste")));
    QCOMPARE(m_intake->loadsInFlight(), 0);
}

void TestUiDrop::importWithChooser()
{
    const QString first = writeFile(QStringLiteral("first.txt"), (url("/imp/1").toString() + u'\n').toUtf8());
    const QString second = writeFile(QStringLiteral("second.list"),
                                      (url("/imp/2").toString() + u'\n' + url("/imp/1").toString() + u'\n').toUtf8());
    QWidget *offeredParent = nullptr;
    m_intake->setFileChooser([&](QWidget *parent) {
        offeredParent = parent;
        return QStringList{first, second};
    });
    QSignalSpy added(m_intake, &UrlIntake::added);
    QSignalSpy messages(m_intake, &UrlIntake::message);
    m_intake->importList();
    QCOMPARE(offeredParent, m_window.get());
    QTRY_COMPARE(added.count(), 1);
    QCOMPARE(join(addedUrls(added)), join({url("/imp/1"), url("/imp/2")}));
    QCOMPARE(messages.first().first().toString(), QStringLiteral("Added 2 links; 1 duplicate"));
}

void TestUiDrop::importCancelled()
{
    m_intake->setFileChooser([](QWidget *) { return QStringList(); });
    QSignalSpy messages(m_intake, &UrlIntake::message);
    m_intake->importList();
    QCOMPARE(m_intake->loadsInFlight(), 0);
    QCOMPARE(messages.count(), 0);
}

void TestUiDrop::importUnreadable()
{
    const QString missing = m_dir->filePath(QStringLiteral("missing.txt"));
    const QString good = writeFile(QStringLiteral("good.txt"), url("/ok").toString().toUtf8());
    m_intake->setFileChooser([&](QWidget *) { return QStringList{missing, good}; });
    QSignalSpy messages(m_intake, &UrlIntake::message);
    m_intake->importList();
    QTRY_COMPARE(messages.count(), 1);
    QCOMPARE(messages.first().first().toString(), QStringLiteral("Added 1 link; 1 file could not be read"));
    QCOMPARE(m_engine->manager().count(), 1);
}

QTEST_MAIN(TestUiDrop)
#include "tst_ui_drop.moc"
