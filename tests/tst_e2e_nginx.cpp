// End-to-end: the built `gather --headless` downloads from a real nginx on loopback.

#include "headlessrun.h"
#include "nginxserver.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <chrono>
#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

constexpr int SmallFileCount = 500;
constexpr qint64 LargeFileSize = 200 * 1024 * 1024;

bool writeLocalFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        && file.write(content) == content.size();
}

QByteArray readLocalFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList leftoverPartFiles(const QString &directory)
{
    return QDir(directory).entryList({u"*.part"_s}, QDir::Files | QDir::Hidden);
}

} // namespace

// Drives the gather binary against one nginx for the whole run; lives in the test's main thread.
class TestE2eNginx final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void fixtureServesFilesToQnam();
    void manySmallFilesInInputOrder();
    void largeFileIsByteExact();
    void oneFileOverSeveralConnections();
    void mixedListReportsEachLine();
    void existingFileIsNeverOverwritten();
    void checksum_data();
    void checksum();
    void everyRequestAskedForIdentityEncoding();

private:
    QString freshDirectory(const QString &name) const { return m_work.filePath(name); }
    int getCount(const QString &uri) const;

    NginxServer m_nginx;
    QTemporaryDir m_work;
};

void TestE2eNginx::initTestCase()
{
    QVERIFY2(QFileInfo(HeadlessRun::program()).isExecutable(), qPrintable(HeadlessRun::program()));
    QVERIFY(m_work.isValid());
    m_nginx.setSlowRate(8 * 1024 * 1024);
    QVERIFY2(m_nginx.start(), qPrintable(m_nginx.errorString()));
}

void TestE2eNginx::fixtureServesFilesToQnam()
{
    const QByteArray sha = m_nginx.writeFile(u"fixture/probe.bin"_s, 300 * 1024 + 7, 1);
    QVERIFY(!sha.isEmpty());
    QNetworkAccessManager manager;
    QNetworkRequest request(m_nginx.url(u"fixture/probe.bin"_s));
    request.setRawHeader("Accept-Encoding", "identity");
    std::unique_ptr<QNetworkReply> reply(manager.get(request));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(QCryptographicHash::hash(reply->readAll(), QCryptographicHash::Sha256).toHex(), sha);
    QTRY_COMPARE(getCount(u"/fixture/probe.bin"_s), 1);
    QCOMPARE(m_nginx.accessLog().constLast().bodyBytesSent, 300 * 1024 + 7);
}

void TestE2eNginx::manySmallFilesInInputOrder()
{
    const QStringList extensions = {u"bin"_s, u"txt"_s, u"dat"_s, u"tar.gz"_s};
    QRandomGenerator sizes(20240301);
    QStringList names;
    QList<QByteArray> hashes;
    QList<qint64> lengths;
    QByteArray list;
    for (int i = 0; i < SmallFileCount; ++i) {
        const QString name = u"file-"_s + QString::number(i).rightJustified(3, u'0') + u'.'
            + extensions.at(i % extensions.size());
        const qint64 size = i == 0 ? 0 : i == 1 ? 1 : i == 2 ? 65536 : sizes.bounded(1, 65537);
        const QByteArray sha = m_nginx.writeFile(u"small/"_s + name, size, quint32(i));
        QVERIFY(!sha.isEmpty());
        names.append(name);
        hashes.append(sha);
        lengths.append(size);
        list += m_nginx.url(u"small/"_s + name).toEncoded() + '\n';
    }
    const QString listFile = freshDirectory(u"small-list.txt"_s);
    QVERIFY(writeLocalFile(listFile, list));
    const QString out = freshDirectory(u"small-out"_s);

    HeadlessRun run;
    QVERIFY2(run.run({u"-i"_s, listFile, u"-d"_s, out, u"-j"_s, u"16"_s, u"--quiet"_s}, 60s),
             qPrintable(run.describe()));
    QVERIFY2(run.exitedNormally() && run.exitCode() == 0, qPrintable(run.describe()));
    QVERIFY2(run.reportError().isEmpty(), qPrintable(run.reportError()));
    const QList<ReportLine> report = run.report();
    QVERIFY2(report.size() == SmallFileCount, qPrintable(run.describe()));
    for (int i = 0; i < SmallFileCount; ++i) {
        const ReportLine &line = report.at(i);
        const QString expectedPath = QDir(out).absoluteFilePath(names.at(i));
        QCOMPARE(QUrl(line.url), m_nginx.url(u"small/"_s + names.at(i)));
        QVERIFY2(line.status == u"ok"_s, qPrintable(line.status + u' ' + line.error));
        QCOMPARE(line.bytes, lengths.at(i));
        QVERIFY(line.error.isEmpty());
        QVERIFY(line.seconds >= 0);
        QCOMPARE(line.path, expectedPath);
        QCOMPARE(QFileInfo(expectedPath).size(), lengths.at(i));
        QCOMPARE(NginxServer::sha256OfFile(expectedPath), hashes.at(i));
    }
    QCOMPARE(leftoverPartFiles(out), QStringList());
    QCOMPARE(QDir(out).entryList(QDir::Files | QDir::Hidden).size(), SmallFileCount);
}

void TestE2eNginx::largeFileIsByteExact()
{
    const QByteArray sha = m_nginx.writeFile(u"large/big.bin"_s, LargeFileSize, 200);
    QVERIFY(!sha.isEmpty());
    const QString out = freshDirectory(u"large-out"_s);

    HeadlessRun run;
    QVERIFY2(run.run({m_nginx.url(u"large/big.bin"_s).toString(), u"-d"_s, out, u"--quiet"_s},
                     120s),
             qPrintable(run.describe()));
    QVERIFY2(run.exitedNormally() && run.exitCode() == 0, qPrintable(run.describe()));
    const QList<ReportLine> report = run.report();
    QVERIFY2(report.size() == 1, qPrintable(run.describe()));
    const QString expectedPath = QDir(out).absoluteFilePath(u"big.bin"_s);
    QCOMPARE(report.constFirst().status, u"ok"_s);
    QCOMPARE(report.constFirst().bytes, LargeFileSize);
    QCOMPARE(report.constFirst().path, expectedPath);
    QCOMPARE(QFileInfo(expectedPath).size(), LargeFileSize);
    QCOMPARE(NginxServer::sha256OfFile(expectedPath), sha);
    QCOMPARE(leftoverPartFiles(out), QStringList());
    QVERIFY(QFile::remove(expectedPath));
    QVERIFY(QFile::remove(QDir(m_nginx.documentRoot()).filePath(u"large/big.bin"_s)));
}

// nginx throttles each connection under /slow/; --split spreads the file over four of them,
// each asking for its own range, and the parts add up to the exact file.
void TestE2eNginx::oneFileOverSeveralConnections()
{
    constexpr qint64 size = 16 * 1024 * 1024;
    const QByteArray sha = m_nginx.writeFile(u"slow/split.bin"_s, size, 300);
    QVERIFY(!sha.isEmpty());
    const QString out = freshDirectory(u"split-out"_s);

    HeadlessRun run;
    QVERIFY2(run.run({m_nginx.url(u"slow/split.bin"_s).toString(), u"-d"_s, out, u"--quiet"_s, u"--split"_s, u"4"_s,
                      u"--min-split-size"_s, u"1M"_s},
                     120s),
             qPrintable(run.describe()));
    QVERIFY2(run.exitedNormally() && run.exitCode() == 0, qPrintable(run.describe()));
    const QString path = QDir(out).absoluteFilePath(u"split.bin"_s);
    QCOMPARE(NginxServer::sha256OfFile(path), sha);
    QCOMPARE(leftoverPartFiles(out), QStringList());

    QTRY_VERIFY(getCount(u"/slow/split.bin"_s) >= 4);
    const QList<NginxServer::AccessLogEntry> log = m_nginx.accessLog();
    int ranged = 0;
    for (const NginxServer::AccessLogEntry &entry : log) {
        if (entry.uri != u"/slow/split.bin"_s)
            continue;
        if (entry.range == u"-"_s) {
            QCOMPARE(entry.status, 200);  // the first request, for the whole file
            continue;
        }
        QCOMPARE(entry.status, 206);
        ++ranged;
    }
    QVERIFY2(ranged >= 3, qPrintable(QString::number(ranged)));
}

void TestE2eNginx::mixedListReportsEachLine()
{
    const QByteArray good1 = m_nginx.writeFile(u"mixed/good1.bin"_s, 100 * 1024, 11);
    const QByteArray good2 = m_nginx.writeFile(u"mixed/good2.txt"_s, 3000, 12);
    QVERIFY(!good1.isEmpty() && !good2.isEmpty());
    const QByteArray list = m_nginx.url(u"mixed/good1.bin"_s).toEncoded() + '\n'
        + m_nginx.url(u"mixed/missing.bin"_s).toEncoded() + "\nftp://x\n"
        + m_nginx.url(u"mixed/good2.txt"_s).toEncoded() + '\n';
    const QString listFile = freshDirectory(u"mixed-list.txt"_s);
    QVERIFY(writeLocalFile(listFile, list));
    const QString out = freshDirectory(u"mixed-out"_s);

    HeadlessRun run;
    QVERIFY2(run.run({u"-i"_s, listFile, u"-d"_s, out, u"--quiet"_s}, 60s),
             qPrintable(run.describe()));
    QVERIFY2(run.exitedNormally() && run.exitCode() == 1, qPrintable(run.describe()));
    QVERIFY2(run.reportError().isEmpty(), qPrintable(run.reportError()));
    const QList<ReportLine> report = run.report();
    QVERIFY2(report.size() == 4, qPrintable(run.describe()));

    QCOMPARE(report.at(0).status, u"ok"_s);
    QCOMPARE(QUrl(report.at(0).url), m_nginx.url(u"mixed/good1.bin"_s));
    QCOMPARE(NginxServer::sha256OfFile(QDir(out).filePath(u"good1.bin"_s)), good1);

    QCOMPARE(report.at(1).status, u"failed"_s);
    QCOMPARE(QUrl(report.at(1).url), m_nginx.url(u"mixed/missing.bin"_s));
    QVERIFY2(report.at(1).error.contains(u"404"_s), qPrintable(report.at(1).error));
    QCOMPARE(report.at(1).path, u"-"_s);
    QVERIFY(!QFileInfo::exists(QDir(out).filePath(u"missing.bin"_s)));

    QCOMPARE(report.at(2).status, u"rejected"_s);
    QVERIFY2(report.at(2).url.contains(u"ftp://x"_s), qPrintable(report.at(2).url));
    QCOMPARE(report.at(2).path, u"-"_s);

    QCOMPARE(report.at(3).status, u"ok"_s);
    QCOMPARE(QUrl(report.at(3).url), m_nginx.url(u"mixed/good2.txt"_s));
    QCOMPARE(NginxServer::sha256OfFile(QDir(out).filePath(u"good2.txt"_s)), good2);

    QCOMPARE(leftoverPartFiles(out), QStringList());
    // A 404 is permanent: asking again cannot help.
    QTRY_COMPARE(getCount(u"/mixed/missing.bin"_s), 1);
}

void TestE2eNginx::existingFileIsNeverOverwritten()
{
    const QByteArray sha = m_nginx.writeFile(u"existing/report.txt"_s, 5000, 21);
    QVERIFY(!sha.isEmpty());
    const QString out = freshDirectory(u"existing-out"_s);
    QVERIFY(QDir().mkpath(out));
    const QByteArray mine = QByteArrayLiteral("the user's own report, not to be touched\n");
    QVERIFY(writeLocalFile(QDir(out).filePath(u"report.txt"_s), mine));

    HeadlessRun run;
    QVERIFY2(run.run({m_nginx.url(u"existing/report.txt"_s).toString(), u"-d"_s, out, u"--quiet"_s},
                     60s),
             qPrintable(run.describe()));
    QVERIFY2(run.exitedNormally() && run.exitCode() == 0, qPrintable(run.describe()));
    const QList<ReportLine> report = run.report();
    QVERIFY2(report.size() == 1, qPrintable(run.describe()));
    const QString renamed = QDir(out).absoluteFilePath(u"report (1).txt"_s);
    QCOMPARE(report.constFirst().status, u"ok"_s);
    QCOMPARE(report.constFirst().path, renamed);
    QCOMPARE(readLocalFile(QDir(out).filePath(u"report.txt"_s)), mine);
    QCOMPARE(NginxServer::sha256OfFile(renamed), sha);
}

void TestE2eNginx::checksum_data()
{
    QTest::addColumn<bool>("right");
    QTest::newRow("matching sha-256") << true;
    QTest::newRow("mismatching sha-256") << false;
}

void TestE2eNginx::checksum()
{
    QFETCH(bool, right);
    const QByteArray sha = m_nginx.writeFile(u"checksum/payload.bin"_s, 777 * 1024 + 3, 31);
    QVERIFY(!sha.isEmpty());
    const QByteArray other =
        QCryptographicHash::hash("something else", QCryptographicHash::Sha256).toHex();
    const QString out = freshDirectory(right ? u"checksum-right"_s : u"checksum-wrong"_s);

    HeadlessRun run;
    QVERIFY2(run.run({m_nginx.url(u"checksum/payload.bin"_s).toString(), u"-d"_s, out, u"--quiet"_s,
                      u"--checksum"_s, u"sha-256="_s + QString::fromLatin1(right ? sha : other)},
                     60s),
             qPrintable(run.describe()));
    QVERIFY2(run.exitedNormally() && run.exitCode() == (right ? 0 : 1), qPrintable(run.describe()));
    const QList<ReportLine> report = run.report();
    QVERIFY2(report.size() == 1, qPrintable(run.describe()));
    const QString finalPath = QDir(out).filePath(u"payload.bin"_s);
    if (right) {
        QCOMPARE(report.constFirst().status, u"ok"_s);
        QCOMPARE(NginxServer::sha256OfFile(finalPath), sha);
    } else {
        QCOMPARE(report.constFirst().status, u"failed"_s);
        QVERIFY2(report.constFirst().error.contains(u"checksum"_s, Qt::CaseInsensitive),
                 qPrintable(report.constFirst().error));
        QVERIFY(!QFileInfo::exists(finalPath));
    }
}

void TestE2eNginx::everyRequestAskedForIdentityEncoding()
{
    const QList<NginxServer::AccessLogEntry> entries = m_nginx.accessLog();
    QVERIFY(!entries.isEmpty());
    for (const NginxServer::AccessLogEntry &entry : entries) {
        QVERIFY2(entry.acceptEncoding == u"identity"_s,
                 qPrintable(entry.method + u' ' + entry.uri + u" sent Accept-Encoding: "_s
                            + entry.acceptEncoding));
    }
}

int TestE2eNginx::getCount(const QString &uri) const
{
    const QList<NginxServer::AccessLogEntry> entries = m_nginx.accessLog();
    return int(std::count_if(entries.cbegin(), entries.cend(), [&uri](const auto &entry) {
        return entry.method == u"GET"_s && entry.uri == uri;
    }));
}

QTEST_GUILESS_MAIN(TestE2eNginx)
#include "tst_e2e_nginx.moc"
