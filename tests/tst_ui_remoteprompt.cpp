// The prompt for downloads sent over remote control while the Add dialog is wanted: sends join
// one list, the names shown are capped, Start and Remove hand over every id once, Keep Paused
// forgets them (they stay paused in the list) so the next send starts a list of its own.
#include "remoteaddprompt.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

class TestUiRemotePrompt final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sendsJoinAndStartTakesAll();
    void removeAndKeep();
    void manyNamesAreCapped();

private:
    static QPushButton *button(RemoteAddPrompt &prompt, const char *name)
    {
        return prompt.findChild<QPushButton *>(QString::fromLatin1(name));
    }
    static QString text(RemoteAddPrompt &prompt)
    {
        return prompt.findChild<QLabel *>(QStringLiteral("remoteAddText"))->text();
    }
};

void TestUiRemotePrompt::sendsJoinAndStartTakesAll()
{
    RemoteAddPrompt prompt;
    QSignalSpy started(&prompt, &RemoteAddPrompt::startRequested);
    prompt.add({4, 5}, {QStringLiteral("a.iso"), QStringLiteral("b.iso")});
    prompt.add({6}, {QStringLiteral("c.iso")});
    prompt.show();
    QVERIFY(text(prompt).contains(QStringLiteral("sent 3 downloads")));
    QVERIFY(text(prompt).endsWith(QStringLiteral("a.iso\nb.iso\nc.iso")));
    QTest::mouseClick(button(prompt, "remoteAddStart"), Qt::LeftButton);
    QCOMPARE(started.size(), 1);
    QCOMPARE(started.first().first().value<QList<DownloadId>>(), (QList<DownloadId>{4, 5, 6}));
    QVERIFY(!prompt.isVisible());
    QVERIFY(prompt.ids().isEmpty());
}

void TestUiRemotePrompt::removeAndKeep()
{
    RemoteAddPrompt prompt;
    QSignalSpy removed(&prompt, &RemoteAddPrompt::removeRequested);
    QSignalSpy started(&prompt, &RemoteAddPrompt::startRequested);
    prompt.add({7}, {QStringLiteral("one.bin")});
    prompt.show();
    QVERIFY(text(prompt).contains(QStringLiteral("sent a download")));
    QTest::mouseClick(button(prompt, "remoteAddRemove"), Qt::LeftButton);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.first().first().value<QList<DownloadId>>(), QList<DownloadId>{7});

    prompt.add({8}, {QStringLiteral("two.bin")});
    prompt.show();
    QTest::mouseClick(button(prompt, "remoteAddKeep"), Qt::LeftButton);
    QVERIFY(!prompt.isVisible());
    QVERIFY(prompt.ids().isEmpty());
    prompt.add({9}, {QStringLiteral("three.bin")});
    QVERIFY(!text(prompt).contains(QStringLiteral("two.bin")));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(started.size(), 0);
}

void TestUiRemotePrompt::manyNamesAreCapped()
{
    RemoteAddPrompt prompt;
    QList<DownloadId> ids;
    QStringList names;
    for (int i = 1; i <= RemoteAddPrompt::kNamesShown + 3; ++i) {
        ids.append(DownloadId(i));
        names.append(QStringLiteral("file%1.bin").arg(i));
    }
    prompt.add(ids, names);
    QVERIFY(text(prompt).contains(QStringLiteral("file8.bin")));
    QVERIFY(!text(prompt).contains(QStringLiteral("file9.bin")));
    QVERIFY(text(prompt).endsWith(QStringLiteral("… and 3 more")));
}

QTEST_MAIN(TestUiRemotePrompt)
#include "tst_ui_remoteprompt.moc"
