// Which state allows which command: the one table the engine enforces and the window's actions
// are enabled by. A real Download in each state must do exactly what the table says.
#include "engine/downloadcommands.h"

#include "enginefixture.h"
#include "faultserver.h"

#include <QObject>
#include <QTest>

using namespace Qt::StringLiterals;

class TestDownloadCommands final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_server.listen()); }
    void table_data();
    void table();
    void pauseOnlyWhereAllowed_data();
    void pauseOnlyWhereAllowed();

private:
    FaultServer m_server;
};

namespace {

using S = DownloadState;
using C = DownloadCommand;

// Every state, with the commands it allows, as a person reads the rules.
const QList<std::pair<S, QList<C>>> &expected()
{
    static const QList<std::pair<S, QList<C>>> table{
        {S::Queued, {C::StartNow, C::Pause, C::Cancel}},
        {S::Connecting, {C::Pause, C::Cancel}},
        {S::Downloading, {C::Pause, C::Cancel}},
        {S::Waiting, {C::Pause, C::Cancel}},
        {S::Paused, {C::StartNow, C::Resume, C::Cancel}},
        {S::Verifying, {C::Cancel}},
        {S::Completed, {C::OpenFile}},
        {S::Failed, {C::Retry}},
        {S::Cancelled, {C::Retry}},
    };
    return table;
}

} // namespace

void TestDownloadCommands::table_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<QList<int>>("allowed");
    for (const auto &[state, commands] : expected()) {
        QList<int> allowed;
        for (C command : commands)
            allowed.append(int(command));
        QTest::newRow(qPrintable(DownloadStates::name(state))) << int(state) << allowed;
    }
}

void TestDownloadCommands::table()
{
    QFETCH(int, state);
    QFETCH(QList<int>, allowed);
    for (int command = int(C::StartNow); command <= int(C::OpenFile); ++command) {
        QCOMPARE(DownloadCommands::allows(C(command), S(state)), allowed.contains(command));
    }
}

void TestDownloadCommands::pauseOnlyWhereAllowed_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("state");
    QTest::newRow("downloading") << u"/slow.bin"_s << int(S::Downloading);
    QTest::newRow("completed") << u"/small.bin"_s << int(S::Completed);
    QTest::newRow("failed") << u"/gone.bin"_s << int(S::Failed);
}

// The engine obeys the same table: pause changes exactly the states it allows, and nothing else.
void TestDownloadCommands::pauseOnlyWhereAllowed()
{
    QFETCH(QString, path);
    QFETCH(int, state);
    FaultResponse slow = FaultResponse::generated(4 * 1024 * 1024, 3);
    slow.bytesPerSecond = 256 * 1024;
    m_server.setResponse(u"/slow.bin"_s, slow);
    m_server.setResponse(u"/small.bin"_s, FaultResponse::generated(1000, 4));
    m_server.setResponse(u"/gone.bin"_s, FaultResponse::withStatus(410));
    EngineFixture engine;
    const DownloadId id = engine.add(m_server.url(path));
    QTRY_COMPARE_WITH_TIMEOUT(int(engine.download(id).state()), state, 10000);
    engine.manager().pause(id);
    const S after = engine.download(id).state();
    QCOMPARE(after == S::Paused, DownloadCommands::allows(C::Pause, S(state)));
    if (after != S::Paused)
        QCOMPARE(int(after), state);
}

QTEST_GUILESS_MAIN(TestDownloadCommands)
#include "tst_downloadcommands.moc"
