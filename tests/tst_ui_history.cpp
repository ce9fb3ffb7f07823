// The window's list-tidying and export commands over a real engine and a loopback server: Remove
// Completed and Clear History take exactly the finished rows out of the list and never a file or
// a .part off the disk, and are enabled by states anywhere in the list; Export List… writes the
// chosen (or all) downloads as an aria2 input file that reads back field for field; the menus
// hold the new commands, with a screenshot a person can look at.
#include "downloadactions.h"
#include "downloadtableview.h"
#include "enginefixture.h"
#include "faultserver.h"
#include "intake/aria2export.h"
#include "intake/urllistparser.h"
#include "list/downloadlistmodel.h"
#include "listexport.h"
#include "mainwindow.h"

#include <QAction>
#include <QFile>
#include <QFileInfo>
#include <QItemSelectionModel>
#include <QMenu>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

using Id = DownloadActions::Id;

// One window over one engine, wired as the app wires it.
struct Rig {
    explicit Rig(const DownloadSettings &settings = EngineFixture::testSettings())
        : engine(settings)
        , model(&engine.manager())
        , window(&engine.manager(), &model, nullptr, nullptr)
    {
    }

    DownloadActions *actions() const { return window.downloadActions(); }
    bool enabled(Id id) const { return actions()->action(id)->isEnabled(); }
    void trigger(Id id) { actions()->action(id)->trigger(); }
    void select(const QList<DownloadId> &ids)
    {
        QItemSelectionModel *selection = window.table()->selectionModel();
        selection->clearSelection();
        for (DownloadId id : ids)
            selection->select(model.index(model.rowOf(id), 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    bool listed(DownloadId id) { return engine.manager().download(id) != nullptr; }

    EngineFixture engine;
    DownloadListModel model;
    MainWindow window;
};

QString readText(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return u"<cannot read %1>"_s.arg(path);
    return QString::fromUtf8(file.readAll());
}

QStringList actionTexts(const QList<QAction *> &actions)
{
    QStringList texts;
    for (const QAction *action : actions)
        texts.append(action->isSeparator() ? u"-"_s : action->text());
    return texts;
}

QMenu *menuNamed(QMainWindow &window, const QString &title)
{
    for (QAction *action : window.menuBar()->actions()) {
        if (action->menu() && action->text() == title)
            return action->menu();
    }
    return nullptr;
}

// Where screenshots go: GATHER_SCREENSHOT_DIR when set (for a person to look at), else a temporary folder.
QString screenshotPath(const QTemporaryDir &fallback, const QString &name)
{
    const QString dir = qEnvironmentVariable("GATHER_SCREENSHOT_DIR");
    return (dir.isEmpty() ? fallback.path() : dir) + u'/' + name;
}

} // namespace

class TestUiHistory final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.listen()); }

    void removeCompletedThenClearHistoryKeepFiles();
    void enabledByStatesOutsideTheSelection();
    void exportWritesAnAria2List();
    void exportLeavesOutWhatCannotBeWritten();
    void menusHoldTheListCommands();

private:
    FaultServer m_server;
    QTemporaryDir m_dir;
};

void TestUiHistory::removeCompletedThenClearHistoryKeepFiles()
{
    m_server.setResponse(u"/h/done.bin"_s, FaultResponse::generated(20 * 1024, 3));
    FaultResponse cut = FaultResponse::generated(400 * 1024, 4);
    cut.truncateAfter = 100 * 1024;
    cut.etag = QByteArrayLiteral("\"cut-v1\"");
    m_server.setResponse(u"/h/failed.bin"_s, cut);
    FaultResponse silent;
    silent.neverRespond = true;
    m_server.setResponse(u"/h/cancelled.bin"_s, silent);
    FaultResponse slow = FaultResponse::generated(4 * 1024 * 1024, 5);
    slow.bytesPerSecond = 128 * 1024;
    slow.chunkSize = 16 * 1024;
    slow.etag = QByteArrayLiteral("\"slow-v1\"");
    m_server.setResponse(u"/h/paused.bin"_s, slow);
    m_server.setResponse(u"/h/running.bin"_s, slow);
    DownloadSettings settings = EngineFixture::testSettings();
    settings.retries = 0;
    settings.lowSpeedLimit = 0;
    Rig rig(settings);
    EngineFixture &engine = rig.engine;
    QVERIFY(!rig.enabled(Id::RemoveCompleted));
    QVERIFY(!rig.enabled(Id::ClearHistory));

    const DownloadId done = engine.add(m_server.url(u"/h/done.bin"_s));
    const DownloadId failed = engine.add(m_server.url(u"/h/failed.bin"_s));
    const DownloadId cancelled = engine.add(m_server.url(u"/h/cancelled.bin"_s));
    const DownloadId paused = engine.add(m_server.url(u"/h/paused.bin"_s));
    const DownloadId running = engine.add(m_server.url(u"/h/running.bin"_s));
    engine.manager().cancel(cancelled);
    QVERIFY(engine.waitFinal(done) && engine.waitFinal(failed));
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(paused).bytesReceived() > 0 && engine.download(running).bytesReceived() > 0, 10000);
    engine.manager().pause(paused);
    QCOMPARE(engine.download(done).state(), DownloadState::Completed);
    QCOMPARE(engine.download(failed).state(), DownloadState::Failed);
    QCOMPARE(engine.download(cancelled).state(), DownloadState::Cancelled);
    QCOMPARE(engine.download(paused).state(), DownloadState::Paused);
    QCOMPARE(engine.download(running).state(), DownloadState::Downloading);
    const QStringList files{u"done.bin"_s, u"failed.bin.part"_s, u"paused.bin.part"_s, u"running.bin.part"_s};
    QTRY_COMPARE(engine.files(), files);
    QTRY_VERIFY(rig.enabled(Id::RemoveCompleted) && rig.enabled(Id::ClearHistory));
    // What the stopped downloads left on disk, once their writes are done.
    const auto sizes = [&engine] {
        QList<qint64> out;
        for (const char *name : {"done.bin", "failed.bin.part", "paused.bin.part"})
            out.append(QFileInfo(engine.path(QString::fromLatin1(name))).size());
        return out;
    };
    QVERIFY(engine.diskPool().waitForDone(10000));
    const QList<qint64> sizesBefore = sizes();

    // The whole list, not only the rows a filter shows: the completed row is hidden here.
    rig.model.setTextFilter(u"paused"_s);
    QCOMPARE(rig.model.rowCount(), 1);
    rig.trigger(Id::RemoveCompleted);
    rig.model.setTextFilter({});
    QCOMPARE(rig.model.rowCount(), 4);
    QVERIFY(!rig.listed(done));
    QVERIFY(rig.listed(failed) && rig.listed(cancelled) && rig.listed(paused) && rig.listed(running));
    QVERIFY(!rig.enabled(Id::RemoveCompleted));
    QVERIFY(rig.enabled(Id::ClearHistory));
    QCOMPARE(engine.files(), files);
    QCOMPARE(EngineFixture::fileSha256(engine.path(u"done.bin"_s)),
             EngineFixture::sha256(FaultServer::generatedBody(20 * 1024, 3)));

    rig.trigger(Id::ClearHistory);
    QCOMPARE(rig.model.rowCount(), 2);
    QCOMPARE(engine.manager().ids(), (QList<DownloadId>{paused, running}));
    QCOMPARE(engine.download(paused).state(), DownloadState::Paused);
    QCOMPARE(engine.download(running).state(), DownloadState::Downloading);
    QVERIFY(!rig.enabled(Id::RemoveCompleted));
    QVERIFY(!rig.enabled(Id::ClearHistory));
    // A removal that deleted something would do it on the disk pool: once the pool is idle and
    // posted events are delivered, it would show.
    QVERIFY(engine.diskPool().waitForDone(10000));
    QCoreApplication::sendPostedEvents();
    QCOMPARE(engine.files(), files);
    // Nothing shrank: the failed download's bytes still in memory were even written on removal.
    const QList<qint64> sizesAfter = sizes();
    for (qsizetype i = 0; i < sizesAfter.size(); ++i)
        QVERIFY2(sizesAfter[i] >= sizesBefore[i], qPrintable(QString::number(i)));
    QCOMPARE(sizesAfter[1], 100 * 1024);
}

void TestUiHistory::enabledByStatesOutsideTheSelection()
{
    m_server.setResponse(u"/sel/done.bin"_s, FaultResponse::generated(10 * 1024));
    m_server.setResponse(u"/sel/gone.bin"_s, FaultResponse::withStatus(404));
    FaultResponse silent;
    silent.neverRespond = true;
    m_server.setResponse(u"/sel/waiting.bin"_s, silent);
    DownloadSettings settings = EngineFixture::testSettings();
    settings.retries = 0;
    Rig rig(settings);
    const DownloadId waiting = rig.engine.add(m_server.url(u"/sel/waiting.bin"_s));
    rig.select({waiting});
    QTRY_VERIFY(rig.enabled(Id::ExportList));
    QVERIFY(!rig.enabled(Id::RemoveCompleted) && !rig.enabled(Id::ClearHistory));

    // Rows that are not selected finish; the list-wide commands learn of it all the same.
    const DownloadId gone = rig.engine.add(m_server.url(u"/sel/gone.bin"_s));
    QVERIFY(rig.engine.waitFinal(gone));
    QTRY_VERIFY(rig.enabled(Id::ClearHistory));
    QVERIFY(!rig.enabled(Id::RemoveCompleted));
    const DownloadId done = rig.engine.add(m_server.url(u"/sel/done.bin"_s));
    QVERIFY(rig.engine.waitFinal(done));
    QTRY_VERIFY(rig.enabled(Id::RemoveCompleted));
    QCOMPARE(rig.actions()->selectedIds(), QList<DownloadId>{waiting});

    // A retry takes the failed one out of the history; removing the rest leaves nothing to export.
    rig.trigger(Id::RemoveCompleted);
    m_server.setResponse(u"/sel/gone.bin"_s, silent);
    rig.engine.manager().retry(gone);
    QTRY_VERIFY(!rig.enabled(Id::ClearHistory));
    rig.engine.manager().remove(rig.engine.manager().ids());
    QTRY_VERIFY(!rig.enabled(Id::ExportList));
}

void TestUiHistory::exportWritesAnAria2List()
{
    m_server.setResponse(u"/exp/plain.bin"_s, FaultResponse::generated(30 * 1024, 7));
    m_server.setResponse(u"/exp/full.bin"_s, FaultResponse::generated(40 * 1024, 8));
    FaultResponse silent;
    silent.neverRespond = true;
    m_server.setResponse(u"/exp/unnamed"_s, silent);
    Rig rig;
    EngineFixture &engine = rig.engine;
    QVERIFY(!rig.enabled(Id::ExportList));

    const DownloadId plain = engine.add(m_server.url(u"/exp/plain.bin"_s));
    UrlEntry full;
    full.url = m_server.url(u"/exp/full.bin?v=2"_s);
    full.outName = u"renamed.bin"_s;
    full.dir = u"sub"_s;  // relative: exported resolved, where the file really is
    full.checksum = ChecksumSpec{QCryptographicHash::Sha256,
                                 QByteArray::fromHex(EngineFixture::sha256(FaultServer::generatedBody(40 * 1024, 8)))};
    full.headers = {{"X-Token", "abc"}, {"Cookie", "k=v"}};
    const DownloadId fullId = engine.add(full);
    const DownloadId unnamed = engine.add(m_server.url(u"/exp/unnamed"_s));
    QVERIFY(engine.waitFinal(plain) && engine.waitFinal(fullId));
    QCOMPARE(engine.download(fullId).state(), DownloadState::Completed);
    QTRY_VERIFY(rig.enabled(Id::ExportList));
    const QString folder = engine.folder();

    QString answer;
    QWidget *offeredParent = nullptr;
    rig.actions()->setExportChooser([&](QWidget *parent) {
        offeredParent = parent;
        return answer;
    });
    QSignalSpy messages(rig.actions(), &DownloadActions::message);

    // Cancelled in the chooser: nothing written, nothing said.
    rig.trigger(Id::ExportList);
    QCOMPARE(offeredParent, &rig.window);
    QCOMPARE(messages.count(), 0);

    // Nothing selected: every download, in list order.
    answer = m_dir.filePath(u"all.txt"_s);
    rig.trigger(Id::ExportList);
    QTRY_COMPARE(messages.count(), 1);  // saved on the disk pool
    QCOMPARE(messages.at(0).at(0).toString(), u"Exported 3 downloads to all.txt"_s);
    const QString fullBlock = m_server.url(u"/exp/full.bin?v=2"_s).toString() + u"\n"
                              u"  out=renamed.bin\n"
                              u"  dir=sub\n"
                              u"  checksum=sha-256=" + QString::fromLatin1(full.checksum->expected.toHex()) + u"\n"
                              u"  header=X-Token: abc\n"
                              u"  header=Cookie: k=v\n";
    QCOMPARE(readText(answer), QString(m_server.url(u"/exp/plain.bin"_s).toString() + u"\n"
                                       u"  out=plain.bin\n"
                                       + fullBlock
                                       + m_server.url(u"/exp/unnamed"_s).toString() + u"\n"));

    // A selection: only those, and what is written reads back as the download it came from.
    rig.select({fullId});
    answer = m_dir.filePath(u"one.txt"_s);
    rig.trigger(Id::ExportList);
    QTRY_COMPARE(messages.count(), 2);
    QCOMPARE(messages.at(1).at(0).toString(), u"Exported 1 download to one.txt"_s);
    QCOMPARE(readText(answer), fullBlock);
    const ParsedUrlList parsed = UrlListParser::parse(readText(answer));
    QVERIFY(parsed.rejected.isEmpty());
    QCOMPARE(parsed.entries.size(), 1);
    const UrlEntry &back = parsed.entries.first();
    QCOMPARE(back.url, full.url);
    QCOMPARE(back.outName, engine.download(fullId).fileName());
    QCOMPARE(back.dir, u"sub"_s);  // relative to the download folder, the only place a list may aim at
    QCOMPARE(back.folderIn(folder), engine.download(fullId).folder());
    QCOMPARE(back.checksum, full.checksum);
    QCOMPARE(back.headers, full.headers);
    QCOMPARE(QFileInfo(back.folderIn(folder) + u'/' + back.outName).canonicalFilePath(),
             QFileInfo(engine.download(fullId).filePath()).canonicalFilePath());
    QVERIFY(rig.listed(unnamed));
}

void TestUiHistory::exportLeavesOutWhatCannotBeWritten()
{
    FaultResponse silent;
    silent.neverRespond = true;
    m_server.setResponse(u"/bad/*"_s, silent);
    Rig rig;
    const DownloadId good = rig.engine.add(m_server.url(u"/bad/good"_s));
    UrlEntry evil;
    evil.url = m_server.url(u"/bad/evil"_s);
    evil.outName = u"x.bin\n  dir=/etc"_s;  // not chosen by the engine yet: the entry's name is exported
    const DownloadId evilId = rig.engine.add(evil);
    // Chosen in the Add dialog, outside the download folder: a list read into that folder could
    // not aim there, so it is left out rather than written as a line every reader refuses.
    UrlEntry outside;
    outside.url = m_server.url(u"/bad/outside"_s);
    outside.dir = m_dir.filePath(u"elsewhere"_s);
    const DownloadId outsideId = rig.engine.add(outside);
    QTRY_VERIFY(rig.enabled(Id::ExportList));
    const QString path = m_dir.filePath(u"partial.txt"_s);
    rig.actions()->setExportChooser([&](QWidget *) { return path; });
    QSignalSpy messages(rig.actions(), &DownloadActions::message);
    rig.trigger(Id::ExportList);
    QTRY_COMPARE(messages.count(), 1);  // saved on the disk pool
    QCOMPARE(messages.at(0).at(0).toString(), QString(u"Exported 1 download to partial.txt; 2 left out ("_s
                                                          + evil.url.toDisplayString() + u": out contains a line break)"_s));
    QCOMPARE(readText(path), QString(m_server.url(u"/bad/good"_s).toString() + u"\n"_s));
    const UrlEntry outsideExported = ListExport::entryOf(rig.engine.download(outsideId), rig.engine.folder());
    QCOMPARE(outsideExported.dir, outside.dir);
    QCOMPARE(Aria2Export::entryText(outsideExported).problem(),
             u"dir would not read back: dir must be a folder inside the download folder, not an absolute path"_s);

    // Only what cannot be written: no file at all, and why.
    rig.select({evilId});
    const QString none = m_dir.filePath(u"none.txt"_s);
    rig.actions()->setExportChooser([&](QWidget *) { return none; });
    rig.trigger(Id::ExportList);
    QTRY_COMPARE(messages.count(), 2);
    QCOMPARE(messages.at(1).at(0).toString(),
             QString(u"Nothing exported: "_s + evil.url.toDisplayString() + u": out contains a line break"_s));
    QVERIFY(!QFileInfo::exists(none));
    QVERIFY(rig.listed(good));

    // A folder that is not there: the save (on the disk pool) fails and says where.
    rig.select({good});
    const QString nowhere = m_dir.filePath(u"missing-folder/list.txt"_s);
    rig.actions()->setExportChooser([&](QWidget *) { return nowhere; });
    rig.trigger(Id::ExportList);
    QTRY_COMPARE(messages.count(), 3);
    QVERIFY2(messages.at(2).at(0).toString().startsWith(u"Could not write "_s + nowhere), qPrintable(messages.at(2).at(0).toString()));
    QVERIFY(!QFileInfo::exists(nowhere));
}

void TestUiHistory::menusHoldTheListCommands()
{
    m_server.setResponse(u"/menu/*"_s, FaultResponse::generated(8 * 1024));
    Rig rig;
    rig.engine.add(m_server.url(u"/menu/done.bin"_s));
    QVERIFY(rig.engine.waitFinal(rig.engine.manager().ids().first()));
    rig.window.resize(900, 560);
    rig.window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&rig.window));

    QMenu *file = menuNamed(rig.window, u"&File"_s);
    QMenu *downloads = menuNamed(rig.window, u"&Downloads"_s);
    QVERIFY(file && downloads);
    QCOMPARE(actionTexts(file->actions()).mid(0, 4),
             (QStringList{u"&Add Downloads\u2026"_s, u"&Import List\u2026"_s, u"&Export List\u2026"_s, u"&Paste Links"_s}));
    QCOMPARE(actionTexts(downloads->actions()).mid(downloads->actions().size() - 5),
             (QStringList{u"Re&move from List"_s, u"Remove and &Delete File"_s, u"-"_s, u"Remove C&ompleted"_s,
                          u"Clear &History"_s}));
    // The table's context menu offers them too, after the selection's commands.
    const QList<QAction *> context = rig.window.table()->actions();
    QCOMPARE(context.last(), rig.actions()->action(Id::ClearHistory));
    QCOMPARE(context.at(context.size() - 2), rig.actions()->action(Id::RemoveCompleted));
    QTRY_VERIFY(rig.actions()->action(Id::RemoveCompleted)->isEnabled());
    QVERIFY(rig.actions()->action(Id::ClearHistory)->isEnabled());  // a completed row is history too

    // A picture of the open Downloads menu for a person to look at.
    downloads->popup(rig.window.mapToGlobal(QPoint(80, 30)));
    QVERIFY(QTest::qWaitForWindowExposed(downloads));
    const QPixmap shot = downloads->grab();
    QVERIFY(!shot.isNull());
    QVERIFY(shot.save(screenshotPath(m_dir, u"menu-downloads.png"_s), "PNG"));
    downloads->hide();
    file->popup(rig.window.mapToGlobal(QPoint(20, 30)));
    QVERIFY(QTest::qWaitForWindowExposed(file));
    QVERIFY(file->grab().save(screenshotPath(m_dir, u"menu-file.png"_s), "PNG"));
    file->hide();
}

QTEST_MAIN(TestUiHistory)
#include "tst_ui_history.moc"
