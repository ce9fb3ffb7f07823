// The Add dialog over a hand-made LoadedUrlList: sections and counts, empty sections hidden, OK
// disabled without links, links already in the download list moved to the duplicates with what
// OK does to each (resume, or nothing when downloaded), the chosen folder applied to the entries,
// free space measured by a real FreeSpaceProbe and the low-space warning.
#include "adddialog.h"
#include "addlinksmodel.h"
#include "addtextdialog.h"
#include "base/humanformat.h"
#include "disk/freespaceprobe.h"
#include "folderfield.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QStorageInfo>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

using namespace Qt::StringLiterals;

namespace {

UrlEntry entry(const char *url, int line)
{
    UrlEntry e;
    e.url = QUrl(QString::fromLatin1(url));
    e.line = line;
    return e;
}

LoadedUrlList sample()
{
    LoadedUrlList list;
    list.sources = {QStringLiteral("links.txt"), QStringLiteral("more.txt")};
    list.parsed.entries = {entry("https://example.org/a.iso", 1), entry("https://example.org/b.zip", 2),
                           entry("http://mirror.example.net/c.tar.gz", 5)};
    list.parsed.rejected = {RejectedLine{3, QStringLiteral("ftp://old.example.org/x"), QStringLiteral("unsupported scheme ftp"),
                                         QStringLiteral("links.txt")},
                            RejectedLine{4, QStringLiteral("hello world"), QStringLiteral("not a link"), QStringLiteral("links.txt")}};
    list.parsed.duplicates = {DuplicateUrl{6, QUrl(QStringLiteral("https://example.org/a.iso")), 1,
                                           QStringLiteral("more.txt"), QStringLiteral("links.txt")}};
    list.parsed.duplicateCount = 1;
    list.problems = {SourceProblem{QStringLiteral("/nowhere/list.txt"), QStringLiteral("No such file or directory")}};
    return list;
}

} // namespace

Q_DECLARE_METATYPE(DownloadState)

class TestUiAddDialog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void sectionsAndCounts();
    void addTextStartsWithTheClipboardsLinks();
    void unusableFolderIsRefusedInTheDialog();
    void addTextCtrlEnterAdds();
    void addTextEscapeAsksBeforeDiscarding();
    void emptySectionsHidden();
    void okDisabledWithoutLinks_data();
    void okDisabledWithoutLinks();
    void alreadyListedAreDuplicates();
    void listedRowsSayWhatOkDoes_data();
    void listedRowsSayWhatOkDoes();
    void entriesGetTheChosenFolder();
    void linksRenamedUncheckedAndRemovedByKeys();
    void browseChangesFolder();
    void relativeFolderDisablesOk();
    void freeSpaceMeasured();
    void lowSpaceWarns();
    void acceptAndReject();

private:
    static QTableView *table(AddDialog &dialog, const char *section);
    static bool sectionShown(AddDialog &dialog, const char *section);
    QTemporaryDir m_dir;
};

QTableView *TestUiAddDialog::table(AddDialog &dialog, const char *section)
{
    auto *box = dialog.findChild<QGroupBox *>(QString::fromLatin1(section));
    return box ? box->findChild<QTableView *>() : nullptr;
}

bool TestUiAddDialog::sectionShown(AddDialog &dialog, const char *section)
{
    auto *box = dialog.findChild<QGroupBox *>(QString::fromLatin1(section));
    return box && box->isVisibleTo(&dialog);
}

void TestUiAddDialog::sectionsAndCounts()
{
    AddDialog dialog(sample(), m_dir.path(), {}, nullptr);
    QCOMPARE(dialog.windowTitle(), QStringLiteral("3 links found"));
    QCOMPARE(dialog.okButton()->text(), QStringLiteral("Download 3"));
    QVERIFY(dialog.okButton()->isEnabled());
    QCOMPARE(dialog.linkCount(), 3);

    for (const char *name : {"linksSection", "rejectedSection", "duplicatesSection", "problemsSection"})
        QVERIFY2(sectionShown(dialog, name), name);

    const QAbstractItemModel *links = table(dialog, "linksSection")->model();
    QCOMPARE(links->rowCount(), 3);
    QCOMPARE(links->index(2, AddLinksModel::LinkColumn).data().toString(), QStringLiteral("http://mirror.example.net/c.tar.gz"));
    // The name each file will take, from the link while nothing else names it.
    QCOMPARE(links->index(2, AddLinksModel::NameColumn).data().toString(), QStringLiteral("c.tar.gz"));

    const QAbstractItemModel *rejected = table(dialog, "rejectedSection")->model();
    QCOMPARE(rejected->rowCount(), 2);
    QCOMPARE(rejected->index(0, 0).data().toString(), QStringLiteral("links.txt:3"));
    QCOMPARE(rejected->index(0, 1).data().toString(), QStringLiteral("ftp://old.example.org/x"));
    QCOMPARE(rejected->index(0, 2).data().toString(), QStringLiteral("unsupported scheme ftp"));
    QCOMPARE(rejected->index(1, 2).data().toString(), QStringLiteral("not a link"));

    const QAbstractItemModel *duplicates = table(dialog, "duplicatesSection")->model();
    QCOMPARE(duplicates->rowCount(), 1);
    QCOMPARE(duplicates->index(0, 0).data().toString(), QStringLiteral("more.txt:6"));
    QCOMPARE(duplicates->index(0, 2).data().toString(), QStringLiteral("line links.txt:1"));

    auto *problems = dialog.findChild<QGroupBox *>(QStringLiteral("problemsSection"))->findChild<QPlainTextEdit *>();
    QCOMPARE(problems->toPlainText(), QStringLiteral("/nowhere/list.txt: No such file or directory"));
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("sources"))->text().contains(QStringLiteral("links.txt, more.txt")));
}

void TestUiAddDialog::emptySectionsHidden()
{
    LoadedUrlList list;
    list.parsed.entries = {entry("https://example.org/only", 1)};
    AddDialog dialog(list, m_dir.path(), {}, nullptr);
    QCOMPARE(dialog.windowTitle(), QStringLiteral("1 link found"));
    QCOMPARE(dialog.okButton()->text(), QStringLiteral("Download 1"));
    QVERIFY(sectionShown(dialog, "linksSection"));
    QVERIFY(!sectionShown(dialog, "rejectedSection"));
    QVERIFY(!sectionShown(dialog, "duplicatesSection"));
    QVERIFY(!sectionShown(dialog, "problemsSection"));
    QVERIFY(!dialog.findChild<QLabel *>(QStringLiteral("sources")));
}

void TestUiAddDialog::okDisabledWithoutLinks_data()
{
    QTest::addColumn<bool>("allListed");
    QTest::newRow("only rejected lines") << false;
    QTest::newRow("every link already listed") << true;
}

void TestUiAddDialog::okDisabledWithoutLinks()
{
    QFETCH(bool, allListed);
    LoadedUrlList list = sample();
    if (!allListed)
        list.parsed.entries.clear();
    // Listed and downloaded: there is nothing for OK to do.
    AddDialog dialog(list, m_dir.path(), [&](const QUrl &) {
        return allListed ? std::optional(DownloadState::Completed) : std::nullopt;
    }, nullptr);
    QCOMPARE(dialog.windowTitle(), QStringLiteral("No links found"));
    QCOMPARE(dialog.linkCount(), 0);
    QVERIFY(!dialog.okButton()->isEnabled());
    QVERIFY(dialog.entries().isEmpty());
    QVERIFY(sectionShown(dialog, "rejectedSection"));
}

void TestUiAddDialog::alreadyListedAreDuplicates()
{
    const QUrl listed(QStringLiteral("https://example.org/b.zip"));
    AddDialog dialog(sample(), m_dir.path(), [&](const QUrl &url) {
        return url == listed ? std::optional(DownloadState::Completed) : std::nullopt;
    }, nullptr);
    QCOMPARE(dialog.linkCount(), 2);
    QCOMPARE(dialog.alreadyListedCount(), 1);
    QCOMPARE(dialog.okButton()->text(), QStringLiteral("Download 2"));
    QCOMPARE(dialog.windowTitle(), QStringLiteral("2 links found"));
    const QAbstractItemModel *duplicates = table(dialog, "duplicatesSection")->model();
    QCOMPARE(duplicates->rowCount(), 2);
    QCOMPARE(duplicates->index(1, 1).data().toString(), listed.toString());
    QCOMPARE(duplicates->index(1, 2).data().toString(), QStringLiteral("Already downloaded"));
    QCOMPARE(dialog.resumeCount(), 0);
    const QList<UrlEntry> entries = dialog.entries();
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries[0].url, QUrl(QStringLiteral("https://example.org/a.iso")));
    QCOMPARE(entries[1].url, QUrl(QStringLiteral("http://mirror.example.net/c.tar.gz")));
    QCOMPARE(dialog.listedEntries().size(), 1);
    QCOMPARE(dialog.listedEntries().first().url, listed);
    QCOMPARE(dialog.listedEntries().first().dir, m_dir.path());
}

void TestUiAddDialog::listedRowsSayWhatOkDoes_data()
{
    QTest::addColumn<DownloadState>("state");
    QTest::addColumn<QString>("row");
    QTest::addColumn<int>("resumes");

    const QString resume = QStringLiteral("In the list: will resume");
    const QString onItsWay = QStringLiteral("In the list: already on its way");
    QTest::newRow("completed") << DownloadState::Completed << QStringLiteral("Already downloaded") << 0;
    QTest::newRow("paused") << DownloadState::Paused << resume << 1;
    QTest::newRow("failed") << DownloadState::Failed << resume << 1;
    QTest::newRow("cancelled") << DownloadState::Cancelled << resume << 1;
    QTest::newRow("queued") << DownloadState::Queued << onItsWay << 0;
    QTest::newRow("downloading") << DownloadState::Downloading << onItsWay << 0;
    QTest::newRow("waiting to retry") << DownloadState::Waiting << onItsWay << 0;
}

void TestUiAddDialog::listedRowsSayWhatOkDoes()
{
    QFETCH(DownloadState, state);
    QFETCH(QString, row);
    QFETCH(int, resumes);
    // Every link of the list is in the download list already, in this state.
    LoadedUrlList list = sample();
    AddDialog dialog(list, m_dir.path(), [&](const QUrl &) { return std::optional(state); }, nullptr);
    QCOMPARE(dialog.linkCount(), 0);
    QCOMPARE(dialog.alreadyListedCount(), 3);
    QCOMPARE(dialog.resumeCount(), 3 * resumes);
    const QAbstractItemModel *duplicates = table(dialog, "duplicatesSection")->model();
    QCOMPARE(duplicates->rowCount(), 4);  // the repeated line, then the three listed links
    QCOMPARE(duplicates->index(0, 2).data().toString(), QStringLiteral("line links.txt:1"));
    for (int r = 1; r < 4; ++r) {
        QCOMPARE(duplicates->index(r, 1).data().toString(), list.parsed.entries[r - 1].url.toString());
        QCOMPARE(duplicates->index(r, 2).data().toString(), row);
    }
    // OK resumes them when there is something to resume, and says so.
    QCOMPARE(dialog.okButton()->isEnabled(), resumes > 0);
    QCOMPARE(dialog.okButton()->text(), resumes > 0 ? QStringLiteral("Resume 3") : QStringLiteral("Download 0"));
    QCOMPARE(dialog.windowTitle(), resumes > 0 ? QStringLiteral("3 links to resume") : QStringLiteral("No links found"));
    QVERIFY(dialog.entries().isEmpty());
    QCOMPARE(dialog.listedEntries().size(), 3);
}

void TestUiAddDialog::entriesGetTheChosenFolder()
{
    LoadedUrlList list = sample();
    list.parsed.entries[1].dir = QStringLiteral("isos");             // aria2 dir, relative
    list.parsed.entries[2].dir = QStringLiteral("/srv/elsewhere");   // aria2 dir, absolute
    list.parsed.entries[2].outName = QStringLiteral("named.tgz");
    AddDialog dialog(list, m_dir.path(), {}, nullptr);
    QCOMPARE(dialog.folder(), m_dir.path());
    QList<UrlEntry> entries = dialog.entries();
    QCOMPARE(entries[0].dir, m_dir.path());
    QCOMPARE(entries[1].dir, m_dir.filePath(QStringLiteral("isos")));
    QCOMPARE(entries[2].dir, QStringLiteral("/srv/elsewhere"));
    QCOMPARE(entries[2].outName, QStringLiteral("named.tgz"));
    QCOMPARE(table(dialog, "linksSection")->model()->index(2, AddLinksModel::NameColumn).data().toString(), QStringLiteral("named.tgz"));

    const QString other = m_dir.filePath(QStringLiteral("other"));
    QLineEdit *edit = dialog.folderField()->lineEdit();
    edit->selectAll();
    QTest::keyClicks(edit, other + QStringLiteral("/"));
    entries = dialog.entries();
    QCOMPARE(entries[0].dir, other);
    QCOMPARE(entries[1].dir, other + QStringLiteral("/isos"));
    QCOMPARE(entries[2].dir, QStringLiteral("/srv/elsewhere"));
}

// Keys only, as a person without a mouse: F2 renames (a name with a slash is refused and said
// why), Space unchecks the selected rows, Delete removes them, Check None / Check All; the OK
// button's count and the entries handed over follow every step.
void TestUiAddDialog::linksRenamedUncheckedAndRemovedByKeys()
{
    AddDialog dialog(sample(), m_dir.path(), {}, nullptr);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTableView *view = dialog.linksView();
    AddLinksModel *model = dialog.linksModel();
    view->setFocus();
    QTRY_VERIFY(view->hasFocus());
    QVERIFY(!model->isFixed(0));
    QCOMPARE(model->index(0, AddLinksModel::NameColumn).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));

    auto rename = [&](int row, const QString &name) {
        view->setCurrentIndex(model->index(row, AddLinksModel::NameColumn));
        QTest::keyClick(view, Qt::Key_F2);
        QLineEdit *editor = nullptr;
        QTRY_VERIFY((editor = view->viewport()->findChild<QLineEdit *>()) && editor->hasFocus());
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, name);
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_VERIFY(!view->viewport()->findChild<QLineEdit *>());  // the delegate commits on a queued call
    };
    rename(0, QStringLiteral("renamed.iso"));
    QCOMPARE(model->index(0, AddLinksModel::NameColumn).data().toString(), QStringLiteral("renamed.iso"));
    QVERIFY(model->isFixed(0));
    QCOMPARE(dialog.entries().at(0).outName, QStringLiteral("renamed.iso"));

    QLabel *note = dialog.findChild<QLabel *>(QStringLiteral("linksNote"));
    QVERIFY(!note->isVisible());
    rename(1, QStringLiteral("../evil"));
    QTRY_VERIFY(note->isVisible());
    QVERIFY2(note->text().contains(QStringLiteral("cannot be a file name")), qPrintable(note->text()));
    QCOMPARE(dialog.entries().at(1).outName, QString());
    QCOMPARE(model->index(1, AddLinksModel::NameColumn).data().toString(), QStringLiteral("b.zip"));

    // Space unchecks the selected row: not downloaded, but still listed.
    view->setFocus();
    view->selectionModel()->setCurrentIndex(model->index(1, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QTest::keyClick(view, Qt::Key_Space);
    QCOMPARE(model->index(1, AddLinksModel::NameColumn).data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    QCOMPARE(dialog.okButton()->text(), QStringLiteral("Download 2"));
    QCOMPARE(dialog.findChild<QGroupBox *>(QStringLiteral("linksSection"))->title(), QStringLiteral("Links to download (2 of 3 checked)"));
    QList<UrlEntry> entries = dialog.entries();
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(1).url, QUrl(QStringLiteral("http://mirror.example.net/c.tar.gz")));

    // Delete removes the selected row; the next row becomes current, so Delete can go on.
    view->selectionModel()->setCurrentIndex(model->index(2, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QTest::keyClick(view, Qt::Key_Delete);
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(dialog.okButton()->text(), QStringLiteral("Download 1"));
    entries = dialog.entries();
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.at(0).outName, QStringLiteral("renamed.iso"));
    QCOMPARE(view->currentIndex().row(), 1);

    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("checkNone")), Qt::LeftButton);
    QVERIFY(!dialog.okButton()->isEnabled());
    QCOMPARE(dialog.okButton()->text(), QStringLiteral("Download 0"));
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("checkAll")), Qt::LeftButton);
    QVERIFY(dialog.okButton()->isEnabled());
    QCOMPARE(dialog.okButton()->text(), QStringLiteral("Download 2"));
    QCOMPARE(dialog.entries().size(), 2);
}

void TestUiAddDialog::browseChangesFolder()
{
    AddDialog dialog(sample(), m_dir.path(), {}, nullptr);
    const QString chosen = m_dir.filePath(QStringLiteral("picked"));
    dialog.folderField()->setChooser([&](QWidget *, const QString &) { return chosen; });
    QTest::mouseClick(dialog.folderField()->browseButton(), Qt::LeftButton);
    QCOMPARE(dialog.entries().first().dir, chosen);
}

void TestUiAddDialog::relativeFolderDisablesOk()
{
    AddDialog dialog(sample(), m_dir.path(), {}, nullptr);
    dialog.folderField()->setFolder(QStringLiteral("relative/dir"));
    QVERIFY(!dialog.okButton()->isEnabled());
    QTRY_VERIFY(dialog.freeSpaceLabel()->text().contains(QStringLiteral("full path")));
    dialog.folderField()->setFolder(m_dir.path());
    QVERIFY(dialog.okButton()->isEnabled());
}

void TestUiAddDialog::freeSpaceMeasured()
{
    QThreadPool pool;
    FreeSpaceProbe probe(&pool);
    AddDialog dialog(sample(), m_dir.path(), {}, &probe);
    QCOMPARE(dialog.freeSpaceLabel()->text(), QStringLiteral("Checking free space…"));
    QTRY_VERIFY(dialog.freeSpaceLabel()->text().endsWith(QStringLiteral(" free")));
    // The same figure QStorageInfo gives, to the displayed precision, unless the disk is busy.
    const qint64 available = QStorageInfo(m_dir.path()).bytesAvailable();
    const QString text = dialog.freeSpaceLabel()->text();
    QVERIFY2(text.contains(HumanFormat::bytes(available).section(u' ', 1)), qPrintable(text));

    // A folder that does not exist yet is measured at its nearest existing parent.
    dialog.folderField()->setFolder(m_dir.filePath(QStringLiteral("not/yet/there")));
    QTRY_VERIFY(dialog.freeSpaceLabel()->text().endsWith(QStringLiteral(" free")));
    pool.waitForDone();
}

void TestUiAddDialog::lowSpaceWarns()
{
    QThreadPool pool;
    FreeSpaceProbe probe(&pool);
    AddDialog dialog(sample(), m_dir.path(), {}, &probe);
    QTRY_VERIFY(dialog.freeSpaceLabel()->text().endsWith(QStringLiteral(" free")));
    // The probe's answer for another folder is not this dialog's business.
    Q_EMIT probe.measured(QStringLiteral("/elsewhere"), 10, 100, QString());
    QVERIFY(!dialog.freeSpaceLabel()->property("lowSpace").toBool());
    Q_EMIT probe.measured(m_dir.path(), 300 * 1024 * 1024, qint64(1) << 40, QString());
    QCOMPARE(dialog.freeSpaceLabel()->text(), QStringLiteral("Only 300.0 MiB free"));
    QVERIFY(dialog.freeSpaceLabel()->property("lowSpace").toBool());
    QVERIFY(dialog.freeSpaceLabel()->palette().color(QPalette::WindowText) != dialog.palette().color(QPalette::WindowText));
    Q_EMIT probe.measured(m_dir.path(), -1, -1, QString());
    QCOMPARE(dialog.freeSpaceLabel()->text(), QStringLiteral("Free space unknown"));
    pool.waitForDone();
}

void TestUiAddDialog::acceptAndReject()
{
    AddDialog dialog(sample(), m_dir.path(), {}, nullptr);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));

    AddDialog second(sample(), m_dir.path(), {}, nullptr);
    second.show();
    QTest::keyClick(&second, Qt::Key_Escape);
    QCOMPARE(second.result(), int(QDialog::Rejected));
}

void TestUiAddDialog::unusableFolderIsRefusedInTheDialog()
{
    // A folder under a file cannot be made: said in the dialog, and Download stays off, instead
    // of "72.8 GiB free" and every download failing later.
    QFile blocker(m_dir.filePath(u"blocker"_s));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    QThreadPool pool;
    FreeSpaceProbe probe(&pool);
    const QString under = m_dir.filePath(u"blocker/sub"_s);
    AddDialog dialog(sample(), under, {}, &probe);
    QTRY_COMPARE(dialog.freeSpaceLabel()->text(),
                 u"%1 is a file, so %2 cannot be made in it"_s.arg(m_dir.filePath(u"blocker"_s), under));
    QVERIFY(!dialog.okButton()->isEnabled());
    QCOMPARE(FreeSpaceProbe::folderProblem(m_dir.filePath(u"blocker"_s)),
             u"%1 is a file, not a folder"_s.arg(m_dir.filePath(u"blocker"_s)));
    // A good folder (even one still to be made) turns Download back on.
    dialog.folderField()->setFolder(m_dir.filePath(u"fresh/sub"_s));
    QTRY_VERIFY(dialog.freeSpaceLabel()->text().endsWith(u" free"_s));
    QVERIFY(dialog.okButton()->isEnabled());
    QCOMPARE(FreeSpaceProbe::folderProblem(m_dir.path()), QString());
    pool.waitForDone();
}

void TestUiAddDialog::addTextStartsWithTheClipboardsLinks()
{
    const QString clipboard = u"see https://a.example/x.iso and\nftp://b.example/y plus https://a.example/x.iso, "
                              "then http://c.example/z.bin."_s;
    QCOMPARE(AddTextDialog::linksIn(clipboard), u"https://a.example/x.iso\nhttp://c.example/z.bin"_s);
    AddTextDialog dialog(clipboard);
    QCOMPARE(dialog.text(), u"https://a.example/x.iso\nhttp://c.example/z.bin"_s);
    // Selected, so typing replaces the offer.
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::keyClicks(dialog.editor(), u"https://d.example/w"_s);
    QCOMPARE(dialog.text(), u"https://d.example/w"_s);
    AddTextDialog empty(u"no links here"_s);
    QCOMPARE(empty.text(), QString());
    QVERIFY(!empty.findChild<QPushButton *>(u"addButton"_s)->isEnabled());
}

void TestUiAddDialog::addTextCtrlEnterAdds()
{
    AddTextDialog dialog{QString()};
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::keyClicks(dialog.editor(), u"https://a.example/1"_s);
    QTest::keyClick(dialog.editor(), Qt::Key_Return);  // a new line, not "add"
    QVERIFY(dialog.isVisible());
    QTest::keyClicks(dialog.editor(), u"https://a.example/2"_s);
    QTest::keyClick(dialog.editor(), Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.text(), u"https://a.example/1\nhttps://a.example/2"_s);
}

void TestUiAddDialog::addTextEscapeAsksBeforeDiscarding()
{
    int asked = 0;
    bool discard = false;
    AddTextDialog dialog(u"https://offered.example/a"_s);
    dialog.setConfirmDiscard([&](QWidget *) {
        ++asked;
        return discard;
    });
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::keyClicks(dialog.editor(), u"https://typed.example/b"_s);
    QTest::keyClick(dialog.editor(), Qt::Key_Escape);
    QCOMPARE(asked, 1);
    QVERIFY(dialog.isVisible());  // kept editing
    QCOMPARE(dialog.text(), u"https://typed.example/b"_s);
    discard = true;
    QTest::keyClick(dialog.editor(), Qt::Key_Escape);
    QCOMPARE(asked, 2);
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));

    // What the clipboard offered, untouched, goes without a question.
    AddTextDialog untouched(u"https://offered.example/a"_s);
    untouched.setConfirmDiscard([&](QWidget *) {
        ++asked;
        return false;
    });
    untouched.show();
    QVERIFY(QTest::qWaitForWindowExposed(&untouched));
    QTest::keyClick(untouched.editor(), Qt::Key_Escape);
    QCOMPARE(asked, 2);
    QVERIFY(!untouched.isVisible());
}

QTEST_MAIN(TestUiAddDialog)
#include "tst_ui_adddialog.moc"
