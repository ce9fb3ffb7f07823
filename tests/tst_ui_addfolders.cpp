// The Settings dialog's "Sort by type" group reaching the settings file and the engine's
// settings, and the Add dialog's folder column and checksum field: each link shows the folder its file will
// take (its type's folder while categories apply, the chosen folder once the person picks
// another, a list's dir= always), the entries handed over carry those folders, and a single link
// takes a checksum typed in the dialog, refused with the reason when it is not one. The dialog is
// grabbed to check that the column is drawn.
#include "adddialog.h"
#include "addlinksmodel.h"
#include "appsettings.h"
#include "categorygroup.h"
#include "checksumfield.h"
#include "folderfield.h"
#include "settingsdialog.h"

#include <QCryptographicHash>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

UrlEntry entry(const QString &url, int line)
{
    UrlEntry e;
    e.url = QUrl(url);
    e.line = line;
    return e;
}

LoadedUrlList links()
{
    LoadedUrlList list;
    list.parsed.entries = {entry(u"https://example.org/film.mkv"_s, 1), entry(u"https://example.org/paper.pdf"_s, 2),
                           entry(u"https://example.org/get.php?id=3"_s, 3), entry(u"https://example.org/disk.iso"_s, 4)};
    list.parsed.entries[3].dir = u"isos"_s;  // a list's dir=
    return list;
}

CategoryFolders sorting()
{
    CategoryFolders categories;
    categories.enabled = true;
    return categories;
}

QString folderShown(AddDialog &dialog, int row)
{
    return dialog.linksModel()->index(row, AddLinksModel::FolderColumn).data().toString();
}

} // namespace

class TestUiAddFolders final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void folderColumnFollowsCategories();
    void noCategoriesShowTheChosenFolder();
    void checksumFieldForOneLink();
    void checksumFieldPrefilledAndHiddenForMany();
    void settingsGroupReachesTheFileAndEngine();

private:
    QTemporaryDir m_dir;
};

void TestUiAddFolders::folderColumnFollowsCategories()
{
    AddDialog dialog(links(), m_dir.path(), {}, nullptr);
    dialog.setCategories(sorting(), m_dir.path());
    QCOMPARE(dialog.linksModel()->headerData(AddLinksModel::FolderColumn, Qt::Horizontal).toString(), u"Folder"_s);
    QCOMPARE(folderShown(dialog, 0), m_dir.filePath(u"Video"_s));
    QCOMPARE(folderShown(dialog, 1), m_dir.filePath(u"Documents"_s));
    QCOMPARE(folderShown(dialog, 2), m_dir.path());  // nothing known yet
    QCOMPARE(folderShown(dialog, 3), m_dir.filePath(u"isos"_s));  // dir= wins
    QVERIFY(dialog.linksModel()->index(0, AddLinksModel::FolderColumn).data(Qt::ToolTipRole).toString().contains(u"By type: Video"_s));

    QList<UrlEntry> entries = dialog.entries();
    QCOMPARE(entries[0].dir, m_dir.filePath(u"Video"_s));
    QVERIFY(entries[0].folderByCategory);
    QVERIFY(entries[2].folderByCategory);  // the server's answer may still sort it
    QCOMPARE(entries[3].dir, m_dir.filePath(u"isos"_s));
    QVERIFY(!entries[3].folderByCategory);

    // Renaming a link to another type moves it to that type's folder.
    QVERIFY(dialog.linksModel()->setData(dialog.linksModel()->index(2, AddLinksModel::NameColumn), u"song.flac"_s));
    QCOMPARE(folderShown(dialog, 2), m_dir.filePath(u"Music"_s));

    // The column is drawn beside the name, with the folder in it.
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTableView *view = dialog.linksView();
    QCOMPARE(view->horizontalHeader()->visualIndex(AddLinksModel::FolderColumn), 1);
    QVERIFY(view->columnWidth(AddLinksModel::FolderColumn) > 60);
    const QRect cell = view->visualRect(dialog.linksModel()->index(0, AddLinksModel::FolderColumn));
    const QImage image = view->viewport()->grab(cell).toImage();
    const QRgb background = image.pixel(image.width() - 2, image.height() / 2);
    bool drawn = false;
    for (int x = 0; x < image.width() && !drawn; ++x) {
        for (int y = 0; y < image.height() && !drawn; ++y)
            drawn = image.pixel(x, y) != background;
    }
    QVERIFY2(drawn, "the folder cell is blank");
    if (const QByteArray shot = qgetenv("GATHER_SCREENSHOT"); !shot.isEmpty())
        dialog.grab().save(QString::fromLocal8Bit(shot));

    // A folder the person chose wins over the categories.
    const QString other = m_dir.filePath(u"other"_s);
    QLineEdit *edit = dialog.folderField()->lineEdit();
    edit->selectAll();
    QTest::keyClicks(edit, other);
    QCOMPARE(folderShown(dialog, 0), other);
    QCOMPARE(folderShown(dialog, 3), other + u"/isos"_s);
    entries = dialog.entries();
    QCOMPARE(entries[0].dir, other);
    QVERIFY(!entries[0].folderByCategory);
}

void TestUiAddFolders::noCategoriesShowTheChosenFolder()
{
    AddDialog dialog(links(), m_dir.path(), {}, nullptr);
    CategoryFolders off;  // the default
    dialog.setCategories(off, m_dir.path());
    QCOMPARE(folderShown(dialog, 0), m_dir.path());
    QCOMPARE(folderShown(dialog, 1), m_dir.path());
    QVERIFY(!dialog.entries()[0].folderByCategory);
    QCOMPARE(dialog.entries()[0].dir, m_dir.path());
}

void TestUiAddFolders::checksumFieldForOneLink()
{
    LoadedUrlList list;
    list.parsed.entries = {entry(u"https://example.org/one.iso"_s, 1)};
    AddDialog dialog(list, m_dir.path(), {}, nullptr);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    ChecksumField *field = dialog.checksumField();
    QVERIFY(field->isVisible());
    QVERIFY(dialog.okButton()->isEnabled());
    QVERIFY(!dialog.entries().first().checksum);

    QTest::keyClicks(field->edit(), u"sha-256=abc"_s);
    QVERIFY(!dialog.okButton()->isEnabled());
    auto *problem = field->findChild<QLabel *>(u"checksumProblem"_s);
    QVERIFY(problem->isVisible());
    QVERIFY2(problem->text().contains(u"64 hex digits"_s), qPrintable(problem->text()));

    field->edit()->clear();
    QTest::keyClicks(field->edit(), u"sha-1024=00"_s);
    QVERIFY(!dialog.okButton()->isEnabled());
    QVERIFY(problem->text().contains(u"unknown checksum algorithm"_s));

    const QByteArray digest = QCryptographicHash::hash("one", QCryptographicHash::Sha256);
    field->edit()->clear();
    QTest::keyClicks(field->edit(), u"SHA256:"_s + QString::fromLatin1(digest.toHex()));
    QVERIFY(dialog.okButton()->isEnabled());
    QVERIFY(!problem->isVisible());
    const QList<UrlEntry> entries = dialog.entries();
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().checksum, (ChecksumSpec{QCryptographicHash::Sha256, digest}));
}

void TestUiAddFolders::checksumFieldPrefilledAndHiddenForMany()
{
    LoadedUrlList one;
    one.parsed.entries = {entry(u"https://example.org/one.iso"_s, 1)};
    const QByteArray digest = QCryptographicHash::hash("x", QCryptographicHash::Md5);
    one.parsed.entries[0].checksum = ChecksumSpec{QCryptographicHash::Md5, digest};
    one.checksumsApplied = 1;
    AddDialog single(one, m_dir.path(), {}, nullptr);
    QCOMPARE(single.checksumField()->edit()->text(), u"md5="_s + QString::fromLatin1(digest.toHex()));
    QVERIFY(single.findChild<QLabel *>(u"checksumNote"_s)->text().contains(u"1 link gets its checksum"_s));
    // Cleared by the person: no checksum.
    single.checksumField()->edit()->clear();
    QVERIFY(!single.entries().first().checksum);

    AddDialog many(links(), m_dir.path(), {}, nullptr);
    many.show();
    QVERIFY(QTest::qWaitForWindowExposed(&many));
    QVERIFY(!many.checksumField()->isVisible());
    QVERIFY(many.findChild<QLabel *>(u"checksumNote"_s) == nullptr);
    // Down to one link: the field appears for it.
    many.linksModel()->removeRowsAt({1, 2, 3});
    QVERIFY(many.checksumField()->isVisible());
}

void TestUiAddFolders::settingsGroupReachesTheFileAndEngine()
{
    const QString ini = m_dir.filePath(u"gather.ini"_s);
    QSettings store(ini, QSettings::IniFormat);
    AppSettings settings(&store);
    QVERIFY(!settings.values().categories.enabled);  // off by default
    SettingsDialog dialog(&settings);
    dialog.resize(dialog.sizeHint());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    CategoryGroup *group = dialog.categoryGroup();
    QCOMPARE(dialog.findChild<QTabWidget *>(u"settingsPages"_s)->currentWidget()->objectName(), u"generalPage"_s);
    QVERIFY(group->isVisible());
    QVERIFY(!group->isChecked());
    QVERIFY(!group->folderEdit(FileCategory::Music)->isEnabled());
    QCOMPARE(group->folderEdit(FileCategory::Video)->placeholderText(), u"Video"_s);

    group->setChecked(true);
    QVERIFY(group->folderEdit(FileCategory::Music)->isEnabled());
    QTest::keyClicks(group->folderEdit(FileCategory::Music), u"Audio"_s);
    QVERIFY(dialog.buttons()->button(QDialogButtonBox::Apply)->isEnabled());
    if (const QByteArray shot = qgetenv("GATHER_SCREENSHOT_SETTINGS"); !shot.isEmpty())
        dialog.grab().save(QString::fromLocal8Bit(shot));
    dialog.accept();

    QVERIFY(settings.values().categories.enabled);
    QCOMPARE(settings.values().categories.folders[size_t(FileCategories::indexOf(FileCategory::Music))], u"Audio"_s);
    store.sync();
    QSettings file(ini, QSettings::IniFormat);
    QCOMPARE(file.value(u"categories/enabled"_s).toBool(), true);
    QCOMPARE(file.value(u"categories/music"_s).toString(), u"Audio"_s);
    QCOMPARE(file.value(u"categories/video"_s).toString(), QString());
    const DownloadSettings engine = settings.downloadSettings();
    QVERIFY(engine.categories.enabled);
    QCOMPARE(engine.categories.folderOf(FileCategory::Music, u"/d"_s), u"/d/Audio"_s);

    AppSettings reread(&file);
    QCOMPARE(reread.values().categories, settings.values().categories);
}

QTEST_MAIN(TestUiAddFolders)
#include "tst_ui_addfolders.moc"
