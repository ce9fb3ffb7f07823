// EventLoopChoice: when Gather picks Qt's own event dispatcher (QT_NO_GLIB), that a value the
// person set is left alone, and that a program started for a file gets the person's environment.
#include "eventloopchoice.h"

#include <QDesktopServices>
#include <QObject>
#include <QTest>

class TestEventLoopChoice final : public QObject
{
    Q_OBJECT

public Q_SLOTS:
    // The stand-in for the desktop's handler: what a started program would inherit.
    void handle(const QUrl &url)
    {
        m_opened = url;
        m_variableSeen = qgetenv("QT_NO_GLIB");
        m_variableSetSeen = qEnvironmentVariableIsSet("QT_NO_GLIB");
    }

private Q_SLOTS:
    void gtkThemeExpected_data();
    void gtkThemeExpected();
    void applyLeavesThePersonsValueAlone();
    void startedProgramsGetThePersonsEnvironment();

private:
    QUrl m_opened;
    QByteArray m_variableSeen;
    bool m_variableSetSeen = false;
};

void TestEventLoopChoice::gtkThemeExpected_data()
{
    QTest::addColumn<QByteArray>("theme");
    QTest::addColumn<QByteArray>("desktop");
    QTest::addColumn<bool>("plugin");
    QTest::addColumn<bool>("expected");
    QTest::newRow("GNOME with the plugin") << QByteArray() << QByteArray("GNOME") << true << true;
    QTest::newRow("Ubuntu's ubuntu:GNOME") << QByteArray() << QByteArray("ubuntu:GNOME") << true << true;
    QTest::newRow("XFCE, lower case") << QByteArray() << QByteArray("xfce") << true << true;
    QTest::newRow("GNOME without the plugin") << QByteArray() << QByteArray("GNOME") << false << false;
    QTest::newRow("KDE") << QByteArray() << QByteArray("KDE") << true << false;
    QTest::newRow("no desktop (a server, a test)") << QByteArray() << QByteArray() << true << false;
    QTest::newRow("theme named gtk3") << QByteArray("gtk3") << QByteArray("KDE") << false << true;
    QTest::newRow("another theme named on GNOME") << QByteArray("qt6ct") << QByteArray("GNOME") << true << false;
}

void TestEventLoopChoice::gtkThemeExpected()
{
    QFETCH(QByteArray, theme);
    QFETCH(QByteArray, desktop);
    QFETCH(bool, plugin);
    QFETCH(bool, expected);
    QCOMPARE(EventLoopChoice::gtkThemeExpected(theme, desktop, plugin), expected);
}

void TestEventLoopChoice::applyLeavesThePersonsValueAlone()
{
    qunsetenv("QT_NO_GLIB");
    QVERIFY(EventLoopChoice::apply(EventLoopChoice::Program::Headless));
    QCOMPARE(qgetenv("QT_NO_GLIB"), EventLoopChoice::kOurValue.toByteArray());
    QVERIFY(!EventLoopChoice::apply(EventLoopChoice::Program::Headless));  // set already: untouched

    qputenv("QT_NO_GLIB", "");  // set, though empty: the person wants GLib's loop
    QVERIFY(!EventLoopChoice::apply(EventLoopChoice::Program::Headless));
    QVERIFY(qEnvironmentVariableIsSet("QT_NO_GLIB"));
    QVERIFY(qgetenv("QT_NO_GLIB").isEmpty());
    qunsetenv("QT_NO_GLIB");
}

void TestEventLoopChoice::startedProgramsGetThePersonsEnvironment()
{
    QDesktopServices::setUrlHandler(QStringLiteral("gathertest"), this, "handle");
    const QUrl url(QStringLiteral("gathertest:/some/file"));

    qputenv("QT_NO_GLIB", EventLoopChoice::kOurValue.toByteArray());
    QVERIFY(EventLoopChoice::openUrl(url));
    QCOMPARE(m_opened, url);
    QVERIFY(!m_variableSetSeen);  // Gather's choice is not passed on
    QCOMPARE(qgetenv("QT_NO_GLIB"), EventLoopChoice::kOurValue.toByteArray());  // and holds again after

    qputenv("QT_NO_GLIB", "1");  // the person's own: passed on as it is
    m_opened.clear();
    QVERIFY(EventLoopChoice::openUrl(url));
    QCOMPARE(m_opened, url);
    QCOMPARE(m_variableSeen, QByteArray("1"));
    QCOMPARE(qgetenv("QT_NO_GLIB"), QByteArray("1"));

    qunsetenv("QT_NO_GLIB");
    QDesktopServices::unsetUrlHandler(QStringLiteral("gathertest"));
}

QTEST_MAIN(TestEventLoopChoice)
#include "tst_ui_eventloopchoice.moc"
