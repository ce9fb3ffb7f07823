#include "disk/freespaceprobe.h"

#include <QCoreApplication>
#include <QDir>
#include <QObject>
#include <QSemaphore>
#include <QSignalSpy>
#include <QStorageInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// Other programs write to the same disk meanwhile, so free space is compared loosely.
constexpr qint64 kFreeSpaceSlack = qint64(512) * 1024 * 1024;

qsizetype countFor(const QSignalSpy &spy, const QString &folder)
{
    return std::count_if(spy.begin(), spy.end(), [&](const QList<QVariant> &args) { return args.at(0).toString() == folder; });
}

} // namespace

class TestFreeSpaceProbe final : public QObject
{
    Q_OBJECT

private slots:
    void measures_data();
    void measures();
    void emptyIsUnknown();
    void coalesces();
    void destroyedWhileMeasuring();
};

void TestFreeSpaceProbe::measures_data()
{
    QTest::addColumn<QString>("relative");

    QTest::newRow("existing folder") << QString();
    QTest::newRow("missing subfolder") << u"not/yet/there"_s;
    QTest::newRow("missing with dots") << u"a/../b/./c/"_s;
}

void TestFreeSpaceProbe::measures()
{
    QFETCH(QString, relative);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = relative.isEmpty() ? dir.path() : dir.filePath(relative);

    QThreadPool pool;
    FreeSpaceProbe probe(&pool);
    QSignalSpy spy(&probe, &FreeSpaceProbe::measured);
    probe.request(folder);
    QTRY_COMPARE(spy.size(), 1);

    const QStorageInfo storage(dir.path());
    QCOMPARE(spy.first().at(0).toString(), folder);
    const qint64 available = spy.first().at(1).toLongLong();
    QCOMPARE(spy.first().at(2).toLongLong(), storage.bytesTotal());
    QVERIFY2(qAbs(available - storage.bytesAvailable()) <= kFreeSpaceSlack,
             qPrintable(u"%1 vs %2"_s.arg(available).arg(storage.bytesAvailable())));
    QVERIFY(available > 0);
    QVERIFY(!QDir(folder).exists() || relative.isEmpty());
}

void TestFreeSpaceProbe::emptyIsUnknown()
{
    QThreadPool pool;
    FreeSpaceProbe probe(&pool);
    QSignalSpy spy(&probe, &FreeSpaceProbe::measured);
    probe.request(QString());
    QTRY_COMPARE(spy.size(), 1);
    QCOMPARE(spy.first(), (QList<QVariant>{QString(), qint64(-1), qint64(-1), QStringLiteral("No folder given")}));
}

// However many requests come while a folder is measured, one more measurement follows.
void TestFreeSpaceProbe::coalesces()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString one = dir.path();
    const QString two = dir.filePath(u"two"_s);

    QThreadPool pool;
    pool.setMaxThreadCount(1);
    QSemaphore gate;
    pool.start([&gate] { gate.acquire(); });

    FreeSpaceProbe probe(&pool);
    QSignalSpy spy(&probe, &FreeSpaceProbe::measured);
    for (int i = 0; i < 10; ++i)
        probe.request(one);
    probe.request(two);
    QCoreApplication::sendPostedEvents();
    QCOMPARE(spy.size(), 0);
    gate.release();

    QTRY_COMPARE(countFor(spy, one), 2);
    QTRY_COMPARE(countFor(spy, two), 1);
    QVERIFY(pool.waitForDone(10'000));
    QCoreApplication::sendPostedEvents();
    QCOMPARE(spy.size(), 3);

    // Idle again: the next request is measured at once, once.
    probe.request(one);
    QTRY_COMPARE(countFor(spy, one), 3);
    QVERIFY(pool.waitForDone(10'000));
    QCoreApplication::sendPostedEvents();
    QCOMPARE(spy.size(), 4);
}

void TestFreeSpaceProbe::destroyedWhileMeasuring()
{
    QThreadPool pool;
    QObject receiver;
    int delivered = 0;
    for (int i = 0; i < 50; ++i) {
        auto *probe = new FreeSpaceProbe(&pool);
        connect(probe, &FreeSpaceProbe::measured, &receiver, [&delivered] { ++delivered; });
        probe->request(QDir::tempPath());
        probe->request(QDir::tempPath() + u"/missing"_s);
        delete probe;
    }
    QVERIFY(pool.waitForDone(10'000));
    QCoreApplication::sendPostedEvents();
    QCOMPARE(delivered, 0);
}

QTEST_GUILESS_MAIN(TestFreeSpaceProbe)
#include "tst_freespaceprobe.moc"
