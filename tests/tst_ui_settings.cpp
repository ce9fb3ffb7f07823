// AppSettings through a real QSettings file (round trip, hand-edited garbage clamped) and the
// Settings dialog: edits reach the store and the engine's DownloadSettings, Restore Defaults,
// Cancel, Browse… with an injected chooser, a relative folder refused.
#include "appsettings.h"
#include "base/version.h"
#include "cookiesfilefield.h"
#include "folderfield.h"
#include "settingsdialog.h"
#include "speedlimitbutton.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeEdit>

namespace {

AppSettings::Values nonDefaults(const QString &folder)
{
    AppSettings::Values v;
    v.folder = folder;
    v.maxConcurrent = 17;
    v.maxPerHost = 3;
    v.split = 9;
    v.minSegmentSize = 48 * 1024 * 1024;
    v.connectTimeoutSeconds = 12;
    v.idleTimeoutSeconds = 95;
    v.retries = 0;
    v.overallLimitKiB = 2048;
    v.downloadLimitKiB = 300;
    v.existingFile = DownloadSettings::ExistingFile::Skip;
    v.addDialogOnDrop = false;
    v.closeAction = AppSettings::CloseAction::KeepInTray;
    v.notifyOnFinish = false;
    v.resumeOnStart = false;
    v.proxy.mode = ProxySettings::Mode::Manual;
    v.proxy.type = ProxySettings::Type::Socks5;
    v.proxy.host = QStringLiteral("proxy.example.test");
    v.proxy.port = 1081;
    v.proxy.user = QStringLiteral("me");
    v.proxy.password = QStringLiteral("p@ss:word");
    v.proxy.noProxy = {QStringLiteral("localhost"), QStringLiteral(".lan"), QStringLiteral("10.0.0.0/8")};
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
    if (name == u"split")
        return v.split;
    if (name == u"minSegmentSize")
        return v.minSegmentSize;
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
    if (name == u"resumeOnStart")
        return v.resumeOnStart;
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
    void dialogSplitAndPartSize();
    void dialogKeepsOddPartSize();
    void okSavesAndCloses();
    void cancelSavesNothing();
    void restoreDefaults();
    void browseUsesChooser();
    void relativeFolderRefused();
    void speedLimitButtonSetsAndFollows();
    void cookiesAndUserAgentRoundTrip();
    void dialogCookiesFileAndUserAgent();
    void dialogScheduleReachesTheEngine();

private:
    QString iniPath() const { return m_dir->filePath(QStringLiteral("gather.ini")); }
    void writeIni(const QByteArray &text);
    QSpinBox *spin(SettingsDialog &dialog, const char *name);
    QComboBox *combo(SettingsDialog &dialog, const char *name);
    // The dialog's pages are tabs: a person looks at the page before clicking in it.
    static void showPage(SettingsDialog &dialog, const char *name)
    {
        auto *pages = dialog.findChild<QTabWidget *>(QStringLiteral("settingsPages"));
        QVERIFY(pages);
        pages->setCurrentWidget(dialog.findChild<QWidget *>(QString::fromLatin1(name)));
        QVERIFY(pages->currentWidget()->objectName() == QLatin1StringView(name));
    }

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
    QVERIFY(settings.values().resumeOnStart);
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
    // The proxy password is in there: only the owner may read the file.
    QCOMPARE(QFile::permissions(iniPath()) & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
    QSettings store(iniPath(), QSettings::IniFormat);
    AppSettings settings(&store);
    QCOMPARE(settings.values(), wanted);
    // The file is readable by a person: enums as words.
    QCOMPARE(store.value(QStringLiteral("downloads/existingFile")).toString(), QStringLiteral("skip"));
    QCOMPARE(store.value(QStringLiteral("ui/closeAction")).toString(), QStringLiteral("tray"));
    QCOMPARE(store.value(QStringLiteral("downloads/split")).toInt(), 9);
    QCOMPARE(store.value(QStringLiteral("downloads/minSegmentSize")).toLongLong(), 48 * 1024 * 1024);
}

void TestUiSettings::handEditedValues_data()
{
    QTest::addColumn<QByteArray>("ini");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QVariant>("expected");
    const AppSettings::Values d = AppSettings::defaults();
    const QString home = QDir::homePath();
    // One key in one section of the file, and what the field reads back as.
    const auto row = [](const char *name, const char *group, const char *key, const char *value, const QVariant &want) {
        QTest::newRow(name) << (QByteArray("[") + group + "]\n" + key + '=' + value + '\n') << QString::fromLatin1(key)
                            << want;
    };
    using Existing = DownloadSettings::ExistingFile;

    row("max concurrent not a number", "downloads", "maxConcurrent", "banana", d.maxConcurrent);
    row("max concurrent too high", "downloads", "maxConcurrent", "100000", AppSettings::kMaxConcurrentLimit);
    row("max concurrent negative", "downloads", "maxConcurrent", "-3", 1);
    row("max concurrent huge", "downloads", "maxConcurrent", "99999999999999999999999", d.maxConcurrent);
    row("max concurrent with spaces", "downloads", "maxConcurrent", " 12 ", 12);
    row("per host too high", "downloads", "maxPerHost", "99", DownloadSettings::kMaxPerHostLimit);
    row("split zero", "downloads", "split", "0", 1);
    row("split too many", "downloads", "split", "500", DownloadSettings::kMaxSplit);
    row("split not a number", "downloads", "split", "lots", d.split);
    row("split in range", "downloads", "split", "16", 16);
    row("part below floor", "downloads", "minSegmentSize", "4096", DownloadSettings::kMinSegmentSizeFloor);
    row("part negative", "downloads", "minSegmentSize", "-1", DownloadSettings::kMinSegmentSizeFloor);
    row("part above 1 GiB", "downloads", "minSegmentSize", "10000000000", AppSettings::kMaxMinSegmentSize);
    row("part with unit", "downloads", "minSegmentSize", "8MiB", d.minSegmentSize);
    row("part not whole MiB", "downloads", "minSegmentSize", "3000000", qint64(3'000'000));
    row("connect timeout zero", "downloads", "connectTimeoutSeconds", "0", 1);
    row("idle timeout a day", "downloads", "idleTimeoutSeconds", "86400", AppSettings::kMaxTimeoutSeconds);
    row("retries too many", "downloads", "retries", "999", AppSettings::kMaxRetries);
    row("retries fractional", "downloads", "retries", "2.5", d.retries);
    row("existing file unknown", "downloads", "existingFile", "explode", int(Existing::Rename));
    row("existing file upper case", "downloads", "existingFile", "OVERWRITE", int(Existing::Overwrite));
    row("existing file as number", "downloads", "existingFile", "2", int(Existing::Rename));
    row("folder relative", "downloads", "folder", "some/where", d.folder);
    row("folder empty", "downloads", "folder", "", d.folder);
    row("folder tilde", "downloads", "folder", "~/Fetched", QString(home + QStringLiteral("/Fetched")));
    row("folder unclean", "downloads", "folder", "/tmp//a/../b/", QStringLiteral("/tmp/b"));
    row("drop dialog garbage", "ui", "addDialogOnDrop", "maybe", true);
    row("drop dialog off", "ui", "addDialogOnDrop", "false", false);
    row("drop dialog zero", "ui", "addDialogOnDrop", "0", false);
    row("close action tray", "ui", "closeAction", "tray", int(AppSettings::CloseAction::KeepInTray));
    row("close action number", "ui", "closeAction", "42", int(AppSettings::CloseAction::Ask));
    row("notify off", "ui", "notifyOnFinish", "off", false);
    row("notify list", "ui", "notifyOnFinish", "a, b", true);
    row("resume on start off", "downloads", "resumeOnStart", "false", false);
    row("resume on start garbage", "downloads", "resumeOnStart", "perhaps", true);
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
    base.headers = {{QByteArrayLiteral("X-Kept"), QByteArrayLiteral("1")}};
    base.maxRedirects = 3;
    base.userAgent = QByteArrayLiteral("Custom/1");  // the setting decides: empty is the default
    const DownloadSettings engine = settings.downloadSettings(base);
    QCOMPARE(engine.headers, base.headers);
    QCOMPARE(engine.userAgent, Version::userAgent());
    QCOMPARE(engine.maxRedirects, 3);
    QCOMPARE(engine.folder, QStringLiteral("/srv/files"));
    QCOMPARE(engine.maxConcurrent, 17);
    QCOMPARE(engine.maxPerHost, 3);
    QCOMPARE(engine.split, 9);
    QCOMPARE(engine.minSegmentSize, 48 * 1024 * 1024);
    QCOMPARE(engine.connectTimeoutMs, 12'000);
    QCOMPARE(engine.idleTimeoutMs, 95'000);
    QCOMPARE(engine.retries, 0);
    QCOMPARE(engine.maxOverallBytesPerSecond, 2048 * 1024);
    QCOMPARE(engine.maxBytesPerSecond, 300 * 1024);
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
    QVERIFY(!dialog.findChild<QCheckBox *>(QStringLiteral("resumeOnStart"))->isChecked());
    QVERIFY(!dialog.buttons()->button(QDialogButtonBox::Apply)->isEnabled());
    // The dialog offers exactly the ranges the loader clamps to.
    QCOMPARE(spin(dialog, "maxConcurrent")->maximum(), AppSettings::kMaxConcurrentLimit);
    QCOMPARE(spin(dialog, "maxPerHost")->maximum(), DownloadSettings::kMaxPerHostLimit);
    QCOMPARE(spin(dialog, "retries")->minimum(), 0);
    QCOMPARE(spin(dialog, "retries")->maximum(), AppSettings::kMaxRetries);
    QCOMPARE(spin(dialog, "split")->value(), 9);
    QCOMPARE(spin(dialog, "split")->minimum(), 1);
    QCOMPARE(spin(dialog, "split")->maximum(), DownloadSettings::kMaxSplit);
    QCOMPARE(spin(dialog, "minSegmentSize")->value(), 48);
    QCOMPARE(spin(dialog, "minSegmentSize")->minimum(), 1);
    QCOMPARE(spin(dialog, "minSegmentSize")->maximum(), 1024);
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
    QCOMPARE(spin(dialog, "overallLimit")->text(), QStringLiteral("Unlimited"));
    spin(dialog, "overallLimit")->setValue(1536);
    spin(dialog, "downloadLimit")->setValue(512);
    combo(dialog, "existingFile")->setCurrentIndex(1);
    combo(dialog, "dropAction")->setCurrentIndex(1);
    combo(dialog, "closeAction")->setCurrentIndex(2);
    dialog.findChild<QCheckBox *>(QStringLiteral("notifyOnFinish"))->setChecked(false);
    dialog.findChild<QCheckBox *>(QStringLiteral("resumeOnStart"))->setChecked(false);

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
    QVERIFY(!v.resumeOnStart);
    const DownloadSettings engine = settings.downloadSettings();
    QCOMPARE(engine.folder, folder);
    QCOMPARE(engine.maxConcurrent, 40);
    QCOMPARE(engine.maxPerHost, 2);
    QCOMPARE(engine.connectTimeoutMs, 7000);
    QCOMPARE(engine.idleTimeoutMs, 120'000);
    QCOMPARE(engine.retries, 11);
    QCOMPARE(engine.maxOverallBytesPerSecond, 1536 * 1024);
    QCOMPARE(engine.maxBytesPerSecond, 512 * 1024);

    // On disk, for the next start.
    QSettings reread(iniPath(), QSettings::IniFormat);
    AppSettings again(&reread);
    QCOMPARE(again.values(), v);
}

void TestUiSettings::dialogSplitAndPartSize()
{
    QSettings store(iniPath(), QSettings::IniFormat);
    AppSettings settings(&store);
    SettingsDialog dialog(&settings);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSpinBox *split = spin(dialog, "split");
    QSpinBox *part = spin(dialog, "minSegmentSize");
    QCOMPARE(split->value(), DownloadSettings{}.split);
    QCOMPARE(part->value(), int(DownloadSettings{}.minSegmentSize / (1024 * 1024)));
    QVERIFY(!split->toolTip().isEmpty());

    // Typed, as a person would: the spin boxes take their own range.
    split->selectAll();
    QTest::keyClicks(split, QStringLiteral("12"));
    part->selectAll();
    QTest::keyClicks(part, QStringLiteral("64"));
    QPushButton *apply = dialog.buttons()->button(QDialogButtonBox::Apply);
    QVERIFY(apply->isEnabled());
    QTest::mouseClick(apply, Qt::LeftButton);
    QCOMPARE(settings.downloadSettings().split, 12);
    QCOMPARE(settings.downloadSettings().minSegmentSize, 64 * 1024 * 1024);
    QCOMPARE(store.value(QStringLiteral("downloads/minSegmentSize")).toLongLong(), 64 * 1024 * 1024);

    split->setValue(1000);
    QCOMPARE(split->value(), DownloadSettings::kMaxSplit);
    part->setValue(0);
    QCOMPARE(part->value(), 1);
    QCOMPARE(dialog.values().minSegmentSize, DownloadSettings::kMinSegmentSizeFloor);

    // One connection per file has no parts: the part size is greyed out.
    QVERIFY(part->isEnabled());
    split->setValue(1);
    QVERIFY(!part->isEnabled());
    split->setValue(2);
    QVERIFY(part->isEnabled());
}

void TestUiSettings::dialogKeepsOddPartSize()
{
    // A hand-edited size that is not whole MiB is shown rounded but saved unchanged unless edited.
    writeIni("[downloads]\nminSegmentSize=3000000\nsplit=1\n");
    QSettings store(iniPath(), QSettings::IniFormat);
    AppSettings settings(&store);
    SettingsDialog dialog(&settings);
    QCOMPARE(spin(dialog, "minSegmentSize")->value(), 3);
    QVERIFY(!spin(dialog, "minSegmentSize")->isEnabled());
    QCOMPARE(dialog.values(), settings.values());
    QVERIFY(!dialog.buttons()->button(QDialogButtonBox::Apply)->isEnabled());
    spin(dialog, "minSegmentSize")->setValue(5);
    QCOMPARE(dialog.values().minSegmentSize, 5 * 1024 * 1024);
    spin(dialog, "minSegmentSize")->setValue(3);
    QCOMPARE(dialog.values().minSegmentSize, 3'000'000);
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


// The status bar's limit menu: a preset goes to the settings (and the engine's values), the button
// says it; a limit set in the Settings dialog shows as Custom with its value; a cancelled custom
// entry changes nothing.
void TestUiSettings::speedLimitButtonSetsAndFollows()
{
    QSettings store(iniPath(), QSettings::IniFormat);
    AppSettings settings(&store);
    SpeedLimitButton button(&settings);
    QCOMPARE(button.text(), QStringLiteral("No limit"));
    QVERIFY(button.actionFor(0)->isChecked());

    button.actionFor(2048)->trigger();
    QCOMPARE(settings.values().overallLimitKiB, 2048);
    QCOMPARE(settings.downloadSettings().maxOverallBytesPerSecond, 2048 * 1024);
    QCOMPARE(button.text(), QStringLiteral("Limit 2.0 MiB/s"));
    QVERIFY(button.actionFor(2048)->isChecked());

    AppSettings::Values values = settings.values();
    values.overallLimitKiB = 3000;
    settings.setValues(values);
    QVERIFY(button.actionFor(-1)->isChecked());
    QVERIFY2(button.actionFor(-1)->text().startsWith(QStringLiteral("Custom (")), qPrintable(button.actionFor(-1)->text()));

    int offered = -2;
    button.setCustomAsker([&](QWidget *, int current) {
        offered = current;
        return -1;  // cancelled
    });
    button.actionFor(-1)->trigger();
    QCOMPARE(offered, 3000);
    QCOMPARE(settings.values().overallLimitKiB, 3000);
    button.setCustomAsker([](QWidget *, int) { return 700; });
    button.actionFor(-1)->trigger();
    QCOMPARE(settings.values().overallLimitKiB, 700);
    button.actionFor(0)->trigger();
    QCOMPARE(settings.values().overallLimitKiB, 0);
    QCOMPARE(button.text(), QStringLiteral("No limit"));
}

// The Requests group: both values stored under network/, the file's cookies reach the engine's
// settings, and an empty user agent is the default whatever the engine ran with before.
void TestUiSettings::cookiesAndUserAgentRoundTrip()
{
    const QString cookies = m_dir->filePath(QStringLiteral("cookies.txt"));
    {
        QFile file(cookies);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("# Netscape HTTP Cookie File\nexample.com\tFALSE\t/\tFALSE\t0\tsid\tabc\n");
    }
    AppSettings::Values wanted = AppSettings::defaults();
    wanted.cookiesFile = cookies;
    wanted.userAgent = QStringLiteral("Agent/2 (test)");
    {
        QSettings store(iniPath(), QSettings::IniFormat);
        AppSettings settings(&store);
        settings.setValues(wanted);
    }
    QSettings store(iniPath(), QSettings::IniFormat);
    AppSettings settings(&store);
    QCOMPARE(settings.values(), wanted);
    QCOMPARE(store.value(QStringLiteral("network/cookiesFile")).toString(), cookies);
    QCOMPARE(store.value(QStringLiteral("network/userAgent")).toString(), QStringLiteral("Agent/2 (test)"));
    const DownloadSettings engine = settings.downloadSettings();
    QCOMPARE(engine.userAgent, QByteArrayLiteral("Agent/2 (test)"));
    QCOMPARE(engine.cookiesFile, cookies);
    QCOMPARE(engine.cookies.size(), 1);
    QCOMPARE(engine.cookies.first().name(), QByteArrayLiteral("sid"));

    wanted.cookiesFile.clear();
    wanted.userAgent = QStringLiteral("  ");
    settings.setValues(wanted);
    const DownloadSettings cleared = settings.downloadSettings(engine);
    QCOMPARE(cleared.userAgent, Version::userAgent());
    QVERIFY(cleared.cookies.isEmpty());

    // A hand-edited agent that could break the header is dropped for the default.
    writeIni("[network]\nuserAgent=\"bad\\tagent\"\n");
    QSettings edited(iniPath(), QSettings::IniFormat);
    QCOMPARE(AppSettings(&edited).values().userAgent, QString());
}

void TestUiSettings::dialogCookiesFileAndUserAgent()
{
    const QString good = m_dir->filePath(QStringLiteral("good.txt"));
    const QString junk = m_dir->filePath(QStringLiteral("junk.txt"));
    for (const auto &[path, text] : {std::pair{good, QByteArray("#HttpOnly_.example.com\tTRUE\t/\tTRUE\t0\ta\t1\nbroken line\n")},
                                     std::pair{junk, QByteArray("<html>\n")}}) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text);
    }
    QSettings store(iniPath(), QSettings::IniFormat);
    AppSettings settings(&store);
    SettingsDialog dialog(&settings);
    dialog.show();
    showPage(dialog, "networkPage");
    auto *userAgent = dialog.findChild<QLineEdit *>(QStringLiteral("userAgent"));
    QVERIFY(userAgent);
    QCOMPARE(userAgent->placeholderText(), QString::fromLatin1(Version::userAgent()));
    auto *status = dialog.findChild<QLabel *>(QStringLiteral("cookiesStatus"));
    QVERIFY(status);

    // A file that holds nothing usable is named with the reason and not saved.
    dialog.cookiesField()->setChooser([&](QWidget *, const QString &) { return junk; });
    QTest::mouseClick(dialog.cookiesField()->browseButton(), Qt::LeftButton);
    QVERIFY(status->isVisible());
    QVERIFY2(status->text().contains(QStringLiteral("no usable cookie")), qPrintable(status->text()));
    dialog.accept();
    QVERIFY(dialog.isVisible());
    QCOMPARE(settings.values().cookiesFile, QString());

    // A missing file too, typed rather than chosen; Apply from another page shows the field's page.
    dialog.cookiesField()->setPath(m_dir->filePath(QStringLiteral("missing.txt")));
    showPage(dialog, "generalPage");
    dialog.apply();
    QCOMPARE(dialog.findChild<QTabWidget *>(QStringLiteral("settingsPages"))->currentWidget()->objectName(),
             QStringLiteral("networkPage"));
    QVERIFY2(status->text().contains(QStringLiteral("does not exist")), qPrintable(status->text()));
    QCOMPARE(settings.values().cookiesFile, QString());

    dialog.cookiesField()->setChooser([&](QWidget *, const QString &) { return good; });
    QTest::mouseClick(dialog.cookiesField()->browseButton(), Qt::LeftButton);
    QVERIFY2(status->text().contains(QStringLiteral("1 cookie")) && status->text().contains(QStringLiteral("line 2")),
             qPrintable(status->text()));
    userAgent->setText(QStringLiteral("Agent/3"));
    QVERIFY(dialog.buttons()->button(QDialogButtonBox::Apply)->isEnabled());
    dialog.accept();
    QVERIFY(!dialog.isVisible());
    QCOMPARE(settings.values().cookiesFile, good);
    QCOMPARE(settings.values().userAgent, QStringLiteral("Agent/3"));
    QCOMPARE(settings.downloadSettings().cookies.size(), 1);

    SettingsDialog again(&settings);
    QCOMPARE(again.cookiesField()->path(), good);
    QCOMPARE(again.findChild<QLineEdit *>(QStringLiteral("userAgent"))->text(), QStringLiteral("Agent/3"));
}

// The two clock rows: checked on with times and a limit, they reach the file as words a person
// can read and the engine as windows; a window spelt wrongly in the file is no window.
void TestUiSettings::dialogScheduleReachesTheEngine()
{
    QSettings store(iniPath(), QSettings::IniFormat);
    AppSettings settings(&store);
    SettingsDialog dialog(&settings);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QPushButton *apply = dialog.buttons()->button(QDialogButtonBox::Apply);
    showPage(dialog, "connectionsPage");
    auto *startOn = dialog.findChild<QCheckBox *>(QStringLiteral("startWindowOn"));
    auto *startFrom = dialog.findChild<QTimeEdit *>(QStringLiteral("startFrom"));
    auto *slowOn = dialog.findChild<QCheckBox *>(QStringLiteral("slowWindowOn"));
    QVERIFY(startOn && startFrom && slowOn);
    QVERIFY(!startOn->isChecked() && !startFrom->isEnabled());
    QTest::mouseClick(startOn, Qt::LeftButton, {}, QPoint(4, startOn->height() / 2));
    QVERIFY(startOn->isChecked() && startFrom->isEnabled());
    startFrom->setTime(QTime(23, 30));
    slowOn->setChecked(true);
    dialog.findChild<QTimeEdit *>(QStringLiteral("slowFrom"))->setTime(QTime(8, 0));
    dialog.findChild<QTimeEdit *>(QStringLiteral("slowTo"))->setTime(QTime(17, 0));
    spin(dialog, "slowLimit")->setValue(300);
    QVERIFY(apply->isEnabled());
    QTest::mouseClick(apply, Qt::LeftButton);

    const DownloadSettings engine = settings.downloadSettings();
    QCOMPARE(engine.startWindow.toString(), QStringLiteral("23:30-06:00"));
    QCOMPARE(engine.slowWindow.toString(), QStringLiteral("08:00-17:00"));
    QCOMPARE(engine.slowOverallBytesPerSecond, 300 * 1024);
    QCOMPARE(store.value(QStringLiteral("schedule/startWindow")).toString(), QStringLiteral("23:30-06:00"));
    QSettings reread(iniPath(), QSettings::IniFormat);
    AppSettings again(&reread);
    QCOMPARE(again.values(), settings.values());

    // Unchecked: no window, and the times stay offered for next time.
    startOn->setChecked(false);
    QTest::mouseClick(apply, Qt::LeftButton);
    QVERIFY(!settings.downloadSettings().startWindow.isSet());
    QCOMPARE(startFrom->time(), QTime(23, 30));
    writeIni("[schedule]\nstartWindow=25:00-6\n");
    QSettings garbled(iniPath(), QSettings::IniFormat);
    QVERIFY(!AppSettings(&garbled).values().startWindow.isSet());
}

QTEST_MAIN(TestUiSettings)
#include "tst_ui_settings.moc"
