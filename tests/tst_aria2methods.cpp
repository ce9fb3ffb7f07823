// aria2's RPC methods against a real engine and the loopback server, called as the dispatcher
// calls them: addUri with dir/out/checksum/headers ends "complete" with the right bytes on disk
// and the headers at the server; a throttled download pauses and unpauses with its status
// fields following; the three lists page like aria2's (negative offsets too); changePosition
// decides which download the server sees start first; changeOption reaches the engine; the
// global numbers count; removed and completed results leave the list without touching a file;
// and the notifications come one per change, in order.
#include "aria2harness.h"
#include "faultserver.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMiB = 1024 * 1024;

FaultResponse resumable(qint64 size, quint32 seed, qint64 bytesPerSecond = 0)
{
    FaultResponse response = FaultResponse::generated(size, seed);
    response.etag = "\"aria2-v1\"";
    response.bytesPerSecond = bytesPerSecond;
    return response;
}

QStringList gidsOf(const QJsonValue &list)
{
    QStringList gids;
    for (const QJsonValue &entry : list.toArray())
        gids.append(entry.toObject().value(u"gid"_s).toString());
    return gids;
}

QJsonArray keys(const QStringList &names)
{
    return QJsonArray::fromStringList(names);
}

} // namespace

class TestAria2Methods final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.listen()); }
    void init() { m_server.clearRecords(); }

    void addUriWithOptionsCompletes();
    void throttledDownloadPausesAndUnpauses();
    void statusKeysFilter();
    void listsPageLikeAria2AndPositionsDecideTheOrder();
    void changeOptionReachesTheEngine();
    void removedAndCompletedResultsLeaveWithoutTouchingFiles();
    void notificationsFollowEachChange();
    void outcomesAreNotifiedOnce();

private:
    FaultServer m_server;
};

void TestAria2Methods::addUriWithOptionsCompletes()
{
    const QByteArray body = FaultServer::generatedBody(kMiB + 123, 7);
    m_server.setResponse(u"/a/file.bin"_s, resumable(body.size(), 7));
    Aria2Harness rpc;
    const QString checksum = u"sha-256="_s + QString::fromLatin1(EngineFixture::sha256(body));
    const QString gid = rpc.addUri(m_server.url(u"/a/file.bin"_s).toString(), QJsonObject{
        {u"dir"_s, u"sub"_s},
        {u"out"_s, u"named.bin"_s},
        {u"checksum"_s, checksum},
        {u"header"_s, QJsonArray{u"X-Test: one"_s, u"X-Other: two"_s}},
        {u"referer"_s, u"http://referrer.example/page"_s},
        {u"user-agent"_s, u"AgentX/1.0"_s},
        {u"split"_s, u"2"_s},
        {u"continue"_s, u"true"_s},  // an aria2 option Gather has no use for: ignored, as aria2 does
    });
    QCOMPARE(gid.size(), 16);
    QVERIFY(gid.contains(QRegularExpression(u"^[0-9a-f]{16}$"_s)));
    QVERIFY(rpc.waitStatus(gid, u"complete"_s));

    const QString folder = QDir(rpc.engine().folder()).filePath(u"sub"_s);
    const QString path = QDir(folder).filePath(u"named.bin"_s);
    QCOMPARE(EngineFixture::fileSha256(path), EngineFixture::sha256(body));
    const QJsonObject status = rpc.status(gid);
    QCOMPARE(status.value(u"gid"_s).toString(), gid);
    QCOMPARE(status.value(u"totalLength"_s).toString(), QString::number(body.size()));
    QCOMPARE(status.value(u"completedLength"_s).toString(), QString::number(body.size()));
    QCOMPARE(status.value(u"uploadLength"_s).toString(), u"0"_s);
    QCOMPARE(status.value(u"downloadSpeed"_s).toString(), u"0"_s);
    QCOMPARE(status.value(u"connections"_s).toString(), u"0"_s);
    QCOMPARE(status.value(u"errorCode"_s).toString(), u"0"_s);
    QCOMPARE(status.value(u"dir"_s).toString(), folder);
    const QJsonObject file = status.value(u"files"_s).toArray().at(0).toObject();
    QCOMPARE(file.value(u"index"_s).toString(), u"1"_s);
    QCOMPARE(file.value(u"path"_s).toString(), path);
    QCOMPARE(file.value(u"length"_s).toString(), QString::number(body.size()));
    QCOMPARE(file.value(u"selected"_s).toString(), u"true"_s);
    const QJsonObject uri = file.value(u"uris"_s).toArray().at(0).toObject();
    QCOMPARE(uri.value(u"uri"_s).toString(), m_server.url(u"/a/file.bin"_s).toString());
    QCOMPARE(uri.value(u"status"_s).toString(), u"used"_s);

    const RecordedRequest request = m_server.requests(u"/a/file.bin"_s).first();
    QCOMPARE(request.header("x-test"), QByteArray("one"));
    QCOMPARE(request.header("x-other"), QByteArray("two"));
    QCOMPARE(request.header("referer"), QByteArray("http://referrer.example/page"));
    QCOMPARE(request.header("user-agent"), QByteArray("AgentX/1.0"));

    const QJsonObject options = rpc.call(u"aria2.getOption"_s, {gid}).result.toObject();
    QCOMPARE(options.value(u"out"_s).toString(), u"named.bin"_s);
    QCOMPARE(options.value(u"split"_s).toString(), u"2"_s);
    QCOMPARE(options.value(u"checksum"_s).toString(), checksum);
    QCOMPARE(options.value(u"dir"_s).toString(), folder);
    QVERIFY(options.value(u"header"_s).toString().contains(u"X-Test: one\nX-Other: two"_s));
}

void TestAria2Methods::throttledDownloadPausesAndUnpauses()
{
    const qint64 size = 2 * kMiB;
    m_server.setResponse(u"/t/slow.bin"_s, resumable(size, 3, 2 * kMiB));
    Aria2Harness rpc;
    const QString gid = rpc.addUri(m_server.url(u"/t/slow.bin"_s).toString());
    QVERIFY(!gid.isEmpty());
    QVERIFY(QTest::qWaitFor([&] { return rpc.status(gid).value(u"completedLength"_s).toString().toLongLong() > 128 * 1024; }, 10000));
    QJsonObject status = rpc.status(gid);
    QCOMPARE(status.value(u"status"_s).toString(), u"active"_s);
    QVERIFY(status.value(u"connections"_s).toString().toInt() >= 1);
    QCOMPARE(status.value(u"totalLength"_s).toString(), QString::number(size));
    QCOMPARE(rpc.call(u"aria2.getServers"_s, {gid}).result.toArray().at(0).toObject().value(u"index"_s).toString(), u"1"_s);

    const RpcAnswer paused = rpc.call(u"aria2.pause"_s, {gid});
    QCOMPARE(paused.result.toString(), gid);
    status = rpc.status(gid);
    QCOMPARE(status.value(u"status"_s).toString(), u"paused"_s);
    QCOMPARE(status.value(u"downloadSpeed"_s).toString(), u"0"_s);
    QCOMPARE(status.value(u"connections"_s).toString(), u"0"_s);
    QVERIFY(!status.contains(u"errorCode"_s));  // aria2 reports an outcome only once stopped
    QCOMPARE(gidsOf(rpc.call(u"aria2.tellWaiting"_s, {0, 10}).result), QStringList{gid});
    QCOMPARE(rpc.call(u"aria2.tellActive"_s).result.toArray().size(), 0);
    QVERIFY(rpc.call(u"aria2.getServers"_s, {gid}).isError());

    m_server.setResponse(u"/t/slow.bin"_s, resumable(size, 3));
    QCOMPARE(rpc.call(u"aria2.unpause"_s, {gid}).result.toString(), gid);
    QVERIFY(rpc.waitStatus(gid, u"complete"_s));
    QCOMPARE(EngineFixture::fileSha256(rpc.engine().path(u"slow.bin"_s)), EngineFixture::sha256(FaultServer::generatedBody(size, 3)));
    QVERIFY(m_server.requests(u"/t/slow.bin"_s).last().rangeStart() > 0);  // went on, not from zero
}

void TestAria2Methods::statusKeysFilter()
{
    m_server.setResponse(u"/k/one.bin"_s, resumable(1000, 1));
    Aria2Harness rpc;
    const QString gid = rpc.addUri(m_server.url(u"/k/one.bin"_s).toString());
    QVERIFY(rpc.waitStatus(gid, u"complete"_s));
    const QJsonObject some = rpc.status(gid, {u"gid"_s, u"status"_s, u"totalLength"_s, u"noSuchKey"_s});
    QCOMPARE(some.keys(), (QStringList{u"gid"_s, u"status"_s, u"totalLength"_s}));
    QCOMPARE(some.value(u"totalLength"_s).toString(), u"1000"_s);
    QCOMPARE(rpc.status(gid, {u"files"_s}).keys(), QStringList{u"files"_s});
    // Without keys: every field aria2 gives for a stopped download that Gather can fill.
    const QStringList all = rpc.status(gid).keys();
    for (const QString &key : {u"gid"_s, u"status"_s, u"totalLength"_s, u"completedLength"_s, u"uploadLength"_s,
                               u"downloadSpeed"_s, u"uploadSpeed"_s, u"connections"_s, u"errorCode"_s,
                               u"errorMessage"_s, u"dir"_s, u"files"_s})
        QVERIFY2(all.contains(key), qPrintable(key));
    QVERIFY(!all.contains(u"bitfield"_s));  // omitted rather than invented
    const QJsonArray active = rpc.call(u"aria2.tellStopped"_s, {0, 1, keys({u"status"_s})}).result.toArray();
    QCOMPARE(active.at(0).toObject().keys(), QStringList{u"status"_s});
}

void TestAria2Methods::listsPageLikeAria2AndPositionsDecideTheOrder()
{
    m_server.setResponse(u"/q/slow.bin"_s, resumable(4 * kMiB, 9, 256 * 1024));
    for (const QString &name : {u"b"_s, u"c"_s, u"d"_s})
        m_server.setResponse(u"/q/"_s + name, FaultResponse::ok(name.toLatin1().repeated(100)));
    DownloadSettings settings = EngineFixture::testSettings();
    settings.maxConcurrent = 1;
    Aria2Harness rpc(settings);
    const QString a = rpc.addUri(m_server.url(u"/q/slow.bin"_s).toString());
    const QString b = rpc.addUri(m_server.url(u"/q/b"_s).toString());
    const QString c = rpc.addUri(m_server.url(u"/q/c"_s).toString());
    const QString d = rpc.addUri(m_server.url(u"/q/d"_s).toString());
    QVERIFY(rpc.waitStatus(a, u"active"_s));
    QCOMPARE(gidsOf(rpc.call(u"aria2.tellActive"_s, QJsonArray{QJsonValue(keys({u"gid"_s}))}).result), QStringList{a});
    QCOMPARE(gidsOf(rpc.call(u"aria2.tellWaiting"_s, {0, 10}).result), (QStringList{b, c, d}));

    QJsonObject stat = rpc.call(u"aria2.getGlobalStat"_s).result.toObject();
    QCOMPARE(stat.value(u"numActive"_s).toString(), u"1"_s);
    QCOMPARE(stat.value(u"numWaiting"_s).toString(), u"3"_s);
    QCOMPARE(stat.value(u"numStopped"_s).toString(), u"0"_s);

    // aria2's IndexedList::move: POS_SET, POS_CUR and POS_END, clamped to the queue.
    QCOMPARE(rpc.call(u"aria2.changePosition"_s, {d, 0, u"POS_SET"_s}).result.toInteger(), 0);
    QCOMPARE(gidsOf(rpc.call(u"aria2.tellWaiting"_s, {0, 10}).result), (QStringList{d, b, c}));
    QCOMPARE(rpc.call(u"aria2.changePosition"_s, {b, 5, u"POS_CUR"_s}).result.toInteger(), 2);
    QCOMPARE(gidsOf(rpc.call(u"aria2.tellWaiting"_s, {0, 10}).result), (QStringList{d, c, b}));
    QCOMPARE(rpc.call(u"aria2.changePosition"_s, {d, -1, u"POS_END"_s}).result.toInteger(), 1);
    QCOMPARE(gidsOf(rpc.call(u"aria2.tellWaiting"_s, {0, 10}).result), (QStringList{c, d, b}));
    QCOMPARE(rpc.call(u"aria2.changePosition"_s, {d, -1, u"POS_CUR"_s}).result.toInteger(), 0);
    const QStringList order{d, c, b};
    QCOMPARE(gidsOf(rpc.call(u"aria2.tellWaiting"_s, {0, 10}).result), order);
    QVERIFY(rpc.manager().placeInQueue(Aria2Harness::idOf(d)) < rpc.manager().placeInQueue(Aria2Harness::idOf(c)));
    // A running download is not in the waiting queue.
    QCOMPARE(rpc.call(u"aria2.changePosition"_s, {a, 0, u"POS_SET"_s}).errorMessage,
             u"GID#%1 not found in the waiting queue."_s.arg(a));

    // Pages: offset and num; a negative offset counts from the end and lists backwards.
    QCOMPARE(gidsOf(rpc.call(u"aria2.tellWaiting"_s, {0, 2}).result), (QStringList{d, c}));
    QCOMPARE(gidsOf(rpc.call(u"aria2.tellWaiting"_s, {1, 10}).result), (QStringList{c, b}));
    QCOMPARE(gidsOf(rpc.call(u"aria2.tellWaiting"_s, {-1, 2}).result), (QStringList{b, c}));
    QCOMPARE(gidsOf(rpc.call(u"aria2.tellWaiting"_s, {-2, 5}).result), (QStringList{c, d}));
    QCOMPARE(gidsOf(rpc.call(u"aria2.tellWaiting"_s, {-4, 5}).result), QStringList());
    QCOMPARE(gidsOf(rpc.call(u"aria2.tellWaiting"_s, {3, 1}).result), QStringList());
    QCOMPARE(gidsOf(rpc.call(u"aria2.tellWaiting"_s, {0, 0}).result), QStringList());

    // The running one leaves (removed); the server then sees the others start in the new order.
    QCOMPARE(rpc.call(u"aria2.remove"_s, {a}).result.toString(), a);
    for (const QString &gid : order)
        QVERIFY(rpc.waitStatus(gid, u"complete"_s));
    QStringList started;
    for (const QString &name : {u"/q/b"_s, u"/q/c"_s, u"/q/d"_s}) {
        for (const RecordedRequest &request : m_server.requests(name))
            started.append(u"%1 %2"_s.arg(request.startedMs, 8, 10, QLatin1Char('0')).arg(name));
    }
    started.sort();
    for (QString &line : started)
        line = line.section(u' ', 1);
    QCOMPARE(started, (QStringList{u"/q/d"_s, u"/q/c"_s, u"/q/b"_s}));

    // Stopped in the order they stopped: the removed one first.
    QCOMPARE(gidsOf(rpc.call(u"aria2.tellStopped"_s, {0, 10}).result), (QStringList{a, d, c, b}));
    QCOMPARE(rpc.status(a).value(u"status"_s).toString(), u"removed"_s);
    QCOMPARE(rpc.status(a).value(u"errorCode"_s).toString(), u"31"_s);
    QCOMPARE(gidsOf(rpc.call(u"aria2.tellStopped"_s, {-1, 2}).result), (QStringList{b, c}));
    stat = rpc.call(u"aria2.getGlobalStat"_s).result.toObject();
    QCOMPARE(stat.value(u"numActive"_s).toString(), u"0"_s);
    QCOMPARE(stat.value(u"numWaiting"_s).toString(), u"0"_s);
    QCOMPARE(stat.value(u"numStopped"_s).toString(), u"4"_s);
    QCOMPARE(stat.value(u"numStoppedTotal"_s).toString(), u"4"_s);
    QCOMPARE(stat.value(u"uploadSpeed"_s).toString(), u"0"_s);

    QCOMPARE(rpc.call(u"aria2.purgeDownloadResult"_s).result.toString(), u"OK"_s);
    stat = rpc.call(u"aria2.getGlobalStat"_s).result.toObject();
    QCOMPARE(stat.value(u"numStopped"_s).toString(), u"0"_s);
    QCOMPARE(stat.value(u"numStoppedTotal"_s).toString(), u"4"_s);
    QCOMPARE(rpc.manager().count(), 0);
    QCOMPARE(QFile(rpc.engine().path(u"d"_s)).size(), 100);  // files stay
}

void TestAria2Methods::changeOptionReachesTheEngine()
{
    const qint64 size = 12 * kMiB;
    m_server.setResponse(u"/o/big.bin"_s, resumable(size, 5));
    DownloadSettings settings = EngineFixture::testSettings();
    settings.split = 4;
    Aria2Harness rpc(settings);
    const QString gid = rpc.addUri(m_server.url(u"/o/big.bin"_s).toString(), {{u"pause"_s, u"true"_s}});
    QCOMPARE(rpc.statusName(gid), u"paused"_s);
    QCOMPARE(rpc.call(u"aria2.changeOption"_s, {gid, QJsonObject{{u"split"_s, u"1"_s}, {u"max-download-limit"_s, u"64M"_s}}}).result.toString(), u"OK"_s);
    const UrlEntry &entry = rpc.engine().download(Aria2Harness::idOf(gid)).entry();
    QCOMPARE(entry.split, std::optional<int>(1));
    QCOMPARE(entry.maxBytesPerSecond, std::optional<qint64>(64 * kMiB));
    const QJsonObject options = rpc.call(u"aria2.getOption"_s, {gid}).result.toObject();
    QCOMPARE(options.value(u"split"_s).toString(), u"1"_s);
    QCOMPARE(options.value(u"max-download-limit"_s).toString(), QString::number(64 * kMiB));

    QCOMPARE(rpc.call(u"aria2.unpause"_s, {gid}).result.toString(), gid);
    QVERIFY(rpc.waitStatus(gid, u"complete"_s));
    QCOMPARE(m_server.maxConcurrentRequests(), 1);  // split=1: one connection for all 12 MiB
    QCOMPARE(EngineFixture::fileSha256(rpc.engine().path(u"big.bin"_s)), EngineFixture::sha256(FaultServer::generatedBody(size, 5)));

    // A stopped download's options no longer change, as in aria2.
    const RpcAnswer late = rpc.call(u"aria2.changeOption"_s, {gid, QJsonObject{{u"split"_s, u"2"_s}}});
    QCOMPARE(late.errorCode, 1);
    QCOMPARE(late.errorMessage, u"Cannot change option for GID#%1"_s.arg(gid));
}

void TestAria2Methods::removedAndCompletedResultsLeaveWithoutTouchingFiles()
{
    m_server.setResponse(u"/r/done.bin"_s, resumable(5000, 2));
    m_server.setResponse(u"/r/slow.bin"_s, resumable(4 * kMiB, 4, 256 * 1024));
    Aria2Harness rpc;
    const QString done = rpc.addUri(m_server.url(u"/r/done.bin"_s).toString());
    const QString slow = rpc.addUri(m_server.url(u"/r/slow.bin"_s).toString());
    QVERIFY(rpc.waitStatus(done, u"complete"_s));
    QVERIFY(rpc.waitStatus(slow, u"active"_s));
    QCOMPARE(rpc.call(u"aria2.forceRemove"_s, {slow}).result.toString(), slow);
    QCOMPARE(rpc.statusName(slow), u"removed"_s);
    QCOMPARE(gidsOf(rpc.call(u"aria2.tellStopped"_s, {0, 10}).result), (QStringList{done, slow}));
    // remove does not reach a stopped download (aria2 keeps it among its results).
    QCOMPARE(rpc.call(u"aria2.remove"_s, {done}).errorMessage, u"Active Download not found for GID#%1"_s.arg(done));

    const QByteArray digest = EngineFixture::sha256(FaultServer::generatedBody(5000, 2));
    QCOMPARE(rpc.call(u"aria2.removeDownloadResult"_s, {done}).result.toString(), u"OK"_s);
    QCOMPARE(gidsOf(rpc.call(u"aria2.tellStopped"_s, {0, 10}).result), QStringList{slow});
    QCOMPARE(rpc.call(u"aria2.tellStatus"_s, {done}).errorMessage, u"GID %1 is not found"_s.arg(done));
    QCOMPARE(rpc.call(u"aria2.removeDownloadResult"_s, {slow}).result.toString(), u"OK"_s);
    QCOMPARE(rpc.call(u"aria2.tellStopped"_s, {0, 10}).result.toArray().size(), 0);
    QCOMPARE(rpc.manager().count(), 0);
    QCOMPARE(EngineFixture::fileSha256(rpc.engine().path(u"done.bin"_s)), digest);
}

void TestAria2Methods::notificationsFollowEachChange()
{
    const qint64 size = 2 * kMiB;
    m_server.setResponse(u"/n/file.bin"_s, resumable(size, 6, 2 * kMiB));
    Aria2Harness rpc;
    QSignalSpy spy(&rpc.aria2(), &Aria2Methods::notification);
    const QString gid = rpc.addUri(m_server.url(u"/n/file.bin"_s).toString());
    QVERIFY(QTest::qWaitFor([&] { return spy.size() == 1; }, 10000));
    QVERIFY(QTest::qWaitFor([&] { return rpc.engine().download(Aria2Harness::idOf(gid)).bytesReceived() > 64 * 1024; }, 10000));
    QCOMPARE(rpc.call(u"aria2.pause"_s, {gid}).result.toString(), gid);
    QVERIFY(QTest::qWaitFor([&] { return spy.size() == 2; }, 10000));
    m_server.setResponse(u"/n/file.bin"_s, resumable(size, 6));
    QCOMPARE(rpc.call(u"aria2.unpause"_s, {gid}).result.toString(), gid);
    QVERIFY(rpc.waitStatus(gid, u"complete"_s));
    QVERIFY(QTest::qWaitFor([&] { return spy.size() >= 4; }, 10000));

    QStringList methods;
    for (const QList<QVariant> &signal : spy) {
        QCOMPARE(signal.at(1).toString(), gid);
        methods.append(signal.at(0).toString());
    }
    QCOMPARE(methods, (QStringList{u"aria2.onDownloadStart"_s, u"aria2.onDownloadPause"_s,
                                   u"aria2.onDownloadStart"_s, u"aria2.onDownloadComplete"_s}));
    QCOMPARE(EngineFixture::fileSha256(rpc.engine().path(u"file.bin"_s)), EngineFixture::sha256(FaultServer::generatedBody(size, 6)));
}

void TestAria2Methods::outcomesAreNotifiedOnce()
{
    m_server.setResponse(u"/x/quick.bin"_s, FaultResponse::ok("quick"));
    m_server.setResponse(u"/x/missing.bin"_s, FaultResponse::withStatus(404));
    Aria2Harness rpc;
    QSignalSpy spy(&rpc.aria2(), &Aria2Methods::notification);
    QSignalSpy batches(&rpc.manager(), &DownloadManager::downloadsChanged);
    const QString quick = rpc.addUri(m_server.url(u"/x/quick.bin"_s).toString());
    const QString missing = rpc.addUri(m_server.url(u"/x/missing.bin"_s).toString());
    const QString waiting = rpc.addUri(m_server.url(u"/x/never.bin"_s).toString(), {{u"pause"_s, u"true"_s}});
    QVERIFY(rpc.waitStatus(quick, u"complete"_s));
    QVERIFY(rpc.waitStatus(missing, u"error"_s));
    QCOMPARE(rpc.status(missing).value(u"errorCode"_s).toString(), u"22"_s);
    QVERIFY(!rpc.status(missing).value(u"errorMessage"_s).toString().isEmpty());
    // Its pause reached a batch (a waiting download's pause is no news) before it leaves the list.
    const auto batched = [&](DownloadId id) {
        for (const QList<QVariant> &batch : batches) {
            if (batch.at(0).value<QList<DownloadId>>().contains(id))
                return true;
        }
        return false;
    };
    QVERIFY(QTest::qWaitFor([&] { return batched(Aria2Harness::idOf(waiting)); }, 10000));
    rpc.manager().remove(Aria2Harness::idOf(waiting));  // taken out of the list in the window
    QVERIFY(QTest::qWaitFor([&] { return spy.size() >= 5; }, 10000));

    QHash<QString, QStringList> byGid;
    for (const QList<QVariant> &signal : spy)
        byGid[signal.at(1).toString()].append(signal.at(0).toString());
    // However quickly it ran, a download that finished was announced as started first.
    QCOMPARE(byGid.value(quick), (QStringList{u"aria2.onDownloadStart"_s, u"aria2.onDownloadComplete"_s}));
    QCOMPARE(byGid.value(missing), (QStringList{u"aria2.onDownloadStart"_s, u"aria2.onDownloadError"_s}));
    QCOMPARE(byGid.value(waiting), QStringList{u"aria2.onDownloadStop"_s});
    QCOMPARE(spy.size(), 5);
}

QTEST_GUILESS_MAIN(TestAria2Methods)
#include "tst_aria2methods.moc"
