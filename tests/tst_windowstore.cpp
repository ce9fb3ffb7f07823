// The window keeps its list: the real `gather` binary in window mode (offscreen) downloads
// throttled files, is killed with SIGKILL mid-transfer, and started again with no arguments. The
// list comes back, the unfinished downloads go on from their durable bytes (the server sees
// ranges, not whole files again) and complete with the right SHA-256; after a clean quit the
// store holds every download, in order, completed.
//
// Relies on app/main.cpp's contract (see tst_singleinstance): GATHER_INSTANCE_NAME names the
// instance socket, settings come from $XDG_CONFIG_HOME/gather/gather.ini, and the list is kept
// in $XDG_DATA_HOME/gather/gather/downloads.db (QStandardPaths::AppDataLocation).
#include "enginefixture.h"
#include "faultserver.h"
#include "store/downloadstore.h"
#include "windowprocess.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

namespace {

constexpr qint64 kMiB = 1024 * 1024;
constexpr qint64 kSize = 24 * kMiB;

} // namespace

class TestWindowStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.listen()); }
    void listSurvivesKill();

private:
    QTemporaryDir m_dir;
    WindowProcess m_window{m_dir.path()};
    FaultServer m_server;
};

void TestWindowStore::listSurvivesKill()
{
    const QString downloads = m_window.downloadsDir();
    QVERIFY(m_window.writeSettings(QStringLiteral("[downloads]\nfolder=%1\nsplit=1\n\n[ui]\naddDialogOnDrop=false\ncloseAction=quit\n"
                                                  "notifyOnFinish=false\n")
                                       .arg(downloads)
                                       .toUtf8()));

    m_server.setResponse(QStringLiteral("/small.bin"), FaultResponse::generated(5000, 40));
    QStringList urls{m_server.url(QStringLiteral("/small.bin")).toString()};
    for (int i = 1; i <= 2; ++i) {
        FaultResponse slow = FaultResponse::generated(kSize, quint32(40 + i));
        slow.bytesPerSecond = 2 * kMiB;
        slow.etag = "\"window-" + QByteArray::number(i) + "\"";
        m_server.setResponse(QStringLiteral("/large%1.bin").arg(i), slow);
        urls.append(m_server.url(QStringLiteral("/large%1.bin").arg(i)).toString());
    }

    QProcess first;
    QVERIFY(m_window.start(first, urls));
    // Past the 5 s time checkpoint, so some bytes are durable and recorded.
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(downloads + QStringLiteral("/large1.bin.part")).size() > 14 * kMiB
                                 && QFileInfo(downloads + QStringLiteral("/large2.bin.part")).size() > 14 * kMiB,
                             30'000);
    QVERIFY(QFileInfo::exists(downloads + QStringLiteral("/small.bin")));
    first.kill();
    QVERIFY(first.waitForFinished(10'000));
    const qsizetype requestsBefore = m_server.requests(QStringLiteral("/large1.bin")).size();

    QProcess second;
    QVERIFY(m_window.start(second));
    const auto stopSecond = qScopeGuard([&second] {
        if (second.state() == QProcess::NotRunning)
            return;
        second.kill();
        second.waitForFinished(5'000);
    });
    for (int i = 1; i <= 2; ++i) {
        const QString path = downloads + QStringLiteral("/large%1.bin").arg(i);
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(path), 30'000);
        QTRY_COMPARE_WITH_TIMEOUT(EngineFixture::fileSha256(path), EngineFixture::sha256(FaultServer::generatedBody(kSize, quint32(40 + i))), 10'000);
    }
    // Went on from durable bytes: a range, never the whole file again; the small one not at all.
    const QList<RecordedRequest> resumed = m_server.requests(QStringLiteral("/large1.bin")).mid(requestsBefore);
    QVERIFY(!resumed.isEmpty());
    QVERIFY2(resumed.first().header("range").startsWith("bytes=") && !resumed.first().header("range").startsWith("bytes=0-"),
             resumed.first().header("range").constData());
    QCOMPARE(resumed.first().header("if-range"), QByteArray("\"window-1\""));
    QCOMPARE(m_server.requestCount(QStringLiteral("/small.bin")), 1);
    QVERIFY(QDir(downloads).entryList({QStringLiteral("*.part")}, QDir::Files | QDir::Hidden).isEmpty());

    // A clean quit (SIGTERM) commits the list; it holds all three, in order, completed.
    second.terminate();
    QVERIFY(second.waitForFinished(20'000));
    QCOMPARE(second.exitCode(), 0);
    DownloadStore store(m_window.databasePath());
    QSignalSpy loaded(&store, &DownloadStore::loaded);
    store.open();
    QVERIFY(loaded.wait(10'000));
    const auto records = loaded.first().first().value<QList<DownloadSnapshot>>();
    QCOMPARE(records.size(), 3);
    for (qsizetype i = 0; i < records.size(); ++i) {
        QCOMPARE(records[i].entry.url.toString(), urls[i]);
        QCOMPARE(records[i].state, DownloadState::Completed);
        QVERIFY(records[i].partPath.isEmpty());
        QVERIFY(records[i].finishedAt.isValid());
    }
    QCOMPARE(records[1].totalBytes, kSize);
}

QTEST_GUILESS_MAIN(TestWindowStore)
#include "tst_windowstore.moc"
