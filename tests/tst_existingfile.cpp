// What a download does when its file name is already taken (rename, overwrite, skip), checked by
// the bytes on disk: the old file survives unless replaced by a verified new one, and a skip
// writes nothing.
#include "enginefixture.h"
#include "faultserver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

namespace {

using ExistingFile = DownloadSettings::ExistingFile;

const QByteArray kOldContent = QByteArrayLiteral("the file that was here before");
constexpr qint64 kNewSize = 300'000;
constexpr quint32 kSeed = 7;

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

DownloadSettings settingsFor(ExistingFile policy)
{
    DownloadSettings settings = EngineFixture::testSettings();
    settings.existingFile = policy;
    return settings;
}

} // namespace

class TestExistingFile final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init() { m_server.clearRecords(); }

    void policies_data();
    void policies();
    void overwriteLeavesAnotherPartAlone_data();
    void overwriteLeavesAnotherPartAlone();
    void overwriteRefusesAFolder();
    void overwriteChecksumMismatchKeepsOldFile();
    void skipStopsTheTransfer();
    void settingsApplyUntilTheNameIsChosen();

private:
    FaultServer m_server;
    QByteArray m_newSha;
    QByteArray m_oldSha;
};

void TestExistingFile::initTestCase()
{
    QVERIFY(m_server.listen());
    m_server.setResponse(QStringLiteral("/files/data.bin"), FaultResponse::generated(kNewSize, kSeed));
    // The name is known only from the response headers here.
    FaultResponse named = FaultResponse::generated(kNewSize, kSeed);
    named.headers = {{"Content-Disposition", "attachment; filename=\"data.bin\""}};
    m_server.setResponse(QStringLiteral("/named"), named);
    m_newSha = EngineFixture::sha256(FaultServer::generatedBody(kNewSize, kSeed));
    m_oldSha = EngineFixture::sha256(kOldContent);
}

void TestExistingFile::policies_data()
{
    QTest::addColumn<ExistingFile>("policy");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("files");
    QTest::addColumn<QString>("newFile");   // where the new bytes land; empty: nowhere
    QTest::addColumn<bool>("oldIntact");

    const QStringList both{QStringLiteral("data (1).bin"), QStringLiteral("data.bin")};
    const QStringList one{QStringLiteral("data.bin")};
    for (const QString &path : {QStringLiteral("/files/data.bin"), QStringLiteral("/named")}) {
        const QString how = path == u"/named" ? QStringLiteral(", name from Content-Disposition") : QStringLiteral(", name from the URL");
        QTest::newRow(qPrintable(u"rename" + how)) << ExistingFile::Rename << path << both << QStringLiteral("data (1).bin") << true;
        QTest::newRow(qPrintable(u"overwrite" + how)) << ExistingFile::Overwrite << path << one << QStringLiteral("data.bin") << false;
        QTest::newRow(qPrintable(u"skip" + how)) << ExistingFile::Skip << path << one << QString() << true;
    }
}

void TestExistingFile::policies()
{
    QFETCH(ExistingFile, policy);
    QFETCH(QString, path);
    QFETCH(QStringList, files);
    QFETCH(QString, newFile);
    QFETCH(bool, oldIntact);
    EngineFixture engine(settingsFor(policy));
    const QString old = engine.path(QStringLiteral("data.bin"));
    QVERIFY(writeFile(old, kOldContent));

    const DownloadId id = engine.add(m_server.url(path));
    QVERIFY(engine.waitFinal(id));
    const Download &download = engine.download(id);
    QCOMPARE(download.state(), DownloadState::Completed);
    QCOMPARE(engine.files(), files);
    if (oldIntact)
        QCOMPARE(EngineFixture::fileSha256(old), m_oldSha);
    if (newFile.isEmpty()) {
        QCOMPARE(download.note(), QStringLiteral("Skipped: data.bin already exists"));
        QCOMPARE(download.filePath(), old);
        QCOMPARE(download.bytesReceived(), qint64(0));
    } else {
        QCOMPARE(download.filePath(), engine.path(newFile));
        QCOMPARE(EngineFixture::fileSha256(engine.path(newFile)), m_newSha);
        QCOMPARE(download.bytesReceived(), kNewSize);
        QVERIFY(download.note().isEmpty());
    }
}

void TestExistingFile::overwriteLeavesAnotherPartAlone_data()
{
    QTest::addColumn<bool>("oldFile");
    QTest::newRow("old file and another .part") << true;
    QTest::newRow("only another .part") << false;
}

void TestExistingFile::overwriteLeavesAnotherPartAlone()
{
    QFETCH(bool, oldFile);
    EngineFixture engine(settingsFor(ExistingFile::Overwrite));
    if (oldFile)
        QVERIFY(writeFile(engine.path(QStringLiteral("data.bin")), kOldContent));
    const QByteArray foreign = QByteArrayLiteral("another program's partial file");
    QVERIFY(writeFile(engine.path(QStringLiteral("data.bin.part")), foreign));

    const DownloadId id = engine.add(m_server.url(QStringLiteral("/files/data.bin")));
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(engine.download(id).filePath(), engine.path(QStringLiteral("data.bin")));
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("data.bin"))), m_newSha);
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("data.bin.part"))), EngineFixture::sha256(foreign));
    QCOMPARE(engine.files(), (QStringList{QStringLiteral("data.bin"), QStringLiteral("data.bin.part")}));
}

void TestExistingFile::overwriteRefusesAFolder()
{
    EngineFixture engine(settingsFor(ExistingFile::Overwrite));
    QVERIFY(QDir(engine.folder()).mkdir(QStringLiteral("data.bin")));
    QVERIFY(writeFile(engine.path(QStringLiteral("data.bin/inside.txt")), kOldContent));
    const DownloadId id = engine.add(m_server.url(QStringLiteral("/files/data.bin")));
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Failed);
    QVERIFY2(engine.download(id).error().message.contains(QStringLiteral("it is a folder")), qPrintable(engine.download(id).error().message));
    QCOMPARE(engine.files(), QStringList());
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("data.bin/inside.txt"))), m_oldSha);
}

void TestExistingFile::overwriteChecksumMismatchKeepsOldFile()
{
    EngineFixture engine(settingsFor(ExistingFile::Overwrite));
    const QString old = engine.path(QStringLiteral("data.bin"));
    QVERIFY(writeFile(old, kOldContent));
    UrlEntry entry;
    entry.url = m_server.url(QStringLiteral("/files/data.bin"));
    entry.checksum = ChecksumSpec::parse(QString(u"sha-256=" + QString::fromLatin1(EngineFixture::sha256("something else")))).value();
    QVERIFY(entry.checksum);

    const DownloadId id = engine.add(entry);
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Failed);
    QCOMPARE(engine.download(id).error().kind, ErrorKind::Checksum);
    QCOMPARE(EngineFixture::fileSha256(old), m_oldSha);
    for (const QString &name : engine.files()) {
        if (name != u"data.bin")
            QVERIFY2(name.endsWith(QStringLiteral(".part")), qPrintable(name));  // kept for a retry, never the final name
    }
}

void TestExistingFile::skipStopsTheTransfer()
{
    constexpr qint64 size = 16 * 1024 * 1024;
    FaultResponse slow = FaultResponse::generated(size);
    slow.bytesPerSecond = 4 * 1024 * 1024;
    m_server.setResponse(QStringLiteral("/big/data.bin"), slow);
    EngineFixture engine(settingsFor(ExistingFile::Skip));
    QVERIFY(writeFile(engine.path(QStringLiteral("data.bin")), kOldContent));

    const DownloadId id = engine.add(m_server.url(QStringLiteral("/big/data.bin")));
    QVERIFY(engine.waitFinal(id, 3000));  // long before the 4 s the whole body would take
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(engine.download(id).bytesReceived(), qint64(0));
    QTRY_VERIFY(m_server.requests(QStringLiteral("/big/data.bin")).value(0).finishedMs >= 0);
    QVERIFY(m_server.requests(QStringLiteral("/big/data.bin")).value(0).bodyBytesSent < size);
    QCOMPARE(engine.files(), QStringList{QStringLiteral("data.bin")});
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("data.bin"))), m_oldSha);
}

void TestExistingFile::settingsApplyUntilTheNameIsChosen()
{
    FaultResponse delayed = FaultResponse::generated(kNewSize, kSeed);
    delayed.delayBeforeHeadersMs = 300;
    m_server.setResponse(QStringLiteral("/later/data.bin"), delayed);
    EngineFixture engine(settingsFor(ExistingFile::Rename));
    QVERIFY(writeFile(engine.path(QStringLiteral("data.bin")), kOldContent));

    const DownloadId id = engine.add(m_server.url(QStringLiteral("/later/data.bin")));
    QTRY_COMPARE(engine.download(id).state(), DownloadState::Connecting);
    DownloadSettings changed = engine.manager().settings();
    changed.existingFile = ExistingFile::Overwrite;
    engine.manager().setSettings(changed);
    QVERIFY(engine.waitFinal(id));
    QCOMPARE(engine.download(id).state(), DownloadState::Completed);
    QCOMPARE(engine.files(), QStringList{QStringLiteral("data.bin")});
    QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("data.bin"))), m_newSha);
}

QTEST_GUILESS_MAIN(TestExistingFile)
#include "tst_existingfile.moc"
