// One file over several connections, measured at the server and on disk: the ranges asked for,
// how many ran at once, the per-host limit, and every way a server can refuse or break a range
// (ignored ranges, refused extra connections, a reset part, a file that changes, pause and
// resume with holes), each ending with the right bytes under the right name.
#include "enginefixture.h"
#include "faultserver.h"

#include <QTest>

#include <algorithm>

namespace {

constexpr qint64 kMiB = 1024 * 1024;
constexpr qint64 kSize = 8 * kMiB;
constexpr quint32 kSeed = 7;

FaultResponse rangedFile(qint64 bytesPerSecond = 4 * kMiB, quint32 seed = kSeed, const QByteArray &etag = "\"v1\"")
{
    FaultResponse response = FaultResponse::generated(kSize, seed);
    response.etag = etag;
    response.bytesPerSecond = bytesPerSecond;
    return response;
}

DownloadSettings splitSettings(int split, int perHost = 8)
{
    DownloadSettings settings = EngineFixture::testSettings();
    settings.split = split;
    settings.maxPerHost = perHost;
    settings.minSegmentSize = DownloadSettings::kMinSegmentSizeFloor;
    return settings;
}

QByteArray expectedSha(quint32 seed = kSeed)
{
    return EngineFixture::sha256(FaultServer::generatedBody(kSize, seed));
}

// "bytes=A-" or "bytes=A-B" as [A, B + 1) (B + 1 = total when open).
ByteRange askedRange(const RecordedRequest &request, qint64 total)
{
    const QByteArray value = request.header("range");
    if (!value.startsWith("bytes="))
        return ByteRange{0, total};
    const QList<QByteArray> parts = value.mid(6).split('-');
    const qint64 first = parts.value(0).toLongLong();
    const qint64 last = parts.value(1).isEmpty() ? total - 1 : parts.value(1).toLongLong();
    return ByteRange{first, last + 1};
}

} // namespace

class TestSegmented final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.listen()); }
    void init() { m_server.clearRecords(); }

    // A server that answers "bytes=A-B" with everything from A to the end (Content-Range saying
    // so): a connection that reached its end is let go at once, instead of waiting for the rest
    // of the file behind a full buffer until the idle timeout (a minute here).
    void serverSendingPastTheAskedEndDoesNotStall()
    {
        FaultResponse overrun = rangedFile();
        overrun.range = RangeMode::ToTheEnd;
        m_server.setResponse(QStringLiteral("/overrun.bin"), overrun);
        DownloadSettings settings = splitSettings(4);
        settings.idleTimeoutMs = 60'000;
        EngineFixture engine(settings);
        const DownloadId id = engine.add(m_server.url(QStringLiteral("/overrun.bin")));
        QVERIFY(engine.waitFinal(id, 15000));
        QCOMPARE(engine.download(id).state(), DownloadState::Completed);
        QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("overrun.bin"))), expectedSha());
        const QList<RecordedRequest> requests = m_server.requests(QStringLiteral("/overrun.bin"));
        QVERIFY2(std::ranges::any_of(requests, [](const RecordedRequest &r) {
                     const QByteArray range = r.header("range");
                     return range.startsWith("bytes=") && !range.endsWith('-');
                 }),
                 "no bounded range was asked: the test proves nothing");
    }

    void splitsOneFileOverSeveralConnections()
    {
        m_server.setResponse(QStringLiteral("/f.bin"), rangedFile());
        EngineFixture engine(splitSettings(4));
        const DownloadId id = engine.add(m_server.url(QStringLiteral("/f.bin")));
        QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).connectionCount() == 4, 5000);
        QVERIFY(engine.waitFinal(id));
        QCOMPARE(engine.download(id).state(), DownloadState::Completed);
        QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("f.bin"))), expectedSha());
        QCOMPARE(engine.files(), QStringList{QStringLiteral("f.bin")});

        const QList<RecordedRequest> requests = m_server.requests(QStringLiteral("/f.bin"));
        QVERIFY2(requests.size() >= 4, qPrintable(QString::number(requests.size())));
        QVERIFY(m_server.maxConcurrentRequests() >= 4);
        QVERIFY(!requests.first().hasHeader("range"));  // the first asks for the whole file
        QList<ByteRange> asked;
        for (const RecordedRequest &request : requests.mid(1)) {
            QVERIFY(request.hasHeader("range"));
            QCOMPARE(request.header("if-range"), QByteArray("\"v1\""));
            ByteRanges::insert(asked, askedRange(request, kSize));
        }
        // The later connections asked for the back of the file, nothing before the first split.
        QVERIFY(!asked.isEmpty());
        QCOMPARE(asked.last().end, kSize);
        QVERIFY(asked.first().begin >= DownloadSettings::kMinSegmentSizeFloor);
        // A connection cut short by a split stops at its new end, even when the split came
        // before its answer did: each byte crosses the network about once. What a stopped
        // connection's socket already held is the only waste.
        qint64 sent = 0;
        for (const RecordedRequest &request : requests)
            sent += request.bodyBytesSent;
        QVERIFY2(sent < kSize + kSize / 8, qPrintable(QStringLiteral("%1 bytes sent for %2").arg(sent).arg(kSize)));
    }

    void oneConnectionWhenSplitIsOneOrTheServerCannot_data()
    {
        QTest::addColumn<int>("split");
        QTest::addColumn<bool>("acceptRanges");
        QTest::addColumn<bool>("validator");
        QTest::newRow("split 1") << 1 << true << true;
        QTest::newRow("no Accept-Ranges") << 4 << false << true;
        QTest::newRow("no validator") << 4 << true << false;
    }
    void oneConnectionWhenSplitIsOneOrTheServerCannot()
    {
        QFETCH(int, split);
        QFETCH(bool, acceptRanges);
        QFETCH(bool, validator);
        FaultResponse response = rangedFile(16 * kMiB);
        response.sendAcceptRanges = acceptRanges;
        if (!validator)
            response.etag.clear();
        m_server.setResponse(QStringLiteral("/one.bin"), response);
        EngineFixture engine(splitSettings(split));
        const DownloadId id = engine.add(m_server.url(QStringLiteral("/one.bin")));
        QVERIFY(engine.waitFinal(id));
        QCOMPARE(engine.download(id).state(), DownloadState::Completed);
        QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("one.bin"))), expectedSha());
        QCOMPARE(m_server.requestCount(QStringLiteral("/one.bin")), 1);
    }

    void staysUnderThePerHostLimit()
    {
        m_server.setResponse(QStringLiteral("/a.bin"), rangedFile());
        m_server.setResponse(QStringLiteral("/b.bin"), rangedFile());
        EngineFixture engine(splitSettings(8, 3));
        const DownloadId a = engine.add(m_server.url(QStringLiteral("/a.bin")));
        const DownloadId b = engine.add(m_server.url(QStringLiteral("/b.bin")));
        QVERIFY(engine.waitFinal(a));
        QVERIFY(engine.waitFinal(b));
        QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("a.bin"))), expectedSha());
        QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("b.bin"))), expectedSha());
        QCOMPARE(m_server.maxConcurrentRequests(), 3);
    }

    void serverThatIgnoresRangesOnExtraConnections()
    {
        // Claims ranges on the first answer, then sends the whole file to every ranged request.
        FaultResponse response = rangedFile();
        response.range = RangeMode::Ignore;
        response.headers.append({QByteArrayLiteral("Accept-Ranges"), QByteArrayLiteral("bytes")});
        m_server.setResponse(QStringLiteral("/liar.bin"), response);
        EngineFixture engine(splitSettings(4));
        const DownloadId id = engine.add(m_server.url(QStringLiteral("/liar.bin")));
        QVERIFY(engine.waitFinal(id));
        QCOMPARE(engine.download(id).state(), DownloadState::Completed);
        QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("liar.bin"))), expectedSha());
        // The first split is the last try: one connection each for at most the first round.
        QVERIFY(m_server.requestCount(QStringLiteral("/liar.bin")) <= 4);
    }

    void extraConnectionsRefusedStillGiveTheFile()
    {
        // Only one connection at a time is welcome: every other request meets 503.
        const FaultResponse ok = rangedFile(8 * kMiB);
        const FaultResponse busy = FaultResponse::withStatus(503);
        m_server.setResponses(QStringLiteral("/busy.bin"), {ok, busy, busy, busy, ok});
        EngineFixture engine(splitSettings(4));
        const DownloadId id = engine.add(m_server.url(QStringLiteral("/busy.bin")));
        QVERIFY(engine.waitFinal(id));
        QCOMPARE(engine.download(id).state(), DownloadState::Completed);
        QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("busy.bin"))), expectedSha());
        // After the refusals the download kept to one connection: no request overlapped the
        // ones that came after the 503s.
        const QList<RecordedRequest> requests = m_server.requests(QStringLiteral("/busy.bin"));
        QVERIFY(requests.size() >= 5);
        for (qsizetype i = 5; i < requests.size(); ++i)
            QVERIFY(requests.at(i).startedMs >= requests.at(i - 1).finishedMs);
    }

    void aPartCutOffMidwayIsFetchedAgain()
    {
        FaultResponse reset = rangedFile();
        reset.resetAfter = 300 * 1024;
        m_server.setResponses(QStringLiteral("/cut.bin"), {rangedFile(), reset, rangedFile()});
        EngineFixture engine(splitSettings(4));
        const DownloadId id = engine.add(m_server.url(QStringLiteral("/cut.bin")));
        QVERIFY(engine.waitFinal(id));
        QCOMPARE(engine.download(id).state(), DownloadState::Completed);
        QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("cut.bin"))), expectedSha());
        QVERIFY(m_server.requestCount(QStringLiteral("/cut.bin")) >= 5);
    }

    void fileChangedOnTheServerRestartsFromZero()
    {
        // The first answer is version 1; from then on the server has version 2, so the If-Range
        // of every extra connection fails and it sends the new whole file.
        m_server.setResponses(QStringLiteral("/moving.bin"),
                              {rangedFile(), rangedFile(4 * kMiB, kSeed + 1, "\"v2\"")});
        EngineFixture engine(splitSettings(4));
        const DownloadId id = engine.add(m_server.url(QStringLiteral("/moving.bin")));
        QVERIFY(engine.waitFinal(id));
        QCOMPARE(engine.download(id).state(), DownloadState::Completed);
        QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("moving.bin"))), expectedSha(kSeed + 1));
        QVERIFY(engine.download(id).note().contains(QStringLiteral("Restarted from zero")));
    }

    void pauseAndResumeFillOnlyTheHoles()
    {
        m_server.setResponse(QStringLiteral("/holes.bin"), rangedFile(2 * kMiB));
        EngineFixture engine(splitSettings(4));
        const DownloadId id = engine.add(m_server.url(QStringLiteral("/holes.bin")));
        QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).connectionCount() == 4, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).bytesReceived() > 2 * kMiB, 10000);
        engine.manager().pause(id);
        QTRY_COMPARE(engine.download(id).state(), DownloadState::Paused);
        // Several parts written, with holes between them, all made durable by the pause.
        QTRY_VERIFY(engine.download(id).durableRanges().size() >= 2);
        const QList<ByteRange> durable = engine.download(id).durableRanges();
        QCOMPARE(ByteRanges::total(durable), engine.download(id).bytesReceived());
        const qsizetype before = m_server.requests(QStringLiteral("/holes.bin")).size();

        m_server.setResponse(QStringLiteral("/holes.bin"), rangedFile(16 * kMiB));
        engine.manager().resume(id);
        QVERIFY(engine.waitFinal(id));
        QCOMPARE(engine.download(id).state(), DownloadState::Completed);
        QCOMPARE(EngineFixture::fileSha256(engine.path(QStringLiteral("holes.bin"))), expectedSha());
        // After the resume nothing already on disk was asked for again.
        const QList<RecordedRequest> after = m_server.requests(QStringLiteral("/holes.bin")).mid(before);
        QVERIFY(!after.isEmpty());
        for (const RecordedRequest &request : after) {
            QVERIFY(request.hasHeader("range"));
            const ByteRange asked = askedRange(request, kSize);
            for (const ByteRange &have : durable)
                QVERIFY2(asked.end <= have.begin || asked.begin >= have.end, request.header("range").constData());
        }
    }

    void cancelLeavesNothing()
    {
        m_server.setResponse(QStringLiteral("/gone.bin"), rangedFile(1 * kMiB));
        EngineFixture engine(splitSettings(4));
        const DownloadId id = engine.add(m_server.url(QStringLiteral("/gone.bin")));
        QTRY_VERIFY_WITH_TIMEOUT(engine.download(id).connectionCount() == 4, 5000);
        engine.manager().cancel(id);
        QCOMPARE(engine.download(id).connectionCount(), 0);
        QTRY_COMPARE(engine.files(), QStringList());
    }

private:
    FaultServer m_server;
};

QTEST_GUILESS_MAIN(TestSegmented)
#include "tst_segmented.moc"
