// The Settings dialog's Remote page and its values in a real QSettings file: off by default;
// turning it on makes a secret (kept in the private settings file), New replaces it and Copy puts
// it on the clipboard; the warning shows only when listening beyond loopback; a restriction to a
// folder that is not absolute cannot be saved; hand-edited values are clamped when read.
#include "appsettings.h"
#include "folderfield.h"
#include "remotegroup.h"
#include "settingsdialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

class TestUiRemoteSettings final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void offByDefault();
    void turningOnMakesAKeptSecret();
    void newAndCopy();
    void warningOnlyBeyondLoopback();
    void folderRestrictionMustBeAbsolute();
    void handEditedValuesClamped();

private:
    QString iniPath() const { return m_dir->filePath(QStringLiteral("gather.ini")); }
    template<typename T>
    static T *child(SettingsDialog &dialog, const char *name)
    {
        return dialog.findChild<T *>(QString::fromLatin1(name));
    }
    static void showRemotePage(SettingsDialog &dialog)
    {
        auto *pages = dialog.findChild<QTabWidget *>(QStringLiteral("settingsPages"));
        QVERIFY(pages);
        pages->setCurrentWidget(dialog.findChild<QWidget *>(QStringLiteral("remotePage")));
        QCOMPARE(pages->currentWidget()->objectName(), QStringLiteral("remotePage"));
    }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestUiRemoteSettings::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestUiRemoteSettings::offByDefault()
{
    QSettings store(iniPath(), QSettings::IniFormat);
    AppSettings settings(&store);
    const RemoteAccess remote = settings.values().remote;
    QVERIFY(!remote.enabled);
    QCOMPARE(remote.port, 6800);
    QVERIFY(!remote.allInterfaces);
    QVERIFY(remote.secret.isEmpty());
    SettingsDialog dialog(&settings);
    dialog.show();
    showRemotePage(dialog);
    QVERIFY(!child<QCheckBox>(dialog, "remoteEnabled")->isChecked());
    QVERIFY(!child<QSpinBox>(dialog, "remotePort")->isEnabled());
    QVERIFY(!child<QLineEdit>(dialog, "remoteSecret")->isEnabled());
    QVERIFY(!child<QLabel>(dialog, "remoteWarning")->isVisible());
}

void TestUiRemoteSettings::turningOnMakesAKeptSecret()
{
    QSettings store(iniPath(), QSettings::IniFormat);
    AppSettings settings(&store);
    SettingsDialog dialog(&settings);
    dialog.show();
    showRemotePage(dialog);
    QTest::mouseClick(child<QCheckBox>(dialog, "remoteEnabled"), Qt::LeftButton, {}, QPoint(5, 5));
    auto *secret = child<QLineEdit>(dialog, "remoteSecret");
    QVERIFY(secret->isEnabled());
    QVERIFY(secret->isReadOnly());
    QVERIFY2(QRegularExpression(QStringLiteral("^[A-Za-z0-9_-]{32}$")).match(secret->text()).hasMatch(),
             qPrintable(secret->text()));
    child<QSpinBox>(dialog, "remotePort")->setValue(16800);
    QVERIFY(dialog.buttons()->button(QDialogButtonBox::Apply)->isEnabled());
    dialog.apply();

    QCOMPARE(settings.values().remote.secret, secret->text());
    QSettings reread(iniPath(), QSettings::IniFormat);
    QCOMPARE(reread.value(QStringLiteral("remote/enabled")).toBool(), true);
    QCOMPARE(reread.value(QStringLiteral("remote/port")).toInt(), 16800);
    QCOMPARE(reread.value(QStringLiteral("remote/secret")).toString(), secret->text());
    // The secret sits in the settings file: only its owner may read it.
    QCOMPARE(QFile::permissions(iniPath()) & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
             QFileDevice::Permissions());
}

void TestUiRemoteSettings::newAndCopy()
{
    QSettings store(iniPath(), QSettings::IniFormat);
    AppSettings settings(&store);
    AppSettings::Values values = settings.values();
    values.remote.enabled = true;
    values.remote.secret = QStringLiteral("old-secret");
    settings.setValues(values);
    SettingsDialog dialog(&settings);
    dialog.show();
    showRemotePage(dialog);
    auto *secret = child<QLineEdit>(dialog, "remoteSecret");
    QCOMPARE(secret->text(), QStringLiteral("old-secret"));
    QTest::mouseClick(child<QPushButton>(dialog, "remoteNewSecret"), Qt::LeftButton);
    QVERIFY(secret->text() != QStringLiteral("old-secret"));
    QCOMPARE(secret->text().size(), 32);
    QCOMPARE(settings.values().remote.secret, QStringLiteral("old-secret"));  // not before OK/Apply
    QTest::mouseClick(child<QPushButton>(dialog, "remoteCopySecret"), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), secret->text());
    dialog.accept();
    QCOMPARE(settings.values().remote.secret, secret->text());
}

void TestUiRemoteSettings::warningOnlyBeyondLoopback()
{
    QSettings store(iniPath(), QSettings::IniFormat);
    AppSettings settings(&store);
    SettingsDialog dialog(&settings);
    dialog.show();
    showRemotePage(dialog);
    auto *warning = child<QLabel>(dialog, "remoteWarning");
    auto *endpoint = child<QLabel>(dialog, "remoteEndpoint");
    child<QCheckBox>(dialog, "remoteEnabled")->setChecked(true);
    QVERIFY(!warning->isVisible());
    QCOMPARE(endpoint->text(), QStringLiteral("http://127.0.0.1:6800/jsonrpc  ·  ws://127.0.0.1:6800/jsonrpc"));
    child<QCheckBox>(dialog, "remoteAllInterfaces")->setChecked(true);
    QVERIFY(warning->isVisible());
    QVERIFY(!endpoint->text().contains(QStringLiteral("127.0.0.1")));
    dialog.remoteGroup()->setStatus(QStringLiteral("Cannot listen on 0.0.0.0:6800: in use"), true);
    QCOMPARE(child<QLabel>(dialog, "remoteStatus")->text(), QStringLiteral("Cannot listen on 0.0.0.0:6800: in use"));
    child<QCheckBox>(dialog, "remoteAllInterfaces")->setChecked(false);
    QVERIFY(!warning->isVisible());
}

void TestUiRemoteSettings::folderRestrictionMustBeAbsolute()
{
    QSettings store(iniPath(), QSettings::IniFormat);
    AppSettings settings(&store);
    SettingsDialog dialog(&settings);
    dialog.show();
    showRemotePage(dialog);
    child<QCheckBox>(dialog, "remoteEnabled")->setChecked(true);
    child<QCheckBox>(dialog, "remoteRestrictFolder")->setChecked(true);
    dialog.remoteGroup()->folderField()->setFolder(QStringLiteral("not/absolute"));
    QVERIFY(!dialog.buttons()->button(QDialogButtonBox::Ok)->isEnabled());
    dialog.accept();
    QVERIFY(dialog.isVisible());
    QVERIFY(!settings.values().remote.enabled);
    dialog.remoteGroup()->folderField()->setFolder(m_dir->path());
    QVERIFY(dialog.buttons()->button(QDialogButtonBox::Ok)->isEnabled());
    dialog.accept();
    QCOMPARE(settings.values().remote.allowedFolder, m_dir->path());
}

void TestUiRemoteSettings::handEditedValuesClamped()
{
    QFile file(iniPath());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[remote]\nenabled=true\nport=80\nsecret=has space\nallowedOrigins=http://a.example:1/ http://a.example:1 moz-x\n"
               "allowedFolder=relative/dir\n");
    file.close();
    QSettings store(iniPath(), QSettings::IniFormat);
    AppSettings settings(&store);
    const RemoteAccess remote = settings.values().remote;
    QCOMPARE(remote.port, AppSettings::kMinRemotePort);
    QVERIFY(remote.secret.isEmpty());  // the window makes a new one before it listens
    QCOMPARE(remote.allowedOrigins, (QStringList{QStringLiteral("http://a.example:1"), QStringLiteral("moz-x")}));
    // Kept as typed, never silently "anywhere": the window refuses to listen with it.
    QCOMPARE(remote.allowedFolder, QStringLiteral("relative/dir"));
}

QTEST_MAIN(TestUiRemoteSettings)
#include "tst_ui_remotesettings.moc"
