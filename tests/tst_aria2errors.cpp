// aria2's RPC methods where they refuse: GIDs that are unknown, malformed or ambiguous; wrong
// and missing parameter types; option values that are wrong (checksum, header, split, limit,
// out, pause); a dir outside the allowed folder, through '..' or a symbolic link; what Gather
// cannot do (BitTorrent, Metalink, mirrors, other schemes); commands in the wrong state. Each
// answers code 1 with aria2's sentence or a clear one. Also the session methods and the global
// options. No download here reaches a network: they are added paused.
#include "aria2harness.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// Nothing listens there, and the downloads are paused anyway.
const QString kLink = u"http://127.0.0.1:9/file.bin"_s;
const QJsonObject kPaused{{u"pause"_s, u"true"_s}};

QJsonObject pausedWith(const QString &name, const QJsonValue &value)
{
    QJsonObject options = kPaused;
    options.insert(name, value);
    return options;
}

} // namespace

class TestAria2Errors final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void gids();
    void parameterTypes();
    void badOptionValues_data();
    void badOptionValues();
    void allowedFolder();
    void whatGatherCannotDo();
    void commandsInTheWrongState();
    void globalOptions();
    void session();
};

void TestAria2Errors::gids()
{
    Aria2Harness rpc;
    const QString first = rpc.addUri(kLink, kPaused);
    QCOMPARE(first, u"0000000000000001"_s);
    QCOMPARE(rpc.statusName(u"0000000000000001"_s), u"paused"_s);
    QCOMPARE(rpc.statusName(u"0000000000000001"_s.toUpper()), u"paused"_s);

    const auto message = [&](const QString &gid) {
        const RpcAnswer answer = rpc.call(u"aria2.tellStatus"_s, {gid});
        return answer.errorCode == 1 ? answer.errorMessage : u"code %1"_s.arg(answer.errorCode);
    };
    QCOMPARE(message(u"00000000000000ff"_s), u"GID 00000000000000ff is not found"_s);
    QCOMPARE(message(u"xyz"_s), u"Invalid GID xyz"_s);
    QCOMPARE(message(u"00000000000000001"_s), u"Invalid GID 00000000000000001"_s);
    QCOMPARE(message(QString()), u"Invalid GID "_s);
    QCOMPARE(message(u"0000000000000000"_s), u"GID 0000000000000000 is not found"_s);

    // A unique prefix names one download, as in aria2.
    rpc.manager().reserveIdsThrough(0xff);
    const QString second = rpc.addUri(kLink + u"?2"_s, kPaused);
    QCOMPARE(second, u"0000000000000100"_s);
    QCOMPARE(rpc.status(u"00000000000001"_s, {u"gid"_s}).value(u"gid"_s).toString(), second);
    QCOMPARE(message(u"0000000000000"_s), u"GID 0000000000000 is not unique"_s);
    QCOMPARE(message(u"1"_s), u"GID 1 is not found"_s);
}

void TestAria2Errors::parameterTypes()
{
    Aria2Harness rpc;
    const QString gid = rpc.addUri(kLink, kPaused);
    const auto message = [&](const QString &method, const QJsonArray &params) {
        const RpcAnswer answer = rpc.call(method, params);
        return answer.errorCode == 1 ? answer.errorMessage : u"code %1"_s.arg(answer.errorCode);
    };
    QCOMPARE(message(u"aria2.tellStatus"_s, {}), u"The parameter at 0 is required but missing."_s);
    QCOMPARE(message(u"aria2.tellStatus"_s, {1}), u"The parameter at 0 has wrong type."_s);
    QCOMPARE(message(u"aria2.tellStatus"_s, {gid, u"gid"_s}), u"The parameter at 1 has wrong type."_s);
    QCOMPARE(message(u"aria2.addUri"_s, {kLink}), u"The parameter at 0 has wrong type."_s);
    QCOMPARE(message(u"aria2.addUri"_s, {QJsonArray{kLink}, u"dir"_s}), u"The parameter at 1 has wrong type."_s);
    QCOMPARE(message(u"aria2.addUri"_s, {QJsonArray{kLink}, QJsonObject{}, 1.5}), u"The parameter at 2 has wrong type."_s);
    QCOMPARE(message(u"aria2.addUri"_s, {QJsonArray{kLink}, QJsonObject{}, -1}), u"Position must be greater than or equal to 0."_s);
    QCOMPARE(message(u"aria2.addUri"_s, QJsonArray{QJsonValue(QJsonArray{})}), u"URI is not provided."_s);
    QCOMPARE(message(u"aria2.addUri"_s, QJsonArray{QJsonValue(QJsonArray{1, true})}), u"URI is not provided."_s);
    QCOMPARE(message(u"aria2.tellWaiting"_s, {u"0"_s, 1}), u"The parameter at 0 has wrong type."_s);
    QCOMPARE(message(u"aria2.tellWaiting"_s, {0}), u"The parameter at 1 is required but missing."_s);
    QCOMPARE(message(u"aria2.tellStopped"_s, {0, -1}),
             u"The integer parameter at 1 has invalid value: the value must be greater than or equal to 0."_s);
    QCOMPARE(message(u"aria2.tellActive"_s, {QJsonObject{}}), u"The parameter at 0 has wrong type."_s);
    QCOMPARE(message(u"aria2.changePosition"_s, {gid, 0, u"POS_ANYWHERE"_s}), u"Illegal argument."_s);
    QCOMPARE(message(u"aria2.changePosition"_s, {gid, u"0"_s, u"POS_SET"_s}), u"The parameter at 1 has wrong type."_s);
    QCOMPARE(message(u"aria2.changeOption"_s, {gid}), u"The parameter at 1 is required but missing."_s);
    QCOMPARE(message(u"aria2.changeOption"_s, {gid, QJsonArray{}}), u"The parameter at 1 has wrong type."_s);
    QCOMPARE(message(u"aria2.changeGlobalOption"_s, {}), u"The parameter at 0 is required but missing."_s);
    // A position given to addUri puts the new download there in the waiting queue.
    const RpcAnswer added = rpc.call(u"aria2.addUri"_s, {QJsonArray{QString(kLink + u"?b"_s)}, kPaused, 0});
    QVERIFY(!added.isError());
    QCOMPARE(rpc.call(u"aria2.tellWaiting"_s, {0, 1}).result.toArray().at(0).toObject().value(u"gid"_s).toString(),
             added.result.toString());
}

void TestAria2Errors::badOptionValues_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("says");

    QTest::newRow("checksum not hex") << u"checksum"_s << QJsonValue(u"sha-256=zz"_s) << u"invalid checksum"_s;
    QTest::newRow("checksum unknown kind") << u"checksum"_s << QJsonValue(u"crc32=00ff00ff"_s) << u"invalid checksum"_s;
    QTest::newRow("header without colon") << u"header"_s << QJsonValue(u"NoColon"_s) << u"header must look like"_s;
    QTest::newRow("header in a list") << u"header"_s << QJsonValue(QJsonArray{u"A: b"_s, u"Range: bytes=0-"_s}) << u"set by Gather"_s;
    QTest::newRow("header not text") << u"header"_s << QJsonValue(QJsonArray{1}) << u"string or an array of strings"_s;
    QTest::newRow("split zero") << u"split"_s << QJsonValue(u"0"_s) << u"split must be a number of connections from 1 to 16"_s;
    QTest::newRow("split too many") << u"split"_s << QJsonValue(99) << u"split must be"_s;
    QTest::newRow("split words") << u"split"_s << QJsonValue(u"many"_s) << u"not 'many'"_s;
    QTest::newRow("limit words") << u"max-download-limit"_s << QJsonValue(u"fast"_s) << u"max-download-limit must be a speed"_s;
    QTest::newRow("out with a folder") << u"out"_s << QJsonValue(u"a/b.bin"_s) << u"out must be a file name"_s;
    QTest::newRow("out dot-dot") << u"out"_s << QJsonValue(u".."_s) << u"cannot be '.' or '..'"_s;
    QTest::newRow("pause maybe") << u"pause"_s << QJsonValue(u"maybe"_s) << u"pause must be true or false"_s;
    QTest::newRow("dir empty") << u"dir"_s << QJsonValue(u""_s) << u"dir is empty"_s;
    QTest::newRow("option as object") << u"out"_s << QJsonValue(QJsonObject{}) << u"option 'out' must be a string"_s;
    QTest::newRow("referer with a newline") << u"referer"_s << QJsonValue(u"a\nb"_s) << u"control character"_s;
    QTest::newRow("bittorrent option") << u"bt-max-peers"_s << QJsonValue(u"5"_s) << u"does not do BitTorrent"_s;
    QTest::newRow("chosen gid") << u"gid"_s << QJsonValue(u"00000000000000aa"_s) << u"chooses each download's GID"_s;
}

void TestAria2Errors::badOptionValues()
{
    QFETCH(QString, option);
    QFETCH(QJsonValue, value);
    QFETCH(QString, says);
    Aria2Harness rpc;
    const RpcAnswer added = rpc.call(u"aria2.addUri"_s, {QJsonArray{kLink}, pausedWith(option, value)});
    QCOMPARE(added.errorCode, 1);
    QVERIFY2(added.errorMessage.contains(says), qPrintable(added.errorMessage));
    QCOMPARE(rpc.manager().count(), 0);

    // changeOption reads them the same way, and changes nothing when one is wrong.
    const QString gid = rpc.addUri(kLink, kPaused);
    if (option == u"pause")
        return;  // not an option changeOption takes; ignored there, as aria2 ignores it
    const RpcAnswer changed = rpc.call(u"aria2.changeOption"_s, {gid, QJsonObject{{option, value}}});
    QCOMPARE(changed.errorCode, 1);
    QVERIFY2(changed.errorMessage.contains(says), qPrintable(changed.errorMessage));
    QCOMPARE(rpc.engine().download(Aria2Harness::idOf(gid)).entry().split, std::nullopt);
}

void TestAria2Errors::allowedFolder()
{
    Aria2Harness rpc;
    const QString base = rpc.engine().folder();
    const QString allowed = QDir(base).filePath(u"allowed"_s);
    QVERIFY(QDir().mkpath(allowed));
    QTemporaryDir outside;
    QVERIFY(QFile::link(outside.path(), QDir(allowed).filePath(u"link"_s)));
    rpc.aria2().setAllowedFolder(allowed);

    const auto refused = [&](const QString &dir) {
        const RpcAnswer answer = rpc.call(u"aria2.addUri"_s, {QJsonArray{kLink}, pausedWith(u"dir"_s, dir)});
        return answer.errorCode == 1 && answer.errorMessage.contains(u"outside the folder remote downloads are allowed into"_s);
    };
    QVERIFY(refused(u"/etc"_s));
    QVERIFY(refused(base));
    QVERIFY(refused(u"allowed/../elsewhere"_s));
    QVERIFY(refused(allowed + u"/../../x"_s));
    QVERIFY(refused(u"allowed/link"_s));            // a link inside that leads outside
    QVERIFY(refused(u"allowed/link/deeper/new"_s));
    QVERIFY(refused(allowed + u"-sibling"_s));      // a name that only starts the same
    QCOMPARE(rpc.manager().count(), 0);

    const QString inside = rpc.addUri(kLink, pausedWith(u"dir"_s, u"allowed/new/deeper"_s));
    QVERIFY(!inside.isEmpty());
    QCOMPARE(rpc.status(inside).value(u"dir"_s).toString(), QDir(allowed).filePath(u"new/deeper"_s));
    QVERIFY(!rpc.addUri(kLink + u"?2"_s, pausedWith(u"dir"_s, allowed)).isEmpty());

    // changeOption and changeGlobalOption follow the same rule.
    const RpcAnswer moved = rpc.call(u"aria2.changeOption"_s, {inside, QJsonObject{{u"dir"_s, u"/tmp"_s}}});
    QCOMPARE(moved.errorCode, 1);
    QVERIFY(moved.errorMessage.contains(u"outside the folder"_s));
    const RpcAnswer global = rpc.call(u"aria2.changeGlobalOption"_s, {QJsonObject{{u"dir"_s, outside.path()}}});
    QCOMPARE(global.errorCode, 1);
    QCOMPARE(rpc.manager().settings().folder, base);
}

void TestAria2Errors::whatGatherCannotDo()
{
    Aria2Harness rpc;
    for (const QString &method : {u"aria2.addTorrent"_s, u"aria2.addMetalink"_s, u"aria2.getPeers"_s}) {
        const RpcAnswer answer = rpc.call(method, {u"ZGF0YQ=="_s});
        QCOMPARE(answer.errorCode, 1);
        QVERIFY2(answer.errorMessage.contains(u"Gather does not do BitTorrent or Metalink"_s), qPrintable(answer.errorMessage));
    }
    const auto message = [&](const QJsonArray &uris) { return rpc.call(u"aria2.addUri"_s, QJsonArray{QJsonValue(uris)}).errorMessage; };
    QVERIFY(message({u"magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567"_s}).contains(u"BitTorrent"_s));
    QVERIFY(message({u"ftp://example.org/file"_s}).contains(u"http and https links only"_s));
    QVERIFY(message({u"file:///etc/passwd"_s}).contains(u"http and https links only"_s));
    QVERIFY(message({u"http://a.example/f"_s, u"http://b.example/f"_s}).contains(u"mirrors are not supported"_s));
    QVERIFY(rpc.call(u"aria2.changeUri"_s, {u"0000000000000001"_s, 1, QJsonArray{}, QJsonArray{}}).errorMessage.contains(u"one link"_s));
    QCOMPARE(rpc.manager().count(), 0);
    // The same link twice is one link.
    QVERIFY(!rpc.call(u"aria2.addUri"_s, {QJsonArray{kLink, kLink}, kPaused}).isError());
}

void TestAria2Errors::commandsInTheWrongState()
{
    Aria2Harness rpc;
    const QString gid = rpc.addUri(kLink, kPaused);
    QCOMPARE(rpc.call(u"aria2.pause"_s, {gid}).errorMessage, u"GID#%1 cannot be paused now"_s.arg(gid));
    QCOMPARE(rpc.call(u"aria2.removeDownloadResult"_s, {gid}).errorMessage, u"Could not remove download result of GID#%1"_s.arg(gid));
    QCOMPARE(rpc.call(u"aria2.getServers"_s, {gid}).errorMessage, u"No active download for GID#%1"_s.arg(gid));
    QCOMPARE(rpc.call(u"aria2.getUris"_s, {gid}).result.toArray().at(0).toObject().value(u"status"_s).toString(), u"waiting"_s);
    QCOMPARE(rpc.call(u"aria2.pauseAll"_s).result.toString(), u"OK"_s);
    QCOMPARE(rpc.call(u"aria2.remove"_s, {gid}).result.toString(), gid);
    QCOMPARE(rpc.statusName(gid), u"removed"_s);
    QCOMPARE(rpc.call(u"aria2.unpause"_s, {gid}).errorMessage, u"GID#%1 cannot be unpaused now"_s.arg(gid));
    QCOMPARE(rpc.call(u"aria2.remove"_s, {gid}).errorMessage, u"Active Download not found for GID#%1"_s.arg(gid));
    QCOMPARE(rpc.call(u"aria2.changePosition"_s, {gid, 0, u"POS_SET"_s}).errorMessage,
             u"GID#%1 not found in the waiting queue."_s.arg(gid));
    QVERIFY(rpc.call(u"aria2.getFiles"_s, {gid}).result.isArray());
}

void TestAria2Errors::globalOptions()
{
    Aria2Harness rpc;
    QSignalSpy saved(&rpc.aria2(), &Aria2Methods::settingsChanged);
    const QString folder = QDir(rpc.engine().folder()).filePath(u"global"_s);
    const RpcAnswer changed = rpc.call(u"aria2.changeGlobalOption"_s, {QJsonObject{
        {u"max-overall-download-limit"_s, u"1M"_s}, {u"max-concurrent-downloads"_s, u"2"_s},
        {u"max-connection-per-server"_s, u"3"_s}, {u"split"_s, 5}, {u"dir"_s, folder},
        {u"log-level"_s, u"debug"_s},  // not a setting Gather has: ignored, as aria2 ignores unknown ones
    }});
    QCOMPARE(changed.result.toString(), u"OK"_s);
    const DownloadSettings &settings = rpc.manager().settings();
    QCOMPARE(settings.maxOverallBytesPerSecond, 1024 * 1024);
    QCOMPARE(settings.maxConcurrent, 2);
    QCOMPARE(settings.maxPerHost, 3);
    QCOMPARE(settings.split, 5);
    QCOMPARE(settings.folder, folder);
    QCOMPARE(saved.size(), 1);
    const QJsonObject global = rpc.call(u"aria2.getGlobalOption"_s).result.toObject();
    QCOMPARE(global.value(u"max-overall-download-limit"_s).toString(), u"1048576"_s);
    QCOMPARE(global.value(u"max-concurrent-downloads"_s).toString(), u"2"_s);
    QCOMPARE(global.value(u"split"_s).toString(), u"5"_s);
    QCOMPARE(global.value(u"dir"_s).toString(), folder);

    // One wrong value: nothing applies.
    const RpcAnswer wrong = rpc.call(u"aria2.changeGlobalOption"_s, {QJsonObject{{u"max-concurrent-downloads"_s, u"4"_s}, {u"split"_s, u"0"_s}}});
    QCOMPARE(wrong.errorCode, 1);
    QVERIFY2(wrong.errorMessage.contains(u"split must be a number from 1 to 32"_s), qPrintable(wrong.errorMessage));
    QCOMPARE(rpc.manager().settings().maxConcurrent, 2);
    QCOMPARE(saved.size(), 1);
    QVERIFY(rpc.call(u"aria2.changeGlobalOption"_s, {QJsonObject{{u"max-overall-download-limit"_s, u"lots"_s}}}).isError());
    QVERIFY(rpc.call(u"aria2.changeGlobalOption"_s, {QJsonObject{{u"bt-max-open-files"_s, u"5"_s}}}).errorMessage.contains(u"BitTorrent"_s));
}

void TestAria2Errors::session()
{
    Aria2Harness rpc;
    const QJsonObject version = rpc.call(u"aria2.getVersion"_s).result.toObject();
    QVERIFY(!version.value(u"version"_s).toString().isEmpty());
    QVERIFY(version.value(u"enabledFeatures"_s).toArray().contains(u"HTTPS"_s));
    const QString id = rpc.call(u"aria2.getSessionInfo"_s).result.toObject().value(u"sessionId"_s).toString();
    QVERIFY(id.contains(QRegularExpression(u"^[0-9a-f]{40}$"_s)));
    QCOMPARE(rpc.call(u"aria2.getSessionInfo"_s).result.toObject().value(u"sessionId"_s).toString(), id);
    QVERIFY(Aria2Harness().aria2().sessionId() != id);

    QSignalSpy save(&rpc.aria2(), &Aria2Methods::saveSessionRequested);
    QCOMPARE(rpc.call(u"aria2.saveSession"_s).result.toString(), u"OK"_s);
    QCOMPARE(save.size(), 1);
    QSignalSpy shutdown(&rpc.aria2(), &Aria2Methods::shutdownRequested);
    QCOMPARE(rpc.call(u"aria2.forceShutdown"_s).result.toString(), u"OK"_s);
    QCOMPARE(shutdown.size(), 0);  // the answer goes out first
    QVERIFY(shutdown.wait(5000));
    QCOMPARE(shutdown.at(0).at(0).toBool(), true);

    const QStringList names = rpc.table().names();
    for (const QString &method : {u"aria2.addUri"_s, u"aria2.remove"_s, u"aria2.forceRemove"_s, u"aria2.pause"_s,
                                  u"aria2.forcePause"_s, u"aria2.pauseAll"_s, u"aria2.forcePauseAll"_s, u"aria2.unpause"_s,
                                  u"aria2.unpauseAll"_s, u"aria2.tellStatus"_s, u"aria2.tellActive"_s, u"aria2.tellWaiting"_s,
                                  u"aria2.tellStopped"_s, u"aria2.getUris"_s, u"aria2.getFiles"_s, u"aria2.getServers"_s,
                                  u"aria2.changePosition"_s, u"aria2.changeOption"_s, u"aria2.getOption"_s,
                                  u"aria2.changeGlobalOption"_s, u"aria2.getGlobalOption"_s, u"aria2.getGlobalStat"_s,
                                  u"aria2.purgeDownloadResult"_s, u"aria2.removeDownloadResult"_s, u"aria2.getVersion"_s,
                                  u"aria2.getSessionInfo"_s, u"aria2.saveSession"_s, u"aria2.shutdown"_s,
                                  u"aria2.forceShutdown"_s, u"aria2.addTorrent"_s, u"aria2.addMetalink"_s, u"aria2.getPeers"_s})
        QVERIFY2(names.contains(method), qPrintable(method));
    QCOMPARE(rpc.table().notifications(),
             (QStringList{u"aria2.onDownloadStart"_s, u"aria2.onDownloadPause"_s, u"aria2.onDownloadStop"_s,
                          u"aria2.onDownloadComplete"_s, u"aria2.onDownloadError"_s, u"aria2.onBtDownloadComplete"_s}));
}

QTEST_GUILESS_MAIN(TestAria2Errors)
#include "tst_aria2errors.moc"
