// AppSettings through a real QSettings file (round trip, hand-edited garbage clamped) and the
// Settings dialog: edits reach the store and the engine's DownloadSettings, Restore Defaults,
// Cancel, Browse… with an injected chooser, a relative folder refused.
#include "appsettings.h"
#include "folderfield.h"
#include "settingsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

AppSettings::Values nonDefaults(const QString &folder)
{
    AppSettings::Values v;
    v.folder = folder;
    v.maxConcurrent = 17;
    v.maxPerHost = 3;
    v.connectTimeoutSeconds = 12;
    v.idleTimeoutSeconds = 95;
    v.retries = 0;
    v.existingFile = DownloadSettings::ExistingFile::Skip;
    v.addDialogOnDrop = false;
    v.closeAction = AppSettings::CloseAction::KeepInTray;
    v.notifyOnFinish = false;
    return v;
}

QVariant field(const AppSettings::Values &v, const QString &name)
{
    if (name == u"folder")
        return v.folder;
    if (name == u"maxConcurrent")
        return v.maxConcurrent;
    if (name == u"maxPerHost")
        return v.maxPerHost;
    if (name == u"connectTimeoutSeconds")
        return v.connectTimeoutSeconds;
    if (name == u"idleTimeoutSeconds")
        return v.idleTimeoutSeconds;
    if (name == u"retries")
        return v.retries;
    if (name == u"existingFile")
        return int(v.existingFile);
    if (name == u"addDialogOnDrop")
        return v.addDialogOnDrop;
    if (name == u"closeAction")
        return int(v.closeAction);
    if (name == u"notifyOnFinish")
        return v.notifyOnFinish;
    return {};
}

} // namespace

class TestUiSettings final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();

    void defaultsWhenEmpty();
    void roundTrip();
    void handEditedValues_data();
    void handEditedValues();
    void binaryGarbageGivesDefaults();
    void downloadSettingsKeepOtherFields();
    void reloadNoticesChanges();
    void dialogShowsStoredValues();
    void dialogEditsSaveOnApply();
    void okSavesAndCloses();
    void cancelSavesNothing();
    void restoreDefaults();
    void browseUsesChooser();
    void relativeFolderRefused();

private:
    QString iniPath() const { return m_dir->filePath(QStringLiteral("gather.ini")); }
    void writeIni(const QByteArray &text);
    QSpinBox *spin(SettingsDialog &dialog, const char *name);
    QComboBox *combo(SettingsDialog &dialog, const char *name);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestUiSettings::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestUiSettings::writeIni(const QByteArray &text)
{
    QFile file(iniPath());
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text);
}

QSpinBox *TestUiSettings::spin(SettingsDialog &dialog, const char *name)
{
    return dialog.findChild<QSpinBox *>(QString::fromLatin1(name));
}

QComboBox *TestUiSettings::combo(SettingsDialog &dialog, const char *name)
{
    return dialog.findChild<QComboBox *>(QString::fromLatin1(name));
}

void TestUiSettings::defaultsWhenEmpty()
{
    QSettings store(iniPath(), QSettings::IniFormat);
    AppSettings settings(&store);
    QCOMPARE(settings.values(), AppSettings::defaults());
    QCOMPARE(settings.values().folder,
             QDir::cleanPath(QStandardPaths::writableLocation(QStandardPaths::DownloadLocation)));
    QVERIFY(settings.values().addDialogOnDrop);
    QCOMPARE(settings.values().closeAction, AppSettings::CloseAction::Ask);
    QVERIFY(settings.values().notifyOnFinish);
    const DownloadSettings engine = settings.downloadSettings();
    QCOMPARE(engine.maxConcurrent, DownloadSettings{}.maxConcurrent);
    QCOMPARE(engine.connectTimeoutMs, DownloadSettings{}.connectTimeoutMs);
}

void TestUiSettings::roundTrip()
{
    const AppSettings::Values wanted = nonDefaults(m_dir->filePath(QStringLiteral("downloads")));
    {
        QSettings store(iniPath(), QSettings::IniFormat);
        AppSettings settings(&store);
        QSignalSpy changed(&settings, &AppSettings::changed);
        settings.setValues(wanted);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(settings.values(), wanted);
    }
    QSettings store(iniPath(), QSettings::IniFormat);
    AppSettings settings(&store);
    QCOMPARE(settings.values(), wanted);
    // The file is readable by a person: enums as words.
    QCOMPARE(store.value(QStringLiteral("downloads/existingFile")).toString(), QStringLiteral("skip"));
    QCOMPARE(store.value(QStringLiteral("ui/closeAction")).toString(), QStringLiteral("tray"));
}

void TestUiSettings::handEditedValues_data()
{
    QTest::addColumn<QByteArray>("ini");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QVariant>("expected");
    const AppSettings::Values d = AppSettings::defaults();
    const QString home = QDir::homePath();

    QTest::newRow("max concurrent not a number") << QByteArray("[downloads]\nmaxConcurrent=banana\n")
                                                 << "maxConcurrent" << QVariant(d.maxConcurrent);
    QTest::newRow("max concurrent too high") << QByteArray("[downloads]\nmaxConcurrent=100000\n") << "maxConcurrent"
                                             << QVariant(AppSettings::kMaxConcurrentLimit);
    QTest::newRow("max concurrent negative") << QByteArray("[downloads]\nmaxConcurrent=-3\n") << "maxConcurrent"
                                             << QVariant(1);
    QTest::newRow("max concurrent huge") << QByteArray("[downloads]\nmaxConcurrent=99999999999999999999999\n")
                                         << "maxConcurrent" << QVariant(d.maxConcurrent);
    QTest::newRow("max concurrent with spaces") << QByteArray("[downloads]\nmaxConcurrent= 12 \n") << "maxConcurrent"
                                                << QVariant(12);
    QTest::newRow("per host too high") << QByteArray("[downloads]\nmaxPerHost=99\n") << "maxPerHost"
                                       << QVariant(DownloadSettings::kMaxPerHostLimit);
    QTest::newRow("connect timeout zero") << QByteArray("[downloads]\nconnectTimeoutSeconds=0\n")
                                          << "connectTimeoutSeconds" << QVariant(1);
    QTest::newRow("idle timeout a day") << QByteArray("[downloads]\nidleTimeoutSeconds=86400\n") << "idleTimeoutSeconds"
                                        << QVariant(AppSettings::kMaxTimeoutSeconds);
    QTest::newRow("retries too many") << QByteArray("[downloads]\nretries=999\n") << "retries"
                                      << QVariant(AppSettings::kMaxRetries);
    QTest::newRow("retries fractional") << QByteArray("[downloads]\nretries=2.5\n") << "retries"
                                        << QVariant(d.retries);
    QTest::newRow("existing file unknown") << QByteArray("[downloads]\nexistingFile=explode\n") << "existingFile"
                                           << QVariant(int(DownloadSettings::ExistingFile::Rename));
    QTest::newRow("existing file upper case") << QByteArray("[downloads]\nexistingFile=OVERWRITE\n") << "existingFile"
                                              << QVariant(int(DownloadSettings::ExistingFile::Overwrite));
    QTest::newRow("existing file as number") << QByteArray("[downloads]\nexistingFile=2\n") << "existingFile"
                                             << QVariant(int(DownloadSettings::ExistingFile::Rename));
    QTest::newRow("folder relative") << QByteArray("[downloads]\nfolder=some/where\n") << "folder" << QVariant(d.folder);
    QTest::newRow("folder empty") << QByteArray("[downloads]\nfolder=\n") << "folder" << QVariant(d.folder);
    QTest::newRow("folder tilde") << QByteArray("[downloads]\nfolder=~/Fetched\n") << "folder"
                                  << QVariant(home + QStringLiteral("/Fetched"));
    QTest::newRow("folder unclean") << QByteArray("[downloads]\nfolder=/tmp//a/../b/\n") << "folder"
                                    << QVariant(QStringLiteral("/tmp/b"));
    QTest::newRow("drop dialog garbage") << QByteArray("[ui]\naddDialogOnDrop=maybe\n") << "addDialogOnDrop"
                                         << QVariant(true);
    QTest::newRow("drop dialog off") << QByteArray("[ui]\naddDialogOnDrop=false\n") << "addDialogOnDrop"
                                     << QVariant(false);
    QTest::newRow("drop dialog zero") << QByteArray("[ui]\naddDialogOnDrop=0\n") << "addDialogOnDrop" << QVariant(false);
    QTest::newRow("close action tray") << QByteArray("[ui]\ncloseAction=tray\n") << "closeAction"
                                       << QVariant(int(AppSettings::CloseAction::KeepInTray));
    QTest::newRow("close action number") << QByteArray("[ui]\ncloseAction=42\n") << "closeAction"
                                         << QVariant(int(AppSettings::CloseAction::Ask));
    QTest::newRow("notify off") << QByteArray("[ui]\nnotifyOnFinish=off\n") << "notifyOnFinish" << QVariant(false);
    QTest::newRow("notify list") << QByteArray("[ui]\nnotifyOnFinish=a, b\n") << "notifyOnFinish" << QVariant(true);
}

void TestUiSettings::handEditedValues()
{
    QFETCH(QByteArray, ini);
    QFETCH(QString, field);
    QFETCH(QVariant, expected);
    writeIni(ini);
    QSettings store(iniPath(), QSettings::IniFormat);
    AppSettings settings(&store);
    QCOMPARE(::field(settings.values(), field), expected);
    // Whatever the file held, the values are within what the engine and the dialog accept.
    QCOMPARE(settings.values(), AppSettings::clamped(settings.values()));
}

void TestUiSettings::binaryGarbageGivesDefaults()
{
    QByteArray junk;
    for (int i = 0; i < 4096; ++i)
        junk.append(char((i * 7919) % 256));
    writeIni(junk);
    QSettings store(iniPath(), QSettings::IniFormat);
    AppSettings settings(&store);
    QCOMPARE(settings.values(), AppSettings::defaults());
}

void TestUiSettings::downloadSettingsKeepOtherFields()
{
    QSettings store(iniPath(), QSettings::IniFormat);
    AppSettings settings(&store);
    settings.setValues(nonDefaults(QStringLiteral("/srv/files")));
    DownloadSettings base;
    base.userAgent = QByteArrayLiteral("Custom/1");
    base.maxRedirects = 3;
    const DownloadSettings engine = settings.downloadSettings(base);
    QCOMPARE(engine.userAgent, QByteArrayLiteral("Custom/1"));
    QCOMPARE(engine.maxRedirects, 3);
    QCOMPARE(engine.folder, QStringLiteral("/srv/files"));
    QCOMPARE(engine.maxConcurrent, 17);
    QCOMPARE(engine.maxPerHost, 3);
    QCOMPARE(engine.connectTimeoutMs, 12'000);
    QCOMPARE(engine.idleTimeoutMs, 95'000);
    QCOMPARE(engine.retries, 0);
    QCOMPARE(engine.existingFile, DownloadSettings::ExistingFile::Skip);
}

void TestUiSettings::reloadNoticesChanges()
{
    QSettings store(iniPath(), QSettings::IniFormat);
    AppSettings settings(&store);
    QSignalSpy changed(&settings, &AppSettings::changed);
    settings.reload();
    QCOMPARE(changed.count(), 0);
    {
        QSettings other(iniPath(), QSettings::IniFormat);
        other.setValue(QStringLiteral("downloads/retries"), 9);
    }
    settings.reload();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(settings.values().retries, 9);
}

void TestUiSettings::dialogShowsStoredValues()
{
    QSettings store(iniPath(), QSettings::IniFormat);
    AppSettings settings(&store);
    settings.setValues(nonDefaults(QStringLiteral("/srv/files")));
    SettingsDialog dialog(&settings);
    QCOMPARE(dialog.values(), settings.values());
    QCOMPARE(dialog.folderField()->lineEdit()->text(), QStringLiteral("/srv/files"));
    QCOMPARE(spin(dialog, "maxConcurrent")->value(), 17);
    QCOMPARE(spin(dialog, "idleTimeout")->value(), 95);
    QCOMPARE(combo(dialog, "dropAction")->currentIndex(), 1);
    QVERIFY(!dialog.findChild<QCheckBox *>(QStringLiteral("notifyOnFinish"))->isChecked());
    QVERIFY(!dialog.buttons()->button(QDialogButtonBox::Apply)->isEnabled());
    // The dialog offers exactly the ranges the loader clamps to.
    QCOMPARE(spin(dialog, "maxConcurrent")->maximum(), AppSettings::kMaxConcurrentLimit);
    QCOMPARE(spin(dialog, "maxPerHost")->maximum(), DownloadSettings::kMaxPerHostLimit);
    QCOMPARE(spin(dialog, "retries")->minimum(), 0);
    QCOMPARE(spin(dialog, "retries")->maximum(), AppSettings::kMaxRetries);
}

void TestUiSettings::dialogEditsSaveOnApply()
{
    QSettings store(iniPath(), QSettings::IniFormat);
    AppSettings settings(&store);
    SettingsDialog dialog(&settings);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy changed(&settings, &AppSettings::changed);
    QPushButton *apply = dialog.buttons()->button(QDialogButtonBox::Apply);

    const QString folder = m_dir->filePath(QStringLiteral("fetched"));
    dialog.folderField()->lineEdit()->selectAll();
    QTest::keyClicks(dialog.folderField()->lineEdit(), folder);
    QVERIFY(apply->isEnabled());
    spin(dialog, "maxConcurrent")->setValue(40);
    spin(dialog, "maxPerHost")->setValue(2);
    spin(dialog, "connectTimeout")->setValue(7);
    spin(dialog, "idleTimeout")->setValue(120);
    spin(dialog, "retries")->setValue(11);
    combo(dialog, "existingFile")->setCurrentIndex(1);
    combo(dialog, "dropAction")->setCurrentIndex(1);
    combo(dialog, "closeAction")->setCurrentIndex(2);
    dialog.findChild<QCheckBox *>(QStringLiteral("notifyOnFinish"))->setChecked(false);

    QTest::mouseClick(apply, Qt::LeftButton);
    QCOMPARE(changed.count(), 1);
    QVERIFY(!apply->isEnabled());
    QVERIFY(dialog.isVisible());

    const AppSettings::Values v = settings.values();
    QCOMPARE(v.folder, folder);
    QCOMPARE(v.existingFile, DownloadSettings::ExistingFile::Overwrite);
    QVERIFY(!v.addDialogOnDrop);
    QCOMPARE(v.closeAction, AppSettings::CloseAction::Quit);
    QVERIFY(!v.notifyOnFinish);
    const DownloadSettings engine = settings.downloadSettings();
    QCOMPARE(engine.folder, folder);
    QCOMPARE(engine.maxConcurrent, 40);
    QCOMPARE(engine.maxPerHost, 2);
    QCOMPARE(engine.connectTimeoutMs, 7000);
    QCOMPARE(engine.idleTimeoutMs, 120'000);
    QCOMPARE(engine.retries, 11);

    // On disk, for the next start.
    QSettings reread(iniPath(), QSettings::IniFormat);
    AppSettings again(&reread);
    QCOMPARE(again.values(), v);
}

void TestUiSettings::okSavesAndCloses()
{
    QSettings store(iniPath(), QSettings::IniFormat);
    AppSettings settings(&store);
    SettingsDialog dialog(&settings);
    dialog.show();
    QSignalSpy changed(&settings, &AppSettings::changed);
    spin(dialog, "retries")->setValue(13);
    QTest::mouseClick(dialog.buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.isVisible());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(settings.values().retries, 13);
}

void TestUiSettings::cancelSavesNothing()
{
    QSettings store(iniPath(), QSettings::IniFormat);
    AppSettings settings(&store);
    SettingsDialog dialog(&settings);
    dialog.show();
    QSignalSpy changed(&settings, &AppSettings::changed);
    spin(dialog, "retries")->setValue(13);
    QTest::mouseClick(dialog.buttons()->button(QDialogButtonBox::Cancel), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QCOMPARE(changed.count(), 0);
    QCOMPARE(settings.values().retries, AppSettings::defaults().retries);
    QVERIFY(!store.contains(QStringLiteral("downloads/retries")));
}

void TestUiSettings::restoreDefaults()
{
    QSettings store(iniPath(), QSettings::IniFormat);
    AppSettings settings(&store);
    settings.setValues(nonDefaults(QStringLiteral("/srv/files")));
    SettingsDialog dialog(&settings);
    dialog.show();
    QSignalSpy changed(&settings, &AppSettings::changed);
    QTest::mouseClick(dialog.buttons()->button(QDialogButtonBox::RestoreDefaults), Qt::LeftButton);
    QCOMPARE(dialog.values(), AppSettings::defaults());
    QCOMPARE(spin(dialog, "maxConcurrent")->value(), AppSettings::defaults().maxConcurrent);
    // Nothing is saved until Apply or OK.
    QCOMPARE(changed.count(), 0);
    QCOMPARE(settings.values(), nonDefaults(QStringLiteral("/srv/files")));
    QTest::mouseClick(dialog.buttons()->button(QDialogButtonBox::Apply), Qt::LeftButton);
    QCOMPARE(settings.values(), AppSettings::defaults());
}

void TestUiSettings::browseUsesChooser()
{
    QSettings store(iniPath(), QSettings::IniFormat);
    AppSettings settings(&store);
    SettingsDialog dialog(&settings);
    dialog.show();
    QString offered;
    const QString chosen = m_dir->filePath(QStringLiteral("picked"));
    dialog.folderField()->setChooser([&](QWidget *, const QString &current) {
        offered = current;
        return chosen;
    });
    QTest::mouseClick(dialog.folderField()->browseButton(), Qt::LeftButton);
    QCOMPARE(offered, AppSettings::defaults().folder);
    QCOMPARE(dialog.values().folder, chosen);

    // Cancelling the chooser keeps what was there.
    dialog.folderField()->setChooser([](QWidget *, const QString &) { return QString(); });
    QTest::mouseClick(dialog.folderField()->browseButton(), Qt::LeftButton);
    QCOMPARE(dialog.values().folder, chosen);
}

void TestUiSettings::relativeFolderRefused()
{
    QSettings store(iniPath(), QSettings::IniFormat);
    AppSettings settings(&store);
    SettingsDialog dialog(&settings);
    dialog.show();
    dialog.folderField()->setFolder(QStringLiteral("not/absolute"));
    QVERIFY(!dialog.buttons()->button(QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(!dialog.buttons()->button(QDialogButtonBox::Apply)->isEnabled());
    dialog.accept();
    QVERIFY(dialog.isVisible());
    QCOMPARE(settings.values().folder, AppSettings::defaults().folder);
    dialog.folderField()->setFolder(QStringLiteral("~/Elsewhere"));
    QVERIFY(dialog.buttons()->button(QDialogButtonBox::Ok)->isEnabled());
    dialog.accept();
    QCOMPARE(settings.values().folder, QDir::homePath() + QStringLiteral("/Elsewhere"));
}

QTEST_MAIN(TestUiSettings)
#include "tst_ui_settings.moc"
