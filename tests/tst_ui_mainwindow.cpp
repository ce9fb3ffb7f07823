// The main window over a real engine and a loopback server: failure causes in the Status column,
// the progress bar's text, the details pane, filtering, header sorting, remembered layout, the
// status bar, drops passing the table to the window, and a screenshot a person can look at.
#include "detailspane.h"
#include "disk/freespaceprobe.h"
#include "downloadactions.h"
#include "downloadtableview.h"
#include "enginefixture.h"
#include "faultserver.h"
#include "filterbar.h"
#include "list/downloadcolumns.h"
#include "list/downloadlistmodel.h"
#include "mainwindow.h"
#include "progressdelegate.h"
#include "speedgraph.h"
#include "statussummary.h"

#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QRegularExpression>
#include <QScrollBar>
#include <QLineEdit>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

namespace {

using Col = DownloadColumns::Column;

// Records the drag-and-drop events a widget sees; accepts them like the application's drop target.
class DropRecorder final : public QObject
{
public:
    QList<QEvent::Type> seen;
    QList<QUrl> urls;

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        const QEvent::Type type = event->type();
        if (type != QEvent::DragEnter && type != QEvent::DragMove && type != QEvent::Drop)
            return false;
        seen.append(type);
        auto *drop = static_cast<QDropEvent *>(event);
        if (type == QEvent::Drop)
            urls = drop->mimeData()->urls();
        drop->acceptProposedAction();
        return true;
    }
};

// One window over one engine, wired as app/main.cpp does.
struct Rig {
    explicit Rig(const DownloadSettings &settings = EngineFixture::testSettings(), QSettings *store = nullptr)
        : engine(settings)
        , model(&engine.manager())
        , probe(&pool)
        , window(&engine.manager(), &model, &probe, store)
    {
        window.downloadActions()->setUrlOpener([](const QUrl &) { return true; });
    }
    ~Rig() { pool.waitForDone(); }

    bool show(QSize size)
    {
        window.resize(size);
        window.show();
        return QTest::qWaitForWindowExposed(&window);
    }
    int rowOf(DownloadId id) const { return model.rowOf(id); }
    QString cell(DownloadId id, int column) const { return model.index(rowOf(id), column).data().toString(); }
    void selectOnly(DownloadId id)
    {
        window.table()->selectionModel()->setCurrentIndex(model.index(rowOf(id), 0),
                                                          QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    // Adds the server's files prefix+name and waits until each has finished.
    QList<DownloadId> fetch(const FaultServer &server, const char *prefix, const QStringList &files)
    {
        QList<DownloadId> ids;
        for (const QString &name : files)
            ids.append(engine.add(server.url(QLatin1StringView(prefix) + name)));
        for (DownloadId id : std::as_const(ids)) {
            if (!engine.waitFinal(id))
                return {};
        }
        return ids;
    }
    QStringList names() const
    {
        QStringList out;
        for (int row = 0; row < model.rowCount(); ++row)
            out.append(model.index(row, Col::Name).data().toString());
        return out;
    }

    QThreadPool pool;
    EngineFixture engine;
    DownloadListModel model;
    FreeSpaceProbe probe;
    MainWindow window;
};

QStringList words(const char *text)
{
    return QString::fromLatin1(text).split(u' ');
}

// Where screenshots go: GATHER_SCREENSHOT_DIR when set (for a person to look at), else a temporary folder.
QString screenshotPath(const QTemporaryDir &fallback, const QString &name)
{
    const QString dir = qEnvironmentVariable("GATHER_SCREENSHOT_DIR");
    return (dir.isEmpty() ? fallback.path() : dir) + u'/' + name;
}

quint16 closedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost))
        return 0;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

} // namespace

class TestUiMainWindow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void failureShowsItsCause_data();
    void failureShowsItsCause();
    void completedShowsFullBarAndDetails();
    void speedGraphFallsToZeroWhenPaused();
    void detailsShowValidatorsAndRedirect();
    void filterChangesVisibleRows();
    void headerClickSorts();
    void layoutIsRememberedAcrossWindows();
    void statusBarCounts();
    void titleCountsFilesOfABatch();
    void statusMessagesAreVisible();
    void emptyTableShowsHint();
    void defaultColumnsFitTheFirstWindow();
    void dropsOnTheTableReachTheWindow();
    void screenshot();

private:
    FaultServer m_server;
    QTemporaryDir m_dir;
};

void TestUiMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QVERIFY(m_server.listen());
    QVERIFY(m_dir.isValid());
}

void TestUiMainWindow::failureShowsItsCause_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("refused");
    QTest::addColumn<QStringList>("words");
    QTest::newRow("404") << QStringLiteral("/gone/report.pdf") << false << QStringList{QStringLiteral("404"), QStringLiteral("Not Found")};
    QTest::newRow("connection refused") << QStringLiteral("/data.csv") << true << QStringList{QStringLiteral("refused")};
}

void TestUiMainWindow::failureShowsItsCause()
{
    QFETCH(QString, path);
    QFETCH(bool, refused);
    QFETCH(QStringList, words);
    m_server.setResponse(path, FaultResponse::withStatus(404));
    Rig rig;
    QUrl url = m_server.url(path);
    if (refused)
        url.setPort(closedPort());
    const DownloadId id = rig.engine.add(url);
    QVERIFY(rig.engine.waitFinal(id));
    QCOMPARE(rig.engine.download(id).state(), DownloadState::Failed);
    // The list shows the engine's state a batch later; a row may still say Connecting.
    QTRY_COMPARE(ProgressDelegate::label(rig.model.index(rig.rowOf(id), Col::Progress)), QStringLiteral("Failed"));
    const QString status = rig.cell(id, Col::Status);
    for (const QString &word : std::as_const(words))
        QVERIFY2(status.contains(word, Qt::CaseInsensitive), qPrintable(status));
    QVERIFY(!rig.window.table()->isColumnHidden(Col::Status));
    QCOMPARE(ProgressDelegate::label(rig.model.index(rig.rowOf(id), Col::Progress)), QStringLiteral("Failed"));
    rig.selectOnly(id);
    QCOMPARE(rig.window.details()->text(DetailsPane::Field::Error), rig.engine.download(id).error().message);
}

void TestUiMainWindow::completedShowsFullBarAndDetails()
{
    m_server.setResponse(QStringLiteral("/files/manual.pdf"), FaultResponse::generated(120 * 1024, 4));
    Rig rig;
    const DownloadId id = rig.engine.add(m_server.url(QStringLiteral("/files/manual.pdf")));
    QVERIFY(rig.engine.waitFinal(id));
    QCOMPARE(rig.engine.download(id).state(), DownloadState::Completed);
    QTRY_COMPARE(ProgressDelegate::label(rig.model.index(rig.rowOf(id), Col::Progress)), QStringLiteral("100%"));
    QCOMPARE(rig.cell(id, Col::Status), QStringLiteral("Completed"));

    rig.selectOnly(id);
    const DetailsPane *details = rig.window.details();
    const QString path = rig.engine.path(QStringLiteral("manual.pdf"));
    QCOMPARE(details->downloadId(), id);
    QCOMPARE(details->text(DetailsPane::Field::FilePath), path);
    QCOMPARE(details->text(DetailsPane::Field::Name), QStringLiteral("manual.pdf"));
    QCOMPARE(details->text(DetailsPane::Field::Url), m_server.url(QStringLiteral("/files/manual.pdf")).toString());
    QVERIFY(details->text(DetailsPane::Field::Size).contains(QStringLiteral("120.0 KiB")));
    QCOMPARE(details->text(DetailsPane::Field::Attempts), QStringLiteral("1"));
    QCOMPARE(details->text(DetailsPane::Field::Error), QString());
    QCOMPARE(EngineFixture::fileSha256(path), EngineFixture::sha256(FaultServer::generatedBody(120 * 1024, 4)));
    // Over before a speed was sampled: the graph does not claim nothing was transferred.
    if (details->speedGraph()->samples().isEmpty())
        QCOMPARE(details->speedGraph()->emptyText(), QStringLiteral("Finished before its speed was sampled"));
}

void TestUiMainWindow::speedGraphFallsToZeroWhenPaused()
{
    // Paused, the curve drops to zero where the transfer stopped, instead of holding the last
    // speed and drawing a diagonal across the pause once it resumes.
    FaultResponse slow = FaultResponse::generated(8 * 1024 * 1024, 5);
    slow.bytesPerSecond = 512 * 1024;
    slow.etag = QByteArrayLiteral("\"graph-v1\"");
    m_server.setResponse(QStringLiteral("/files/graph.bin"), slow);
    Rig rig;
    const DownloadId id = rig.engine.add(m_server.url(QStringLiteral("/files/graph.bin")));
    rig.selectOnly(id);
    const SpeedGraph *graph = rig.window.details()->speedGraph();
    QTRY_VERIFY_WITH_TIMEOUT(!graph->samples().isEmpty() && graph->samples().constLast().y() > 0, 10000);
    rig.engine.manager().pause(id);
    QTRY_VERIFY(graph->samples().constLast().y() == 0);
    QCOMPARE(rig.window.details()->speedGraph()->emptyText(), QStringLiteral("No transfer yet"));
}

void TestUiMainWindow::detailsShowValidatorsAndRedirect()
{
    FaultResponse file = FaultResponse::generated(512 * 1024);
    file.bytesPerSecond = 512 * 1024;
    file.chunkSize = 8 * 1024;
    file.etag = QByteArrayLiteral("\"abc-123\"");
    file.lastModified = QByteArrayLiteral("Wed, 21 Oct 2015 07:28:00 GMT");
    m_server.setResponse(QStringLiteral("/new/tool.tar.gz"), file);
    m_server.setResponse(QStringLiteral("/old/tool.tar.gz"), FaultResponse::redirect(302, QByteArrayLiteral("/new/tool.tar.gz")));
    Rig rig;
    const DownloadId id = rig.engine.add(m_server.url(QStringLiteral("/old/tool.tar.gz")));
    rig.selectOnly(id);
    // The pane follows the download while it runs (batched updates), not only when selected.
    QTRY_VERIFY_WITH_TIMEOUT(rig.window.details()->text(DetailsPane::Field::ETag) == QStringLiteral("\"abc-123\""), 10000);
    QVERIFY(rig.engine.waitFinal(id));
    const DetailsPane *details = rig.window.details();
    QTRY_COMPARE(details->text(DetailsPane::Field::Status), QStringLiteral("Completed"));
    QCOMPARE(details->text(DetailsPane::Field::FinalUrl), m_server.url(QStringLiteral("/new/tool.tar.gz")).toString());
    QCOMPARE(details->text(DetailsPane::Field::LastModified), QStringLiteral("Wed, 21 Oct 2015 07:28:00 GMT"));
    QCOMPARE(details->text(DetailsPane::Field::FilePath), rig.engine.path(QStringLiteral("tool.tar.gz")));
    // It ran long enough for a few speed samples.
    QVERIFY(!details->speedGraph()->samples().isEmpty());

    rig.window.table()->selectionModel()->clearCurrentIndex();
    QCOMPARE(details->downloadId(), DownloadId(0));
}

void TestUiMainWindow::filterChangesVisibleRows()
{
    m_server.setResponse(QStringLiteral("/f/alpha.bin"), FaultResponse::generated(1000));
    m_server.setResponse(QStringLiteral("/f/beta.iso"), FaultResponse::generated(1000));
    m_server.setResponse(QStringLiteral("/f/gamma.zip"), FaultResponse::withStatus(404));
    Rig rig;
    QCOMPARE(rig.fetch(m_server, "/f/", words("alpha.bin beta.iso gamma.zip")).size(), 3);

    QLineEdit *text = rig.window.filterBar()->textField();
    QTest::keyClicks(text, QStringLiteral("BETA"));
    QTRY_COMPARE(rig.names(), QStringList{QStringLiteral("beta.iso")});
    text->clear();
    QTRY_COMPARE(rig.model.rowCount(), 3);

    QComboBox *state = rig.window.filterBar()->stateBox();
    state->setCurrentIndex(state->findText(QStringLiteral("Failed")));
    QCOMPARE(rig.names(), QStringList{QStringLiteral("gamma.zip")});
    state->setCurrentIndex(state->findText(QStringLiteral("Completed")));
    QCOMPARE(rig.names(), words("alpha.bin beta.iso"));
    QTest::keyClicks(text, QStringLiteral("zip"));
    QTRY_COMPARE(rig.model.rowCount(), 0);
    QCOMPARE(rig.window.table()->emptyText(), QStringLiteral("No downloads match the filter"));
    state->setCurrentIndex(state->findText(QStringLiteral("All")));
    QCOMPARE(rig.names(), QStringList{QStringLiteral("gamma.zip")});
}

void TestUiMainWindow::headerClickSorts()
{
    m_server.setResponse(QStringLiteral("/s/*"), FaultResponse::generated(1000));
    m_server.setResponse(QStringLiteral("/s/big.bin"), FaultResponse::generated(9000));
    Rig rig;
    QVERIFY(rig.show({1000, 500}));
    const QList<DownloadId> ids = rig.fetch(m_server, "/s/", words("cherry.txt apple.txt big.bin"));
    QCOMPARE(ids.size(), 3);
    QTRY_COMPARE(rig.cell(ids[2], Col::Size), QStringLiteral("8.8 KiB"));

    QHeaderView *header = rig.window.table()->horizontalHeader();
    const auto click = [header](int column) {
        const QPoint at(header->sectionViewportPosition(column) + header->sectionSize(column) / 2, header->height() / 2);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at);
    };
    QCOMPARE(rig.names(), words("cherry.txt apple.txt big.bin"));
    click(Col::Name);
    QCOMPARE(rig.names(), words("apple.txt big.bin cherry.txt"));
    QCOMPARE(header->sortIndicatorSection(), int(Col::Name));
    click(Col::Name);
    QCOMPARE(rig.names(), words("cherry.txt big.bin apple.txt"));
    click(Col::Name);  // a third click clears the sort: input order again
    QCOMPARE(rig.names(), words("cherry.txt apple.txt big.bin"));
    click(Col::Size);
    QCOMPARE(rig.names().constLast(), QStringLiteral("big.bin"));
    QCOMPARE(rig.model.sortColumn(), int(Col::Size));
}

void TestUiMainWindow::layoutIsRememberedAcrossWindows()
{
    const QString path = m_dir.filePath(QStringLiteral("layout.ini"));
    QSettings store(path, QSettings::IniFormat);
    {
        Rig first(EngineFixture::testSettings(), &store);
        QVERIFY(first.show({900, 560}));
        QHeaderView *header = first.window.table()->horizontalHeader();
        header->resizeSection(Col::Name, 333);
        header->hideSection(Col::Status);
        header->showSection(Col::Folder);
        header->moveSection(header->visualIndex(Col::Speed), 1);
        first.window.table()->sortByColumn(Col::Size, Qt::DescendingOrder);
        first.window.detailsDock()->hide();
        first.window.saveUiState();
    }
    store.sync();
    Rig second(EngineFixture::testSettings(), &store);
    second.window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&second.window));
    QHeaderView *header = second.window.table()->horizontalHeader();
    QCOMPARE(header->sectionSize(Col::Name), 333);
    QVERIFY(header->isSectionHidden(Col::Status));
    QVERIFY(!header->isSectionHidden(Col::Folder));
    QCOMPARE(header->visualIndex(Col::Speed), 1);
    QCOMPARE(header->sortIndicatorSection(), int(Col::Size));
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    QCOMPARE(second.model.sortColumn(), int(Col::Size));
    QCOMPARE(second.model.sortOrder(), Qt::DescendingOrder);
    QVERIFY(second.window.detailsDock()->isHidden());
    QCOMPARE(second.window.size(), QSize(900, 560));
}

void TestUiMainWindow::statusBarCounts()
{
    m_server.setResponse(QStringLiteral("/c/*"), FaultResponse::generated(2000));
    m_server.setResponse(QStringLiteral("/c/missing.bin"), FaultResponse::withStatus(404));
    FaultResponse slow = FaultResponse::generated(8 * 1024 * 1024);
    slow.bytesPerSecond = 512 * 1024;
    m_server.setResponse(QStringLiteral("/c/slow.bin"), slow);
    Rig rig;
    const StatusSummary *status = rig.window.statusSummary();
    QCOMPARE(status->countsText(), QStringLiteral("No downloads"));
    QCOMPARE(rig.fetch(m_server, "/c/", words("one.bin two.bin missing.bin")).size(), 3);
    const DownloadId slowId = rig.engine.add(m_server.url(QStringLiteral("/c/slow.bin")));
    QTRY_VERIFY_WITH_TIMEOUT(rig.engine.download(slowId).bytesReceived() > 0, 10000);
    QTRY_COMPARE(status->countsText(), QStringLiteral("1 active  \u00b7  2 completed  \u00b7  1 failed"));
    QTRY_VERIFY(status->speedText() != QStringLiteral("\u2193 0 B/s"));
    QTRY_VERIFY(rig.window.windowTitle().startsWith(QStringLiteral("Gather \u2014 1 downloading, ")));
    QTRY_VERIFY_WITH_TIMEOUT(status->freeSpaceText().endsWith(QStringLiteral(" free")), 10000);

    rig.engine.manager().pause(slowId);
    QTRY_COMPARE(status->countsText(), QStringLiteral("1 paused  \u00b7  2 completed  \u00b7  1 failed"));
    QTRY_COMPARE(rig.window.windowTitle(), QStringLiteral("Gather"));
}

void TestUiMainWindow::titleCountsFilesOfABatch()
{
    // Many files: the title counts them ("3 of 6 done"), a figure that only grows, instead of a
    // percentage over whatever happens to run, which fell back each time a new file started.
    // Each file takes 0.75 s, three times the manager's 250 ms change batch: a file as short as
    // the batch could start and end between two announcements, leaving the title nothing to count.
    FaultResponse paced = FaultResponse::generated(192 * 1024, 9);
    paced.bytesPerSecond = 256 * 1024;
    m_server.setResponse(QStringLiteral("/batch/*"), paced);
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = 2;
    Rig rig(settings);
    QList<UrlEntry> entries(6);
    for (int i = 0; i < entries.size(); ++i)
        entries[i].url = m_server.url(QStringLiteral("/batch/%1.bin").arg(i));
    rig.engine.manager().add(entries);
    int lastDone = -1;
    QStringList seen;
    QStringList seenTitles;
    QVERIFY(QTest::qWaitFor([&] {
        const QString title = rig.window.windowTitle();
        if (seenTitles.isEmpty() || seenTitles.last() != title)
            seenTitles.append(title);
        static const QRegularExpression pattern(QStringLiteral("^Gather — (\\d+) of 6 done, \\d downloading$"));
        if (const QRegularExpressionMatch m = pattern.match(title); m.hasMatch()) {
            const int done = m.captured(1).toInt();
            if (done < lastDone)
                seen.append(QStringLiteral("went back: ") + title);
            lastDone = done;
        }
        return rig.engine.manager().countIn(DownloadState::Completed) == 6;
    }, 30000));
    QVERIFY2(seen.isEmpty(), qPrintable(seen.join(u'|')));
    QVERIFY2(lastDone >= 0, qPrintable(QStringLiteral("the title never counted the batch: ") + seenTitles.join(u'|')));
    QTRY_COMPARE(rig.window.windowTitle(), QStringLiteral("Gather"));
}

void TestUiMainWindow::statusMessagesAreVisible()
{
    // A message (an export, a store problem) is drawn left of the summary, which stays shown.
    Rig rig;
    QVERIFY(rig.show({900, 560}));
    QStatusBar *bar = rig.window.statusBar();
    const auto inkLeft = [bar] {
        const QImage image = bar->grab().toImage();
        const QColor background = image.pixelColor(2, image.height() / 2);
        int ink = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width() * 2 / 5; ++x) {
                const QColor c = image.pixelColor(x, y);
                ink += std::abs(c.lightness() - background.lightness()) > 60 ? 1 : 0;
            }
        }
        return ink;
    };
    const int before = inkLeft();
    bar->showMessage(QStringLiteral("Exported 3 downloads to all.txt"));
    QVERIFY2(inkLeft() > before + 50, qPrintable(QStringLiteral("ink before %1, after %2").arg(before).arg(inkLeft())));
    QVERIFY(rig.window.statusSummary()->isVisible());
    QVERIFY(rig.window.statusSummary()->geometry().left() > bar->width() * 2 / 5);
}

void TestUiMainWindow::defaultColumnsFitTheFirstWindow()
{
    // At the size the window first opens with, the last column (Added) is whole on screen.
    Rig rig;
    rig.window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&rig.window));
    QCOMPARE(rig.window.width(), 1040);
    QHeaderView *header = rig.window.table()->horizontalHeader();
    const int right = header->sectionViewportPosition(DownloadColumns::Added) + header->sectionSize(DownloadColumns::Added);
    QVERIFY2(right <= rig.window.table()->viewport()->width(),
             qPrintable(QStringLiteral("Added ends at %1 of %2").arg(right).arg(rig.window.table()->viewport()->width())));
    QVERIFY(!rig.window.table()->horizontalScrollBar()->isVisible());
}

void TestUiMainWindow::emptyTableShowsHint()
{
    Rig rig;
    QVERIFY(rig.window.table()->emptyText().startsWith(QStringLiteral("Drop links here, paste with Ctrl+V")));
    QVERIFY(rig.show({900, 560}));
    // The hint is painted in the middle of the table: its centre is no longer plain background.
    QWidget *viewport = rig.window.table()->viewport();
    const QImage empty = viewport->grab().toImage();
    const QRgb background = empty.pixel(4, 4);
    int painted = 0;
    for (int x = empty.width() / 4; x < empty.width() * 3 / 4; ++x) {
        for (int y = empty.height() / 3; y < empty.height() * 2 / 3; ++y)
            painted += empty.pixel(x, y) != background;
    }
    QVERIFY(painted > 300);
    QTRY_VERIFY(!rig.window.statusSummary()->freeSpaceText().isEmpty());
    QVERIFY(rig.window.grab().save(screenshotPath(m_dir, QStringLiteral("mainwindow-empty.png")), "PNG"));

    m_server.setResponse(QStringLiteral("/e.bin"), FaultResponse::generated(10));
    rig.engine.add(m_server.url(QStringLiteral("/e.bin")));
    QCOMPARE(rig.window.table()->emptyText(), QString());
    // The table never measures rows: fixed heights, no header to size.
    const QHeaderView *rows = rig.window.table()->verticalHeader();
    QVERIFY(rows->isHidden());
    QCOMPARE(rows->sectionResizeMode(0), QHeaderView::Fixed);
    for (int column = 0; column < DownloadColumns::Count; ++column)
        QVERIFY(rig.window.table()->horizontalHeader()->sectionResizeMode(column) != QHeaderView::ResizeToContents);
}

void TestUiMainWindow::dropsOnTheTableReachTheWindow()
{
    Rig rig;
    QVERIFY(rig.show({900, 560}));
    DropRecorder atWindow;
    DropRecorder atViewport;
    rig.window.installEventFilter(&atWindow);
    QWidget *viewport = rig.window.table()->viewport();
    viewport->installEventFilter(&atViewport);

    // Delivered as the platform does: to the top-level QWindow at a point over the table's viewport.
    QMimeData mime;
    mime.setUrls({QUrl(QStringLiteral("https://example.org/dropped.iso"))});
    const QPointF at = viewport->mapTo(&rig.window, viewport->rect().center());
    QWindow *window = rig.window.windowHandle();
    QDragEnterEvent enter(at.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window, &drop);

    QVERIFY(atWindow.seen.contains(QEvent::Drop));
    QCOMPARE(atWindow.urls, QList<QUrl>{QUrl(QStringLiteral("https://example.org/dropped.iso"))});
    QVERIFY(atViewport.seen.isEmpty());
    QCOMPARE(rig.model.rowCount(), 0);  // the view itself added nothing
}

void TestUiMainWindow::screenshot()
{
    // A realistic mix: finished, failing two ways, paused, two running, one waiting its turn.
    constexpr qint64 MiB = 1024 * 1024;
    const auto serve = [this](const char *name, FaultResponse response, qint64 bytesPerSecond = 0) {
        response.bytesPerSecond = bytesPerSecond;
        response.etag = QByteArrayLiteral("\"v1\"");
        response.lastModified = QByteArrayLiteral("Thu, 25 Apr 2024 14:02:11 GMT");
        m_server.setResponse(u"/pub/" % QLatin1StringView(name), response);
    };
    serve("debian-12.5.0-amd64-netinst.iso", FaultResponse::generated(3 * MiB, 1));
    serve("release-notes-2024.pdf", FaultResponse::generated(412 * 1024, 2));
    serve("annual-report-2023.pdf", FaultResponse::withStatus(404));
    serve("photos-backup-march.zip", FaultResponse::generated(6 * MiB, 3), 6 * MiB);
    serve("ubuntu-24.04-desktop-amd64.iso", FaultResponse::generated(48 * MiB, 4), 4 * MiB);
    serve("podcast-episode-142.mp3", FaultResponse::generated(24 * MiB, 5), 1200 * 1024);
    serve("blender-4.1-linux-x64.tar.xz", FaultResponse::generated(1024));

    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = 2;
    Rig rig(settings);
    QVERIFY(rig.show({1180, 700}));
    EngineFixture &engine = rig.engine;
    const auto add = [&](const QString &name) { return engine.add(m_server.url(u"/pub/" % name)); };

    const DownloadId iso = add(QStringLiteral("debian-12.5.0-amd64-netinst.iso"));
    const DownloadId notes = add(QStringLiteral("release-notes-2024.pdf"));
    const DownloadId missing = add(QStringLiteral("annual-report-2023.pdf"));
    QUrl refusedUrl = m_server.url(QStringLiteral("/pub/sensor-data.csv"));
    refusedUrl.setPort(closedPort());
    const DownloadId refused = engine.add(refusedUrl);
    for (DownloadId id : {iso, notes, missing, refused})
        QVERIFY(engine.waitFinal(id));
    const DownloadId photos = add(QStringLiteral("photos-backup-march.zip"));
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(photos).bytesReceived() > 2 * MiB, 10000);
    engine.manager().pause(photos);
    const DownloadId ubuntu = add(QStringLiteral("ubuntu-24.04-desktop-amd64.iso"));
    const DownloadId podcast = add(QStringLiteral("podcast-episode-142.mp3"));
    const DownloadId blender = add(QStringLiteral("blender-4.1-linux-x64.tar.xz"));
    rig.selectOnly(ubuntu);
    QTRY_VERIFY_WITH_TIMEOUT(engine.download(ubuntu).bytesReceived() > 12 * MiB
                                 && engine.download(podcast).bytesReceived() > 2 * MiB
                                 && rig.window.details()->speedGraph()->samples().size() >= 8, 15000);
    const QList<std::pair<DownloadId, DownloadState>> expected{
        {blender, DownloadState::Queued}, {photos, DownloadState::Paused}, {iso, DownloadState::Completed},
        {missing, DownloadState::Failed}, {refused, DownloadState::Failed}};
    for (const auto &[id, state] : expected)
        QCOMPARE(engine.download(id).state(), state);

    const QPixmap shot = rig.window.grab();
    QCOMPARE(shot.size(), rig.window.size() * shot.devicePixelRatio());
    const QImage image = shot.toImage();
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7) {
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    }
    QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));

    const QString path = screenshotPath(m_dir, QStringLiteral("mainwindow.png"));
    QVERIFY(shot.save(path, "PNG"));
    qInfo("screenshot: %s", qPrintable(path));
}

QTEST_MAIN(TestUiMainWindow)
#include "tst_ui_mainwindow.moc"
