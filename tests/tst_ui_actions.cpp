// The window's commands driven as a person would (rows selected, real QActions or keys), checked
// against the server, the files and the model; a 100,000-row table scrolls and selects cheaply.
#include "appsettings.h"
#include "disk/filewriter.h"
#include "downloadactions.h"
#include "downloadtableview.h"
#include "enginefixture.h"
#include "faultserver.h"
#include "filterbar.h"
#include "list/downloadlistmodel.h"
#include "lossprompt.h"
#include "mainwindow.h"
#include "queueactions.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QWidget>

#include <memory>

namespace {

using Id = DownloadActions::Id;

// The commands that depend on the selection, by the names the data rows use.
const QList<std::pair<Id, const char *>> kSelectionActions{
    {Id::Start, "start"}, {Id::Pause, "pause"}, {Id::Resume, "resume"}, {Id::Cancel, "cancel"},
    {Id::Retry, "retry"}, {Id::OpenFile, "open"}, {Id::OpenFolder, "folder"}, {Id::CopyUrl, "copy"},
    {Id::Remove, "remove"}, {Id::RemoveAndDelete, "delete"}, {Id::MoveTo, "move"}};

QStringList words(const char *text)
{
    return QString::fromLatin1(text).split(u' ', Qt::SkipEmptyParts);
}

// A model, selection and action set over one engine, as the window wires them.
struct Rig {
    explicit Rig(EngineFixture &engine)
        : model(&engine.manager())
        , selection(&model)
        , actions(&engine.manager(), &model, &selection, &parent)
    {
        actions.setUrlOpener([this](const QUrl &url) {
            opened.append(url);
            return true;
        });
        actions.setConfirmLoss([this](const LossPrompt::Question &question) {
            asked.append(question);
            return answer;
        });
    }

    void select(const QList<DownloadId> &ids)
    {
        selection.clearSelection();
        for (DownloadId id : ids)
            selection.select(model.index(model.rowOf(id), 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        actions.updateEnabled();
    }
    void trigger(Id id) { actions.action(id)->trigger(); }
    bool enabled(Id id) const { return actions.action(id)->isEnabled(); }

    QWidget parent;
    DownloadListModel model;
    QItemSelectionModel selection;
    DownloadActions actions;
    QList<QUrl> opened;
    QList<LossPrompt::Question> asked;
    bool answer = true;
};

} // namespace

class TestUiActions final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.listen()); }
    void cleanupTestCase() { m_zoo.reset(); }

    void pauseHoldsAndResumeCompletes();
    void cancelLeavesNoFile();
    void retryAfterServerRecovers();
    void startNowPassesTheQueue();
    void removeAndDeleteAsksFirst_data();
    void removeAndDeleteAsksFirst();
    void removeKeepsTheFile();
    void cancelAsksBeforeDeletingProgress();
    void removingUnfinishedAsksAndKeepsThePart();
    void lossPromptRemembersDontAskAgain();
    void defaultLossPromptFollowsTheSettings();
    void lossPromptWords();
    void enabledFollowsSelection_data();
    void enabledFollowsSelection();
    void enabledFollowsStateChanges();
    void copyUrlFillsClipboard();
    void openFileAndFolderUseTheOpener();
    void openingThatFailsIsSaid();
    void selectAllSelectsEveryRow();
    void requestsAreSignals();
    void keysActOnTheSelection();
    void stateKeysAndTabLeaveTheTable();
    void currentRowAndSelectionAgree();
    void selectAllAndRemoveInOneGo();
    void moveToFolderByKey();
    void queueOrderByKeys();
    void hundredThousandRowsStayResponsive();

private:
    // One download in each state, built once for the enable-state rows.
    EngineFixture &zoo();
    DownloadId zooId(const QString &name) { zoo(); return m_zooIds.value(name); }

    FaultServer m_server;
    std::unique_ptr<EngineFixture> m_zoo;
    QHash<QString, DownloadId> m_zooIds;
};

void TestUiActions::pauseHoldsAndResumeCompletes()
{
    FaultResponse slow = FaultResponse::generated(600 * 1024, 11);
    slow.bytesPerSecond = 400 * 1024;
    slow.chunkSize = 16 * 1024;
    slow.etag = QByteArrayLiteral("\"pause-v1\"");
    m_server.setResponse(QStringLiteral("/pause.bin"), slow);
    EngineFixture engine;
    Rig rig(engine);
    const DownloadId id = engine.add(m_server.url(QStringLiteral("/pause.bin")));
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).bytesReceived() > 32 * 1024, 10000);

    rig.select({id});
    QVERIFY(rig.enabled(Id::Pause));
    QVERIFY(!rig.enabled(Id::Resume));
    rig.trigger(Id::Pause);
    QCOMPARE(engine.download(id).state(), DownloadState::Paused);
    QTRY_VERIFY(rig.enabled(Id::Resume) && !rig.enabled(Id::Pause));

    // Bytes already read still reach the disk; once all that is counted is synced, nothing moves.
    QTRY_VERIFY(engine.download(id).durableRanges() == (QList<ByteRange>{ByteRange{0, engine.download(id).bytesReceived()}}));
    // Paused means paused: the server sees the connection end and no new request, and while
    // another download from the same server moves 240 KiB (time the paused one would have used
    // for as much), the paused one gets nothing.
    const qint64 held = engine.download(id).bytesReceived();
    QVERIFY(held < 600 * 1024);
    QTRY_VERIFY_WITH_TIMEOUT(m_server.requests(QStringLiteral("/pause.bin")).first().finishedMs >= 0, 10000);
    m_server.setResponse(QStringLiteral("/control.bin"), slow);
    const DownloadId control = engine.add(m_server.url(QStringLiteral("/control.bin")));
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(control).bytesReceived() >= 240 * 1024, 10000);
    QCOMPARE(engine.download(id).bytesReceived(), held);
    QCOMPARE(engine.download(id).state(), DownloadState::Paused);
    QCOMPARE(m_server.requestCount(QStringLiteral("/pause.bin")), 1);

    rig.trigger(Id::Resume);
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("pause.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(600 * 1024, 11)));
    // The resume asked for the rest, not the whole file again.
    const QList<RecordedRequest> requests = m_server.requests(QStringLiteral("/pause.bin"));
    QVERIFY(requests.size() >= 2);
    QVERIFY(requests.last().header("range").startsWith("bytes="));
}

void TestUiActions::cancelLeavesNoFile()
{
    FaultResponse slow = FaultResponse::generated(2 * 1024 * 1024);
    slow.bytesPerSecond = 256 * 1024;
    m_server.setResponse(QStringLiteral("/cancel.bin"), slow);
    EngineFixture engine;
    Rig rig(engine);
    const DownloadId id = engine.add(m_server.url(QStringLiteral("/cancel.bin")));
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(engine.path(QStringLiteral("cancel.bin.part"))), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).bytesReceived() > 0, 10000);
    rig.select({id});
    QVERIFY(rig.enabled(Id::Cancel));
    rig.trigger(Id::Cancel);
    QCOMPARE(rig.asked.size(), 1);
    QCOMPARE(engine.download(id).state(), DownloadState::Cancelled);
    QTRY_VERIFY(engine.files().isEmpty());
    QTRY_VERIFY(rig.enabled(Id::Retry) && !rig.enabled(Id::Cancel));
    QCOMPARE(rig.model.rowCount(), 1);
}

void TestUiActions::retryAfterServerRecovers()
{
    m_server.setResponse(QStringLiteral("/flaky.bin"), FaultResponse::withStatus(500));
    DownloadSettings settings = EngineFixture::testSettings();
    settings.retries = 0;
    EngineFixture engine(settings);
    Rig rig(engine);
    const DownloadId id = engine.add(m_server.url(QStringLiteral("/flaky.bin")));
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Failed);

    rig.select({id});
    QVERIFY(rig.enabled(Id::Retry));
    m_server.setResponse(QStringLiteral("/flaky.bin"), FaultResponse::generated(300 * 1024, 5));
    rig.trigger(Id::Retry);
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("flaky.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(300 * 1024, 5)));
    QTRY_VERIFY(rig.enabled(Id::OpenFile) && !rig.enabled(Id::Retry));
}

void TestUiActions::startNowPassesTheQueue()
{
    FaultResponse slow = FaultResponse::generated(4 * 1024 * 1024);
    slow.bytesPerSecond = 128 * 1024;
    m_server.setResponse(QStringLiteral("/queue/*"), slow);
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = 1;
    EngineFixture engine(settings);
    Rig rig(engine);
    const DownloadId first = engine.add(m_server.url(QStringLiteral("/queue/first.bin")));
    const DownloadId second = engine.add(m_server.url(QStringLiteral("/queue/second.bin")));
    QVERIFY(engine.waitState(first, DownloadState::Downloading));
    QCOMPARE(engine.download(second).state(), DownloadState::Queued);

    rig.select({second});
    QVERIFY(rig.enabled(Id::Start));
    rig.trigger(Id::Start);
    QVERIFY(engine.waitState(second, DownloadState::Downloading));
    QCOMPARE(engine.download(first).state(), DownloadState::Downloading);
    QTRY_COMPARE(m_server.requestCount(QStringLiteral("/queue/second.bin")), 1);
}

void TestUiActions::removeAndDeleteAsksFirst_data()
{
    QTest::addColumn<bool>("answer");
    QTest::newRow("confirmed") << true;
    QTest::newRow("declined") << false;
}

void TestUiActions::removeAndDeleteAsksFirst()
{
    QFETCH(bool, answer);
    m_server.setResponse(QStringLiteral("/del/*"), FaultResponse::generated(50 * 1024));
    EngineFixture engine;
    Rig rig(engine);
    const DownloadId a = engine.add(m_server.url(QStringLiteral("/del/a.bin")));
    const DownloadId b = engine.add(m_server.url(QStringLiteral("/del/b.bin")));
    QVERIFY(engine.waitFinal(a) && engine.waitFinal(b));
    QCOMPARE(engine.files(), (QStringList{QStringLiteral("a.bin"), QStringLiteral("b.bin")}));

    QStringList asked;
    rig.actions.setConfirmDelete([&](const QStringList &names) {
        asked = names;
        return answer;
    });
    QSignalSpy deleted(&engine.manager(), &DownloadManager::fileDeleted);
    rig.select({a, b});
    rig.trigger(Id::RemoveAndDelete);
    QCOMPARE(asked, (QStringList{QStringLiteral("a.bin"), QStringLiteral("b.bin")}));
    if (answer) {
        QCOMPARE(rig.model.rowCount(), 0);
        QTRY_COMPARE(deleted.count(), 2);
        QTRY_VERIFY(engine.files().isEmpty());
        for (const QList<QVariant> &args : std::as_const(deleted))
            QVERIFY2(args.at(1).value<Result<void>>().ok(), qPrintable(args.at(1).value<Result<void>>().problem()));
    } else {
        QCOMPARE(rig.model.rowCount(), 2);
        QCOMPARE(engine.download(a).state(), DownloadState::Completed);
        // A deletion would run on the disk pool and report back through the event loop: once
        // the pool is idle and posted events are delivered, any deletion would have shown.
        QVERIFY(engine.diskPool().waitForDone(10000));
        QCoreApplication::sendPostedEvents();
        QCOMPARE(deleted.count(), 0);
        QCOMPARE(engine.files(), (QStringList{QStringLiteral("a.bin"), QStringLiteral("b.bin")}));
    }
}

void TestUiActions::removeKeepsTheFile()
{
    m_server.setResponse(QStringLiteral("/keep.bin"), FaultResponse::generated(10 * 1024));
    EngineFixture engine;
    Rig rig(engine);
    const DownloadId id = engine.add(m_server.url(QStringLiteral("/keep.bin")));
    QVERIFY(engine.waitFinal(id));
    rig.select({id});
    rig.trigger(Id::Remove);
    QCOMPARE(rig.model.rowCount(), 0);
    QCOMPARE(engine.files(), QStringList{QStringLiteral("keep.bin")});
    QVERIFY(!rig.enabled(Id::Remove));
}

void TestUiActions::cancelAsksBeforeDeletingProgress()
{
    FaultResponse slow = FaultResponse::generated(2 * 1024 * 1024, 12);
    slow.bytesPerSecond = 256 * 1024;
    slow.etag = QByteArrayLiteral("\"ask-v1\"");
    m_server.setResponse(QStringLiteral("/ask.bin"), slow);
    EngineFixture engine;
    Rig rig(engine);
    const DownloadId id = engine.add(m_server.url(QStringLiteral("/ask.bin")));
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).bytesReceived() > 16 * 1024, 10000);
    rig.select({id});

    // Declined: nothing happens, the download goes on.
    rig.answer = false;
    rig.trigger(Id::Cancel);
    QCOMPARE(rig.asked.size(), 1);
    QCOMPARE(rig.asked[0].kind, LossPrompt::Kind::Cancel);
    QCOMPARE(rig.asked[0].names, QStringList{QStringLiteral("ask.bin")});
    QVERIFY(rig.asked[0].bytes > 16 * 1024);
    QCOMPARE(engine.download(id).state(), DownloadState::Downloading);
    const qint64 before = engine.download(id).bytesReceived();
    QTRY_VERIFY(engine.download(id).bytesReceived() > before);

    // A paused download with bytes kept is asked about too; queued ones without bytes are not.
    engine.manager().pause(id);
    rig.answer = true;
    rig.trigger(Id::Cancel);
    QCOMPARE(rig.asked.size(), 2);
    QCOMPARE(engine.download(id).state(), DownloadState::Cancelled);
    QTRY_VERIFY(engine.files().isEmpty());
}

void TestUiActions::removingUnfinishedAsksAndKeepsThePart()
{
    FaultResponse slow = FaultResponse::generated(2 * 1024 * 1024, 13);
    slow.bytesPerSecond = 256 * 1024;
    m_server.setResponse(QStringLiteral("/unfinished.bin"), slow);
    m_server.setResponse(QStringLiteral("/done.bin"), FaultResponse::generated(1000, 13));
    EngineFixture engine;
    Rig rig(engine);
    const DownloadId done = engine.add(m_server.url(QStringLiteral("/done.bin")));
    QVERIFY(engine.waitFinal(done));
    const DownloadId running = engine.add(m_server.url(QStringLiteral("/unfinished.bin")));
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(running).bytesReceived() > 16 * 1024, 10000);

    // A finished download alone goes without a question.
    rig.select({done});
    rig.trigger(Id::Remove);
    QVERIFY(rig.asked.isEmpty());
    QCOMPARE(rig.model.rowCount(), 1);

    rig.select({running});
    rig.answer = false;
    rig.trigger(Id::Remove);
    QCOMPARE(rig.asked.size(), 1);
    QCOMPARE(rig.asked[0].kind, LossPrompt::Kind::Remove);
    QCOMPARE(rig.model.rowCount(), 1);

    rig.answer = true;
    rig.trigger(Id::Remove);
    QCOMPARE(rig.model.rowCount(), 0);
    engine.diskPool().waitForDone();
    const QFileInfo part(engine.path(QStringLiteral("unfinished.bin.part")));
    QVERIFY(part.exists());
    QVERIFY(part.size() > 16 * 1024);
    QVERIFY(QFileInfo::exists(engine.path(QStringLiteral("done.bin"))));
}

void TestUiActions::lossPromptRemembersDontAskAgain()
{
    QTemporaryDir dir;
    QSettings store(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    AppSettings settings(&store);
    QVERIFY(settings.values().askBeforeLosingProgress);
    QWidget parent;
    LossPrompt::Question question{LossPrompt::Kind::Cancel, {QStringLiteral("a.bin")}, 5000};

    // The real box: tick "Don't ask again" and go ahead, as a person would with the mouse.
    int boxes = 0;
    const auto answerBox = [&](bool tick) {
        QTimer::singleShot(0, [&, tick] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            ++boxes;
            if (tick)
                QTest::mouseClick(box->findChild<QCheckBox *>(QStringLiteral("dontAskAgain")), Qt::LeftButton);
            for (QAbstractButton *button : box->buttons()) {
                if (box->buttonRole(button) == QMessageBox::DestructiveRole)
                    QTest::mouseClick(button, Qt::LeftButton);
            }
        });
    };
    answerBox(false);
    QVERIFY(LossPrompt::ask(&parent, &settings, question));
    QCOMPARE(boxes, 1);
    QVERIFY(settings.values().askBeforeLosingProgress);
    answerBox(true);
    QVERIFY(LossPrompt::ask(&parent, &settings, question));
    QCOMPARE(boxes, 2);
    QVERIFY(!settings.values().askBeforeLosingProgress);
    QVERIFY(!AppSettings(&store).values().askBeforeLosingProgress);  // kept in the store
    // No box now: ask() answers at once.
    QVERIFY(LossPrompt::ask(&parent, &settings, question));
    QCOMPARE(boxes, 2);
}

// Without a confirmLoss of its own, Cancel asks with the real box, parented to the window and
// silenced by the settings' "Don't ask again" (DownloadActions hands them to DownloadRemoval).
void TestUiActions::defaultLossPromptFollowsTheSettings()
{
    FaultResponse slow = FaultResponse::generated(2 * 1024 * 1024, 14);
    slow.bytesPerSecond = 256 * 1024;
    m_server.setResponse(QStringLiteral("/default-ask.bin"), slow);
    EngineFixture engine;
    QTemporaryDir dir;
    QSettings store(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    AppSettings settings(&store);
    QWidget parent;
    DownloadListModel model(&engine.manager());
    QItemSelectionModel selection(&model);
    DownloadActions actions(&engine.manager(), &model, &selection, &parent);
    actions.setAppSettings(&settings);
    const DownloadId id = engine.add(m_server.url(QStringLiteral("/default-ask.bin")));
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).bytesReceived() > 16 * 1024, 10000);
    engine.manager().pause(id);
    QTRY_COMPARE(model.rowCount(), 1);
    selection.select(model.index(0, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    actions.updateEnabled();

    QList<QWidget *> boxParents;
    const auto declineBox = [&] {
        QTimer::singleShot(0, [&] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                boxParents.append(box->parentWidget());
                box->reject();
            }
        });
    };
    declineBox();
    actions.action(Id::Cancel)->trigger();
    QCOMPARE(boxParents, QList<QWidget *>{&parent});
    QCOMPARE(engine.download(id).state(), DownloadState::Paused);

    AppSettings::Values values = settings.values();
    values.askBeforeLosingProgress = false;
    settings.setValues(values);
    declineBox();  // would decline a box, were one shown
    actions.action(Id::Cancel)->trigger();
    QCOMPARE(boxParents.size(), 1);
    QCOMPARE(engine.download(id).state(), DownloadState::Cancelled);
    QTRY_VERIFY(engine.files().isEmpty());
}

void TestUiActions::lossPromptWords()
{
    const LossPrompt::Words one = LossPrompt::wordsFor({LossPrompt::Kind::Cancel, {QStringLiteral("a.bin")}, 2048});
    QCOMPARE(one.question, QStringLiteral("Cancel this download and delete what it has downloaded (2.0 KiB)?"));
    QCOMPARE(one.proceed, QStringLiteral("Cancel Download"));
    QStringList many;
    for (int i = 0; i < 12; ++i)
        many.append(QStringLiteral("f%1.bin").arg(i));
    const LossPrompt::Words remove = LossPrompt::wordsFor({LossPrompt::Kind::Remove, many, 3 * 1024 * 1024});
    QCOMPARE(remove.question, QStringLiteral("Remove 12 unfinished downloads from the list?"));
    QVERIFY(remove.details.contains(QStringLiteral("3.0 MiB")));
    QVERIFY(remove.details.contains(QStringLiteral("f7.bin")));
    QVERIFY(!remove.details.contains(QStringLiteral("f8.bin")));
    QVERIFY(remove.details.contains(QStringLiteral("and 4 more")));
    QCOMPARE(remove.proceed, QStringLiteral("Remove 12"));
}

EngineFixture &TestUiActions::zoo()
{
    if (m_zoo)
        return *m_zoo;
    m_server.setResponse(QStringLiteral("/zoo/completed.bin"), FaultResponse::generated(20 * 1024));
    m_server.setResponse(QStringLiteral("/zoo/failed.bin"), FaultResponse::withStatus(404));
    FaultResponse endless = FaultResponse::generated(0);
    endless.streamForever = true;
    endless.bytesPerSecond = 32 * 1024;
    m_server.setResponse(QStringLiteral("/zoo/downloading.bin"), endless);
    m_server.setResponse(QStringLiteral("/zoo/*"), FaultResponse::generated(10 * 1024));
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = 1;
    settings.lowSpeedLimit = 0;
    m_zoo = std::make_unique<EngineFixture>(settings);
    EngineFixture &engine = *m_zoo;
    const auto add = [&](const QString &name) {
        const DownloadId id = engine.add(m_server.url(u"/zoo/" % name % u".bin"));
        m_zooIds.insert(name, id);
        return id;
    };
    engine.waitFinal(add(QStringLiteral("completed")));
    engine.waitFinal(add(QStringLiteral("failed")));
    engine.waitState(add(QStringLiteral("downloading")), DownloadState::Downloading);
    add(QStringLiteral("queued"));  // the only slot is taken
    engine.manager().pause(add(QStringLiteral("paused")));
    engine.manager().cancel(add(QStringLiteral("cancelled")));
    return engine;
}

void TestUiActions::enabledFollowsSelection_data()
{
    QTest::addColumn<QStringList>("selected");
    QTest::addColumn<QStringList>("enabled");
    // Any selection allows: open folder, copy URL, remove, remove and delete.
    const auto with = [](const char *extra) { return words(extra) + words("folder copy remove delete"); };
    QTest::newRow("nothing") << QStringList{} << QStringList{};
    QTest::newRow("completed") << words("completed") << with("open");
    QTest::newRow("failed") << words("failed") << with("retry move");
    QTest::newRow("cancelled") << words("cancelled") << with("retry move");
    QTest::newRow("downloading") << words("downloading") << with("pause cancel");
    QTest::newRow("queued") << words("queued") << with("start pause cancel move");
    QTest::newRow("paused") << words("paused") << with("start resume cancel move");
    QTest::newRow("completed and failed") << words("completed failed") << with("open retry move");
    QTest::newRow("every state") << words("completed failed downloading queued paused cancelled")
                                 << with("start pause resume cancel retry open move");
}

void TestUiActions::enabledFollowsSelection()
{
    QFETCH(QStringList, selected);
    QFETCH(QStringList, enabled);
    EngineFixture &engine = zoo();
    for (const QString &name : std::as_const(selected)) {
        const DownloadState expected = name == u"downloading" ? DownloadState::Downloading
            : name == u"queued"                               ? DownloadState::Queued
            : name == u"paused"                               ? DownloadState::Paused
            : name == u"completed"                            ? DownloadState::Completed
            : name == u"failed"                               ? DownloadState::Failed
                                                              : DownloadState::Cancelled;
        QCOMPARE(engine.download(zooId(name)).state(), expected);
    }
    Rig rig(engine);
    QList<DownloadId> ids;
    for (const QString &name : std::as_const(selected))
        ids.append(zooId(name));
    rig.select(ids);
    for (const auto &[id, name] : kSelectionActions)
        QVERIFY2(rig.enabled(id) == enabled.contains(QLatin1StringView(name)), name);
    QVERIFY(rig.enabled(Id::SelectAll));
    QVERIFY(rig.enabled(Id::Paste) && rig.enabled(Id::Import) && rig.enabled(Id::Settings));
}

void TestUiActions::enabledFollowsStateChanges()
{
    FaultResponse slow = FaultResponse::generated(1024 * 1024);
    slow.bytesPerSecond = 128 * 1024;
    m_server.setResponse(QStringLiteral("/follow.bin"), slow);
    EngineFixture engine;
    Rig rig(engine);
    const DownloadId id = engine.add(m_server.url(QStringLiteral("/follow.bin")));
    rig.select({id});
    QVERIFY(rig.enabled(Id::Pause));
    // The state changes behind the actions' back (another window, the tray); the model tells them.
    engine.manager().pause(id);
    QTRY_VERIFY(rig.enabled(Id::Resume));
    QVERIFY(!rig.enabled(Id::Pause));
    engine.manager().cancel(id);
    QTRY_VERIFY(rig.enabled(Id::Retry));
    QVERIFY(!rig.enabled(Id::Resume));
}

void TestUiActions::copyUrlFillsClipboard()
{
    EngineFixture &engine = zoo();
    Rig rig(engine);
    rig.select({zooId(QStringLiteral("completed")), zooId(QStringLiteral("queued"))});
    QGuiApplication::clipboard()->clear();
    rig.trigger(Id::CopyUrl);
    QCOMPARE(QGuiApplication::clipboard()->text(),
             m_server.url(QStringLiteral("/zoo/completed.bin")).toString() + u'\n'
                 + m_server.url(QStringLiteral("/zoo/queued.bin")).toString());
}

void TestUiActions::openFileAndFolderUseTheOpener()
{
    EngineFixture &engine = zoo();
    Rig rig(engine);
    rig.select({zooId(QStringLiteral("completed")), zooId(QStringLiteral("failed"))});
    rig.trigger(Id::OpenFile);
    const QString path = engine.path(QStringLiteral("completed.bin"));
    QCOMPARE(rig.opened, QList<QUrl>{QUrl::fromLocalFile(path)});
    QVERIFY(QFileInfo::exists(path));
    rig.opened.clear();
    rig.trigger(Id::OpenFolder);
    QCOMPARE(rig.opened.size(), 1);  // both live in one folder
    QCOMPARE(QFileInfo(rig.opened.first().toLocalFile()).canonicalFilePath(), QFileInfo(engine.folder()).canonicalFilePath());
}

void TestUiActions::openingThatFailsIsSaid()
{
    // No program for the type, or a file moved away since: the status bar says which, not stderr.
    m_server.setResponse(QStringLiteral("/o/*"), FaultResponse::generated(100));
    EngineFixture engine;
    Rig rig(engine);
    const DownloadId kept = engine.add(m_server.url(QStringLiteral("/o/kept.bin")));
    const DownloadId moved = engine.add(m_server.url(QStringLiteral("/o/moved.bin")));
    QVERIFY(engine.waitFinal(kept) && engine.waitFinal(moved));
    QVERIFY(QFile::remove(engine.path(QStringLiteral("moved.bin"))));
    QSignalSpy said(&rig.actions, &DownloadActions::message);
    rig.actions.setUrlOpener([](const QUrl &) { return false; });
    rig.select({kept});
    rig.trigger(Id::OpenFile);
    QCOMPARE(said.count(), 1);
    QCOMPARE(said.last().at(0).toString(),
             QStringLiteral("No application is set up to open %1").arg(engine.path(QStringLiteral("kept.bin"))));
    rig.select({moved});
    rig.trigger(Id::OpenFile);
    QCOMPARE(said.count(), 2);
    QCOMPARE(said.last().at(0).toString(), QStringLiteral("%1 is no longer there").arg(engine.path(QStringLiteral("moved.bin"))));
}

void TestUiActions::selectAllSelectsEveryRow()
{
    EngineFixture &engine = zoo();
    Rig rig(engine);
    rig.trigger(Id::SelectAll);
    QCOMPARE(rig.selection.selectedRows().size(), rig.model.rowCount());
    QCOMPARE(rig.actions.selectedIds().size(), engine.manager().count());
}

void TestUiActions::requestsAreSignals()
{
    EngineFixture &engine = zoo();
    Rig rig(engine);
    QSignalSpy paste(&rig.actions, &DownloadActions::pasteRequested);
    QSignalSpy import(&rig.actions, &DownloadActions::importRequested);
    QSignalSpy settings(&rig.actions, &DownloadActions::settingsRequested);
    QSignalSpy quit(&rig.actions, &DownloadActions::quitRequested);
    rig.trigger(Id::Paste);
    rig.trigger(Id::Import);
    rig.trigger(Id::Settings);
    rig.trigger(Id::Quit);
    QCOMPARE((QList<int>{int(paste.count()), int(import.count()), int(settings.count()), int(quit.count())}),
             (QList<int>{1, 1, 1, 1}));
    QCOMPARE(rig.actions.action(Id::Paste)->shortcut(), QKeySequence(QKeySequence::Paste));
    QCOMPARE(rig.actions.action(Id::Remove)->shortcut(), QKeySequence(Qt::Key_Delete));
    QCOMPARE(rig.actions.action(Id::RemoveAndDelete)->shortcut(), QKeySequence(Qt::SHIFT | Qt::Key_Delete));
    QCOMPARE(rig.actions.action(Id::Import)->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_O));
    QCOMPARE(rig.actions.action(Id::Settings)->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Comma));
    QCOMPARE(rig.actions.action(Id::OpenFile)->shortcut(), QKeySequence(Qt::Key_Return));
}

void TestUiActions::keysActOnTheSelection()
{
    m_server.setResponse(QStringLiteral("/k/*"), FaultResponse::generated(1000));
    EngineFixture engine;
    DownloadListModel model(&engine.manager());
    MainWindow window(&engine.manager(), &model, nullptr, nullptr);
    QList<QUrl> opened;
    window.downloadActions()->setUrlOpener([&opened](const QUrl &url) {
        opened.append(url);
        return true;
    });
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    const DownloadId first = engine.add(m_server.url(QStringLiteral("/k/first.bin")));
    const DownloadId second = engine.add(m_server.url(QStringLiteral("/k/second.bin")));
    QVERIFY(engine.waitFinal(first) && engine.waitFinal(second));
    DownloadTableView *table = window.table();
    table->setFocus();
    const auto selectOnly = [&](DownloadId id) {
        table->selectionModel()->setCurrentIndex(model.index(model.rowOf(id), 0),
                                                 QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    };
    selectOnly(first);

    QTest::keyClick(table, Qt::Key_Return);
    QCOMPARE(opened, QList<QUrl>{QUrl::fromLocalFile(engine.path(QStringLiteral("first.bin")))});
    QTest::keyClick(table, Qt::Key_A, Qt::ControlModifier);
    QCOMPARE(table->selectionModel()->selectedRows().size(), 2);
    selectOnly(first);
    QTest::keyClick(table, Qt::Key_Delete);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.idAt(0), second);
    QVERIFY(QFileInfo::exists(engine.path(QStringLiteral("first.bin"))));

    // Ctrl+F goes to the filter field, where the same keys edit text and leave the downloads alone.
    QLineEdit *filter = window.filterBar()->textField();
    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(filter->hasFocus());
    QTest::keyClicks(filter, QStringLiteral("sec"));
    QTest::keyClick(filter, Qt::Key_Home);
    QTest::keyClick(filter, Qt::Key_Delete);
    QCOMPARE(filter->text(), QStringLiteral("ec"));
    QCOMPARE(engine.manager().count(), 1);
}

void TestUiActions::stateKeysAndTabLeaveTheTable()
{
    // Pause, Resume, Cancel and Retry from the keyboard alone; Tab leaves the table.
    FaultResponse slow = FaultResponse::generated(4 * 1024 * 1024, 14);
    slow.bytesPerSecond = 256 * 1024;
    slow.etag = QByteArrayLiteral("\"keys-v1\"");
    m_server.setResponse(QStringLiteral("/keys.bin"), slow);
    EngineFixture engine;
    DownloadListModel model(&engine.manager());
    MainWindow window(&engine.manager(), &model, nullptr, nullptr);
    window.downloadActions()->setConfirmLoss([](const LossPrompt::Question &) { return true; });
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    const DownloadId id = engine.add(m_server.url(QStringLiteral("/keys.bin")));
    DownloadTableView *table = window.table();
    table->setFocus();
    table->selectionModel()->setCurrentIndex(model.index(model.rowOf(id), 0),
                                             QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).bytesReceived() > 0, 10000);

    QTest::keyClick(table, Qt::Key_P, Qt::ControlModifier);
    QTRY_COMPARE(engine.download(id).state(), DownloadState::Paused);
    QTest::keyClick(table, Qt::Key_R, Qt::ControlModifier);
    QTRY_VERIFY(DownloadStates::isActive(engine.download(id).state()));
    QTest::keyClick(table, Qt::Key_Period, Qt::ControlModifier);
    QTRY_COMPARE(engine.download(id).state(), DownloadState::Cancelled);
    QTest::keyClick(table, Qt::Key_F5);
    QTRY_VERIFY(engine.download(id).state() != DownloadState::Cancelled);

    // Every control a person reaches with Tab says what it is to a screen reader.
    QCOMPARE(table->accessibleName(), QStringLiteral("Downloads"));
    QVERIFY(!window.filterBar()->textField()->accessibleName().isEmpty());
    QVERIFY(!window.filterBar()->findChild<QComboBox *>()->accessibleName().isEmpty());
    QTest::keyClick(table, Qt::Key_Tab);
    QVERIFY(!table->hasFocus());
    QVERIFY(QApplication::focusWidget() != nullptr);
}

void TestUiActions::currentRowAndSelectionAgree()
{
    // After rows go (or come), the row the details pane shows is the selected one, the actions
    // apply to it, and Delete acts on it.
    m_server.setResponse(QStringLiteral("/agree/*"), FaultResponse::generated(100));
    EngineFixture engine;
    DownloadListModel model(&engine.manager());
    MainWindow window(&engine.manager(), &model, nullptr, nullptr);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QList<DownloadId> ids;
    for (const char *name : {"a.bin", "b.bin", "c.bin"})
        ids.append(engine.add(m_server.url(QStringLiteral("/agree/") + QLatin1String(name))));
    for (DownloadId id : ids)
        QVERIFY(engine.waitFinal(id));
    DownloadTableView *table = window.table();
    QItemSelectionModel *selection = table->selectionModel();
    const auto agree = [&] {
        const QModelIndex current = selection->currentIndex();
        return current.isValid() && selection->isRowSelected(current.row(), {})
            && selection->selectedRows().size() == 1;
    };
    // Rows arriving in an empty table: the current row Qt picks is selected too, or none is.
    QTRY_VERIFY(!selection->currentIndex().isValid() || agree());

    table->setFocus();
    selection->setCurrentIndex(model.index(model.rowOf(ids[1]), 0),
                               QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QTest::keyClick(table, Qt::Key_Delete);
    QCOMPARE(model.rowCount(), 2);
    QTRY_VERIFY(agree());
    QVERIFY(window.downloadActions()->action(DownloadActions::Id::Remove)->isEnabled());
    const DownloadId shown = model.idAt(selection->currentIndex().row());
    QCOMPARE(window.downloadActions()->selectedIds(), QList<DownloadId>{shown});
    // Delete again removes exactly that row.
    QTest::keyClick(table, Qt::Key_Delete);
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(!engine.manager().download(shown));
    QTRY_VERIFY(agree());

    // Focus coming back to the table (as when the Add dialog closes) with nothing current: the
    // row Qt makes current is selected too.
    window.filterBar()->setFocus();
    QTRY_VERIFY(!table->hasFocus());
    selection->clear();
    QVERIFY(!selection->currentIndex().isValid());
    table->setFocus(Qt::ActiveWindowFocusReason);
    QTRY_VERIFY(table->hasFocus());
    QTRY_VERIFY(agree());
    QVERIFY(window.downloadActions()->action(DownloadActions::Id::Remove)->isEnabled());
}

void TestUiActions::selectAllAndRemoveInOneGo()
{
    FaultResponse silent;
    silent.neverRespond = true;
    m_server.setResponse(QStringLiteral("/few/*"), silent);
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = 2;
    EngineFixture engine(settings);
    DownloadManager &manager = engine.manager();
    constexpr int kRows = 3000;
    QList<UrlEntry> entries(kRows);
    for (int i = 0; i < kRows; ++i)
        entries[i].url = m_server.url(QStringLiteral("/few/file-%1.bin").arg(i));
    manager.add(entries);
    DownloadListModel model(&manager);
    MainWindow window(&manager, &model, nullptr, nullptr);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    DownloadTableView *table = window.table();
    table->setFocus();
    QSignalSpy aboutToRemove(&manager, &DownloadManager::downloadsAboutToBeRemoved);
    QSignalSpy removedRows(&model, &QAbstractItemModel::rowsRemoved);

    // Filtered, "select all" is every shown row, and only those go: file-1, file-10.., file-100..
    model.setTextFilter(QStringLiteral("file-1"));
    QCOMPARE(model.rowCount(), 1111);
    QTest::keyClick(table, Qt::Key_A, Qt::ControlModifier);
    QCOMPARE(table->selectionModel()->selectedRows().size(), 1111);
    QTest::keyClick(table, Qt::Key_Delete);
    QCOMPARE(aboutToRemove.count(), 1);
    QCOMPARE(aboutToRemove[0][0].value<QList<DownloadId>>().size(), 1111);
    QCOMPARE(removedRows.count(), 1);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(manager.count(), kRows - 1111);
    QCOMPARE(manager.findByUrl(m_server.url(QStringLiteral("/few/file-1500.bin"))), DownloadId(0));
    QVERIFY(manager.findByUrl(m_server.url(QStringLiteral("/few/file-2500.bin"))) != 0);

    // Then everything that is left, in one call.
    model.setTextFilter({});
    QCOMPARE(model.rowCount(), kRows - 1111);
    QTest::keyClick(table, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(table, Qt::Key_Delete);
    QCOMPARE(aboutToRemove.count(), 2);
    QCOMPARE(aboutToRemove[1][0].value<QList<DownloadId>>().size(), kRows - 1111);
    QCOMPARE(removedRows.count(), 2);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(manager.count(), 0);
    QCOMPARE(manager.activeCount(), 0);
    QVERIFY(!table->selectionModel()->hasSelection());
    QTRY_VERIFY(!window.downloadActions()->action(Id::Remove)->isEnabled());
    QVERIFY(!window.downloadActions()->action(Id::SelectAll)->isEnabled());
    QVERIFY(m_server.requests(QStringLiteral("/few/*")).size() <= 2);  // the queued ones never ran
}

// Ctrl+M in the table with a paused and a running download selected: the chooser starts in the
// paused one's folder; only the paused one moves (the running one is under way), its .part with
// it; the status bar says so, the row's folder follows, and Resume completes it there.
void TestUiActions::moveToFolderByKey()
{
    FaultResponse slow = FaultResponse::generated(2 * 1024 * 1024, 12);
    slow.bytesPerSecond = 512 * 1024;
    slow.etag = QByteArrayLiteral("\"move-v1\"");
    m_server.setResponse(QStringLiteral("/ui-move/paused.bin"), slow);
    m_server.setResponse(QStringLiteral("/ui-move/running.bin"), slow);
    EngineFixture engine;
    QTemporaryDir other;
    DownloadListModel listModel(&engine.manager());
    MainWindow window(&engine.manager(), &listModel, nullptr, nullptr);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    DownloadActions *actions = window.downloadActions();
    QString startedAt;
    actions->setFolderChooser([&](QWidget *, const QString &start) {
        startedAt = start;
        return other.path();
    });
    const DownloadId paused = engine.add(m_server.url(QStringLiteral("/ui-move/paused.bin")));
    const DownloadId running = engine.add(m_server.url(QStringLiteral("/ui-move/running.bin")));
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(paused).bytesReceived() > 0 && engine.download(running).bytesReceived() > 0, 10000);
    engine.manager().pause(paused);

    DownloadTableView *table = window.table();
    DownloadListModel *model = &listModel;
    table->setFocus();
    QTRY_VERIFY(table->hasFocus());
    table->selectionModel()->select(model->index(model->rowOf(paused), 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    table->selectionModel()->select(model->index(model->rowOf(running), 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QTRY_VERIFY(actions->action(Id::MoveTo)->isEnabled());
    QTest::keyClick(table, Qt::Key_M, Qt::ControlModifier);
    QCOMPARE(startedAt, engine.folder());
    QTRY_VERIFY_WITH_TIMEOUT(!engine.download(paused).isMoving(), 10000);
    QCOMPARE(engine.download(paused).folder(), other.path());
    QCOMPARE(engine.download(running).folder(), engine.folder());
    QVERIFY(QFileInfo::exists(other.filePath(QStringLiteral("paused.bin.part"))));
    QVERIFY(!QFileInfo::exists(engine.path(QStringLiteral("paused.bin.part"))));
    QTRY_VERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("Moving 1 download to %1").arg(other.path())));

    table->selectionModel()->select(model->index(model->rowOf(paused), 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QTest::keyClick(table, Qt::Key_R, Qt::ControlModifier);
    QVERIFY(engine.waitFinal(paused));
    QCOMPARE(EngineFixture::fileSha256(other.filePath(QStringLiteral("paused.bin"))),
             EngineFixture::sha256(FaultServer::generatedBody(2 * 1024 * 1024, 12)));
    engine.manager().remove(running);
}

// Ctrl+Up/Down/Home/End move the selected rows in the queue, and the rows follow with the
// selection; Ctrl+Shift+P pauses everything, queued ones too, and Ctrl+Shift+R resumes it.
void TestUiActions::queueOrderByKeys()
{
    FaultResponse slow = FaultResponse::generated(300'000, 13);
    slow.bytesPerSecond = 600'000;
    m_server.setResponse(QStringLiteral("/ui-queue/*"), slow);
    EngineFixture engine;
    DownloadListModel listModel(&engine.manager());
    MainWindow window(&engine.manager(), &listModel, nullptr, nullptr);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QList<UrlEntry> entries;
    for (int i = 0; i < 4; ++i) {
        UrlEntry entry;
        entry.url = m_server.url(QStringLiteral("/ui-queue/%1.bin").arg(i));
        entries.append(entry);
    }
    const QList<DownloadId> ids = engine.manager().add(entries);
    DownloadTableView *table = window.table();
    table->setFocus();
    QTRY_VERIFY(table->hasFocus());
    QTest::keyClick(table, Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
    for (DownloadId id : ids)
        QTRY_COMPARE(engine.download(id).state(), DownloadState::Paused);
    const auto rows = [&] {
        QList<DownloadId> shown;
        for (int row = 0; row < listModel.rowCount(); ++row)
            shown.append(listModel.idAt(row));
        return shown;
    };
    QueueActions *queue = window.queueActions();
    QVERIFY(!queue->action(QueueActions::Id::MoveUp)->isEnabled());  // nothing selected
    table->selectionModel()->setCurrentIndex(listModel.index(2, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QTRY_VERIFY(queue->action(QueueActions::Id::MoveUp)->isEnabled());
    QTest::keyClick(table, Qt::Key_Up, Qt::ControlModifier);
    QTRY_COMPARE(rows(), (QList<DownloadId>{ids[0], ids[2], ids[1], ids[3]}));
    QCOMPARE(window.downloadActions()->selectedIds(), QList<DownloadId>{ids[2]});  // the selection went with it
    QTest::keyClick(table, Qt::Key_Home, Qt::ControlModifier);
    QTRY_COMPARE(rows(), (QList<DownloadId>{ids[2], ids[0], ids[1], ids[3]}));
    QTest::keyClick(table, Qt::Key_End, Qt::ControlModifier);
    QTRY_COMPARE(rows(), (QList<DownloadId>{ids[0], ids[1], ids[3], ids[2]}));
    QTest::keyClick(table, Qt::Key_Down, Qt::ControlModifier);  // already last: stays
    QTest::keyClick(table, Qt::Key_Up, Qt::ControlModifier);
    QTRY_COMPARE(rows(), (QList<DownloadId>{ids[0], ids[1], ids[2], ids[3]}));
    QCOMPARE(window.downloadActions()->selectedIds(), QList<DownloadId>{ids[2]});

    QTest::keyClick(table, Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
    for (DownloadId id : ids)
        QVERIFY(engine.waitFinal(id));
    for (int i = 0; i < ids.size(); ++i)
        QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("%1.bin").arg(i))),
                 EngineFixture::sha256(FaultServer::generatedBody(300'000, 13)));
}

void TestUiActions::hundredThousandRowsStayResponsive()
{
    FaultResponse silent;
    silent.neverRespond = true;
    m_server.setResponse(QStringLiteral("/many/*"), silent);
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = 2;
    EngineFixture engine(settings);
    constexpr int kRows = 100'000;
    QList<UrlEntry> entries(kRows);
    for (int i = 0; i < kRows; ++i)
        entries[i].url = m_server.url(QStringLiteral("/many/file-%1.bin").arg(i));
    engine.manager().add(entries);
    DownloadListModel model(&engine.manager());
    QCOMPARE(model.rowCount(), kRows);
    MainWindow window(&engine.manager(), &model, nullptr, nullptr);
    window.resize(1100, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    DownloadTableView *table = window.table();
    QWidget *viewport = table->viewport();

    // Painting a screenful, wherever it is, costs the same as for ten rows: no row is measured.
    QElapsedTimer clock;
    clock.start();
    for (int step = 0; step < 20; ++step) {
        table->verticalScrollBar()->setValue(table->verticalScrollBar()->maximum() * step / 19);
        viewport->repaint();
    }
    const qint64 scrollMs = clock.elapsed();
    QVERIFY2(scrollMs < 2000, qPrintable(QStringLiteral("20 scroll+paint steps took %1 ms").arg(scrollMs)));
    QCOMPARE(table->rowAt(viewport->height() - 2), kRows - 1);

    // Select all: the actions learn what applies from the manager's counters, not a walk.
    clock.restart();
    QTest::keyClick(table, Qt::Key_A, Qt::ControlModifier);
    const qint64 selectMs = clock.elapsed();
    QVERIFY2(selectMs < 1000, qPrintable(QStringLiteral("select all took %1 ms").arg(selectMs)));
    QVERIFY(window.downloadActions()->action(DownloadActions::Id::Pause)->isEnabled());

    // What the commands pay to learn the selection: the ids from its ranges, or selectedRows().
    clock.restart();
    const QList<DownloadId> ids = window.downloadActions()->selectedIds();
    const qint64 idsMs = clock.elapsed();
    clock.restart();
    const qsizetype selectedRows = table->selectionModel()->selectedRows().size();
    const qint64 rowsMs = clock.elapsed();
    QCOMPARE(ids.size(), kRows);
    QCOMPARE(selectedRows, kRows);
    QCOMPARE(ids, engine.manager().ids());

    // Delete: one call removes every row; the downloads themselves go a slice per later turn.
    QSignalSpy aboutToRemove(&engine.manager(), &DownloadManager::downloadsAboutToBeRemoved);
    clock.restart();
    QTest::keyClick(table, Qt::Key_Delete);
    const qint64 removeMs = clock.elapsed();
    clock.restart();
    viewport->repaint();
    const qint64 paintMs = clock.elapsed();
    qInfo("100,000 rows: selected ids from the ranges %lld ms, selectedRows() %lld ms; Delete %lld ms, "
          "then a repaint %lld ms", idsMs, rowsMs, removeMs, paintMs);
    QCOMPARE(aboutToRemove.count(), 1);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(engine.manager().count(), 0);
    QVERIFY2(removeMs < 3000, qPrintable(QStringLiteral("removing every row took %1 ms").arg(removeMs)));
}

QTEST_MAIN(TestUiActions)
#include "tst_ui_actions.moc"
