// Clipboard watching: copied links are offered in one Add dialog (later copies join it) only when
// the setting is on; Gather's own Copy URL, text offered before, text without web links, the
// mouse selection and copies over the cap are let be. The offered links download when OK is
// pressed, as the server sees.
#include "adddialog.h"
#include "addlinksmodel.h"
#include "appsettings.h"
#include "clipboardwatcher.h"
#include "enginefixture.h"
#include "faultserver.h"
#include "intake/urllistloader.h"
#include "urlintake.h"

#include <QApplication>
#include <QStandardPaths>
#include <QClipboard>
#include <QMimeData>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

using namespace Qt::StringLiterals;

class TestUiClipboard final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void linksIn();
    void offIgnoresCopies();
    void copiesJoinOneDialog();
    void ownAndRepeatedCopiesIgnored();
    void tooManyLinksSaysSo();

private:
    void setWatching(bool on);
    void copy(const QString &text);
    QString url(const QString &path) const { return m_server.url(path).toString(); }

    FaultServer m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<EngineFixture> m_engine;
    std::unique_ptr<QThreadPool> m_pool;
    std::unique_ptr<QSettings> m_store;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<UrlListLoader> m_loader;
    std::unique_ptr<QWidget> m_window;
    UrlIntake *m_intake = nullptr;
    ClipboardWatcher *m_watcher = nullptr;
    QPointer<AddDialog> m_dialog;
    int m_dialogsShown = 0;
};

void TestUiClipboard::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_server.listen());
    m_server.setDefaultResponse(FaultResponse::ok(QByteArrayLiteral("copied")));
    QGuiApplication::clipboard()->setText(u"probe"_s);
    if (QGuiApplication::clipboard()->text() != u"probe"_s)
        QSKIP("This platform has no clipboard");
}

void TestUiClipboard::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_engine = std::make_unique<EngineFixture>();
    m_pool = std::make_unique<QThreadPool>();
    m_store = std::make_unique<QSettings>(m_dir->filePath(u"gather.ini"_s), QSettings::IniFormat);
    m_settings = std::make_unique<AppSettings>(m_store.get());
    m_loader = std::make_unique<UrlListLoader>(m_pool.get());
    m_window = std::make_unique<QWidget>();
    m_window->resize(480, 320);
    m_intake = new UrlIntake(&m_engine->manager(), m_settings.get(), m_loader.get(), nullptr, m_window.get(),
                             m_window.get());
    m_watcher = new ClipboardWatcher(QGuiApplication::clipboard(), m_settings.get(), m_intake, m_window.get());
    m_dialogsShown = 0;
    connect(m_intake, &UrlIntake::addDialogShown, this, [this](AddDialog *dialog) {
        m_dialog = dialog;
        ++m_dialogsShown;
    });
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestUiClipboard::cleanup()
{
    m_window.reset();
    m_loader.reset();
    m_pool->waitForDone();
    m_engine.reset();
    m_settings.reset();
    m_store.reset();
    m_dir.reset();
}

void TestUiClipboard::setWatching(bool on)
{
    AppSettings::Values values = m_settings->values();
    values.watchClipboard = on;
    m_settings->setValues(values);
}

void TestUiClipboard::copy(const QString &text)
{
    QGuiApplication::clipboard()->setText(text, QClipboard::Clipboard);
}

void TestUiClipboard::linksIn()
{
    QCOMPARE(ClipboardWatcher::linksIn(u"see https://a.example/x.iso, and (http://b.example/y).\n"
                                       "ftp://c.example/z again https://a.example/x.iso mailto:me@example.org"_s),
             (QStringList{u"https://a.example/x.iso"_s, u"http://b.example/y"_s, u"ftp://c.example/z"_s}));
    QVERIFY(ClipboardWatcher::linksIn(u"no links here: just text"_s).isEmpty());
}

void TestUiClipboard::offIgnoresCopies()
{
    QVERIFY(!AppSettings::defaults().watchClipboard);  // opt-in
    copy(url(u"/off/a.bin"_s));
    // The loader runs on the pool: give a wrongly offered copy time to show up as a dialog.
    QCoreApplication::processEvents();
    m_pool->waitForDone();
    QCoreApplication::processEvents();
    QCOMPARE(m_intake->loadsInFlight(), 0);
    QCOMPARE(m_dialogsShown, 0);
}

void TestUiClipboard::copiesJoinOneDialog()
{
    setWatching(true);
    copy(u"Mirror list: "_s + url(u"/c/a.bin"_s) + u" and "_s + url(u"/c/b.bin"_s));
    QTRY_VERIFY(m_dialog);
    QCOMPARE(m_dialog->linksModel()->rowCount(), 2);
    QCOMPARE(m_dialog->windowTitle(), u"2 links found"_s);
    // Two more copies while it is open: one new link joins it, the repeated one does not.
    copy(url(u"/c/c.bin"_s) + u"\n"_s + url(u"/c/a.bin"_s));
    QTRY_COMPARE(m_dialog->linksModel()->rowCount(), 3);
    copy(url(u"/c/d.bin"_s));
    QTRY_COMPARE(m_dialog->linksModel()->rowCount(), 4);
    QCOMPARE(m_dialog->windowTitle(), u"4 links found"_s);
    QCOMPARE(m_dialogsShown, 1);
    // Copies of text without web links change nothing.
    copy(u"just words"_s);
    QCoreApplication::processEvents();
    QCOMPARE(m_dialog->linksModel()->rowCount(), 4);

    QSignalSpy added(m_intake, &UrlIntake::added);
    QTest::mouseClick(m_dialog->okButton(), Qt::LeftButton);
    QTRY_COMPARE(m_engine->manager().count(), 4);
    for (DownloadId id : m_engine->manager().ids())
        QVERIFY(m_engine->waitFinal(id));
    QStringList served;
    for (const RecordedRequest &request : m_server.requests(u"/c/*"_s))
        served.append(QString::fromLatin1(request.path));
    std::sort(served.begin(), served.end());
    QCOMPARE(served, (QStringList{u"/c/a.bin"_s, u"/c/b.bin"_s, u"/c/c.bin"_s, u"/c/d.bin"_s}));

    // A link the list holds now is not offered again.
    QTRY_VERIFY(m_dialog.isNull());
    copy(url(u"/c/a.bin"_s) + u" "_s);
    m_pool->waitForDone();
    QCoreApplication::processEvents();
    QCOMPARE(m_dialogsShown, 1);
}

void TestUiClipboard::ownAndRepeatedCopiesIgnored()
{
    setWatching(true);
    // Copy URL's own text (marked as Gather's) is never offered back.
    QGuiApplication::clipboard()->setMimeData(ClipboardWatcher::ownCopy(url(u"/own/a.bin"_s)));
    m_pool->waitForDone();
    QCoreApplication::processEvents();
    QCOMPARE(m_dialogsShown, 0);
    QCOMPARE(m_intake->loadsInFlight(), 0);

    copy(url(u"/again/a.bin"_s));
    QTRY_VERIFY(m_dialog);
    m_dialog->reject();
    QTRY_VERIFY(m_dialog.isNull());
    // The same text copied again (a clipboard manager restoring it, say) is not offered twice.
    copy(u"something else"_s);
    copy(url(u"/again/a.bin"_s));
    m_pool->waitForDone();
    QCoreApplication::processEvents();
    QCOMPARE(m_dialogsShown, 1);
    QCOMPARE(m_engine->manager().count(), 0);
}

void TestUiClipboard::tooManyLinksSaysSo()
{
    setWatching(true);
    QSignalSpy messages(m_watcher, &ClipboardWatcher::message);
    QString many;
    for (qsizetype i = 0; i <= ClipboardWatcher::kMaxLinks; ++i)
        many += url(u"/many/%1"_s.arg(i)) + u'\n';
    copy(many);
    QCOMPARE(messages.size(), 1);
    QVERIFY(messages.first().first().toString().contains(u"Ctrl+V"_s));
    QCOMPARE(m_intake->loadsInFlight(), 0);
    // Over the size cap: a document, not links; silently let be.
    copy(QString(ClipboardWatcher::kMaxTextChars, u'x') + url(u"/big/a.bin"_s));
    QCOMPARE(messages.size(), 1);
    QCOMPARE(m_intake->loadsInFlight(), 0);
    QCOMPARE(m_dialogsShown, 0);
}

QTEST_MAIN(TestUiClipboard)
#include "tst_ui_clipboard.moc"
