// Checksum files added with the links verify the files they name, end to end through the engine:
// a dropped SHA256SUMS with a list (a good file completes, a corrupted one fails with both
// digests), one listed as a URL among the links (fetched first, then applied), one that arrives
// after a download finished (the finished file is checked on the disk pool and fails with both
// digests), and a list's own checksum= winning over the checksum file's.
#include "enginefixture.h"
#include "faultserver.h"
#include "intake/urllistloader.h"
#include "testfiles.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QByteArray kGood = FaultServer::generatedBody(150'000, 21);
const QByteArray kExpectedBad = FaultServer::generatedBody(90'000, 22);
const QByteArray kCorrupted = FaultServer::generatedBody(90'000, 23);  // what the server sends instead

QString hexOf(const QByteArray &data)
{
    return QString::fromLatin1(EngineFixture::sha256(data));  // hex already
}

QByteArray sumsText()
{
    return (hexOf(kGood) % u"  good.iso\n" % hexOf(kExpectedBad) % u" *bad.iso\n").toUtf8();
}

UrlEntry entryFor(const QUrl &url)
{
    UrlEntry entry;
    entry.url = url;
    return entry;
}

} // namespace

class TestChecksumFiles final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void droppedSumsFileVerifiesTheLinks();
    void listedSumsUrlIsFetchedFirst();
    void finishedBeforeTheSumsIsCheckedAfterwards();
    void ownChecksumWins();

private:
    void expectVerdicts(EngineFixture &engine, DownloadId good, DownloadId bad);
    FaultServer m_server;
};

void TestChecksumFiles::initTestCase()
{
    QVERIFY(m_server.listen());
    m_server.setResponse(u"/rel/good.iso"_s, FaultResponse::ok(kGood));
    m_server.setResponse(u"/rel/bad.iso"_s, FaultResponse::ok(kCorrupted));
    m_server.setResponse(u"/rel/SHA256SUMS"_s, FaultResponse::ok(sumsText()));
    FaultResponse late = FaultResponse::ok(sumsText());
    late.delayBeforeHeadersMs = 3000;
    m_server.setResponse(u"/late/SHA256SUMS"_s, late);
    m_server.setResponse(u"/late/good.iso"_s, FaultResponse::ok(kGood));
    m_server.setResponse(u"/late/bad.iso"_s, FaultResponse::ok(kCorrupted));
}

void TestChecksumFiles::expectVerdicts(EngineFixture &engine, DownloadId good, DownloadId bad)
{
    QTRY_COMPARE_WITH_TIMEOUT(engine.download(bad).state(), DownloadState::Failed, 20000);
    QVERIFY(engine.waitFinal(good));
    QCOMPARE(engine.download(good).state(), DownloadState::Completed);
    QCOMPARE(EngineFixture::fileSha256(engine.download(good).filePath()), EngineFixture::sha256(kGood));
    const QString message = engine.download(bad).error().message;
    QVERIFY2(message.contains(hexOf(kExpectedBad)) && message.contains(hexOf(kCorrupted)), qPrintable(message));
    QCOMPARE(engine.download(bad).error().kind, ErrorKind::Checksum);
}

void TestChecksumFiles::droppedSumsFileVerifiesTheLinks()
{
    QTemporaryDir dropped;
    const QString list = dropped.filePath(u"links.txt"_s);
    const QString sums = dropped.filePath(u"SHA256SUMS"_s);
    QVERIFY(TestFiles::writeFile(list, (m_server.url(u"/rel/good.iso"_s).toString() % u'\n'
                                        % m_server.url(u"/rel/bad.iso"_s).toString() % u'\n').toUtf8()));
    QVERIFY(TestFiles::writeFile(sums, sumsText()));
    DroppedInput input;
    input.files = {list, sums};
    const LoadedUrlList loaded = UrlListLoader::read(input);
    QVERIFY2(loaded.checksumsApplied == 2, qPrintable(loaded.sources.join(u',') + u" | " + (loaded.problems.isEmpty() ? QString() : loaded.problems.first().reason)
                                                      + u" | " + QString::number(loaded.parsed.rejected.size()) + u" " + loaded.parsed.entries.value(0).url.toString()));
    QCOMPARE(loaded.parsed.entries.size(), 2);

    EngineFixture engine;
    const QList<DownloadId> ids = engine.manager().add(loaded.parsed.entries);
    expectVerdicts(engine, ids.at(0), ids.at(1));
    // Failed at the finish: nothing of the bad file carries the final name.
    QVERIFY(!QFile::exists(engine.path(u"bad.iso"_s)));
}

void TestChecksumFiles::listedSumsUrlIsFetchedFirst()
{
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = 1;  // one at a time: the order is the queue's
    EngineFixture engine(settings);
    m_server.clearRecords();
    const QList<DownloadId> ids = engine.manager().add({entryFor(m_server.url(u"/rel/good.iso"_s)),
                                                        entryFor(m_server.url(u"/rel/bad.iso"_s)),
                                                        entryFor(m_server.url(u"/rel/SHA256SUMS"_s))});
    expectVerdicts(engine, ids.at(0), ids.at(1));
    QVERIFY(engine.waitFinal(ids.at(2)));
    QCOMPARE(engine.download(ids.at(2)).state(), DownloadState::Completed);
    const QList<RecordedRequest> requests = m_server.requests();
    QVERIFY(!requests.isEmpty());
    QCOMPARE(requests.first().path, QByteArray("/rel/SHA256SUMS"));
    // (Whether the bad one was checked at its finish or, on a loaded machine, right after it,
    // the verdict is the same; finishedBeforeTheSumsIsCheckedAfterwards covers the second way.)
    QCOMPARE(engine.download(ids.at(0)).entry().checksum->expectedHex(), hexOf(kGood));
}

void TestChecksumFiles::finishedBeforeTheSumsIsCheckedAfterwards()
{
    EngineFixture engine;
    QSignalSpy idle(&engine.manager(), &DownloadManager::allFinished);
    const QList<DownloadId> ids = engine.manager().add({entryFor(m_server.url(u"/late/SHA256SUMS"_s)),
                                                        entryFor(m_server.url(u"/late/good.iso"_s)),
                                                        entryFor(m_server.url(u"/late/bad.iso"_s))});
    // Both files complete while the checksum file is still on its way...
    QTRY_COMPARE_WITH_TIMEOUT(engine.download(ids.at(2)).state(), DownloadState::Completed, 20000);
    QVERIFY(!DownloadStates::isFinal(engine.download(ids.at(0)).state()));
    // ...then the bad one fails once the sums arrive and its file is checked.
    expectVerdicts(engine, ids.at(1), ids.at(2));
    QVERIFY(engine.download(ids.at(2)).error().message.contains(u"the file stays at"_s));
    QVERIFY(QFile::exists(engine.path(u"bad.iso"_s)));
    // The batch counts as finished only after the check.
    QTRY_VERIFY(engine.manager().isIdle());
    QVERIFY(!idle.isEmpty());
}

void TestChecksumFiles::ownChecksumWins()
{
    EngineFixture engine;
    UrlEntry bad = entryFor(m_server.url(u"/rel/bad.iso"_s));
    bad.checksum = ChecksumSpec{QCryptographicHash::Sha256, QByteArray::fromHex(EngineFixture::sha256(kCorrupted))};  // what it really is
    const QList<DownloadId> ids = engine.manager().add({entryFor(m_server.url(u"/rel/SHA256SUMS"_s)), bad});
    QVERIFY(engine.waitFinal(ids.at(1)));
    QVERIFY(engine.waitFinal(ids.at(0)));
    QVERIFY2(engine.download(ids.at(1)).state() == DownloadState::Completed, qPrintable(engine.download(ids.at(1)).error().message));
    QCOMPARE(EngineFixture::fileSha256(engine.path(u"bad.iso"_s)), EngineFixture::sha256(kCorrupted));
    QTRY_VERIFY(engine.download(ids.at(1)).note().contains(u"its own checksum is kept"_s));
}

QTEST_GUILESS_MAIN(TestChecksumFiles)
#include "tst_checksumfiles.moc"
