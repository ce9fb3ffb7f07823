// ChunkedAdder: a long list reaches the manager in input order, in several short slices, without
// holding the event loop for the whole list.
#include "engine/chunkedadder.h"
#include "enginefixture.h"
#include "faultserver.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

class TestChunkedAdder final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void addsEverythingInOrderInSlices();
    void queuesBehindABusyAdd();
    void emptyListDoesNothing();

private:
    static QList<UrlEntry> entries(const FaultServer &server, const QString &prefix, int count)
    {
        QList<UrlEntry> list;
        for (int i = 0; i < count; ++i) {
            UrlEntry entry;
            entry.url = server.url(QStringLiteral("/%1/%2").arg(prefix).arg(i));
            entry.line = i + 1;
            list.append(entry);
        }
        return list;
    }
    static DownloadSettings oneAtATime()
    {
        DownloadSettings settings = EngineFixture::testSettings();
        settings.maxConcurrent = 1;
        return settings;
    }
};

void TestChunkedAdder::addsEverythingInOrderInSlices()
{
    FaultServer server;
    QVERIFY(server.listen());
    FaultResponse silent;
    silent.neverRespond = true;
    server.setDefaultResponse(silent);
    EngineFixture engine(oneAtATime());
    ChunkedAdder adder(&engine.manager());
    QSignalSpy slices(&adder, &ChunkedAdder::added);
    QSignalSpy finished(&adder, &ChunkedAdder::finished);
    QSignalSpy reserved(&engine.manager(), &DownloadManager::capacityReserved);

    // Measures how late a 5 ms timer fires while the list goes in: the turns must stay short.
    QElapsedTimer clock;
    qint64 last = 0;
    qint64 worstGapMs = 0;
    QTimer probe;
    probe.setInterval(5);
    QObject::connect(&probe, &QTimer::timeout, &probe, [&] {
        const qint64 now = clock.elapsed();
        worstGapMs = std::max(worstGapMs, now - last);
        last = now;
    });
    clock.start();
    probe.start();

    const int count = 30'000;
    adder.add(entries(server, QStringLiteral("a"), count));
    QVERIFY(adder.isBusy());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    probe.stop();

    QCOMPARE(engine.manager().count(), count);
    // Room for the whole list was made once, up front, so no slice pays for a rehash.
    QCOMPARE(reserved.size(), 1);
    QVERIFY(reserved.first().first().value<qsizetype>() >= count);
    QVERIFY2(slices.size() > 3, qPrintable(QString::number(slices.size())));
    const QList<DownloadId> &ids = engine.manager().ids();
    for (int i = 0; i < count; i += 997)
        QCOMPARE(engine.manager().download(ids[i])->url(), server.url(QStringLiteral("/a/%1").arg(i)));
    QVERIFY(!adder.isBusy());
    qInfo("%d entries in %lld slices; longest gap between 5 ms timer ticks: %lld ms",
          count, qlonglong(slices.size()), worstGapMs);
}

void TestChunkedAdder::queuesBehindABusyAdd()
{
    FaultServer server;
    QVERIFY(server.listen());
    FaultResponse silent;
    silent.neverRespond = true;
    server.setDefaultResponse(silent);
    EngineFixture engine(oneAtATime());
    ChunkedAdder adder(&engine.manager());
    QSignalSpy finished(&adder, &ChunkedAdder::finished);

    adder.add(entries(server, QStringLiteral("first"), 5000));
    adder.add(entries(server, QStringLiteral("second"), 3));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    const QList<DownloadId> &ids = engine.manager().ids();
    QCOMPARE(ids.size(), 5003);
    QCOMPARE(engine.manager().download(ids[4999])->url(), server.url(QStringLiteral("/first/4999")));
    QCOMPARE(engine.manager().download(ids[5000])->url(), server.url(QStringLiteral("/second/0")));
    QCOMPARE(engine.manager().download(ids[5002])->url(), server.url(QStringLiteral("/second/2")));
}

void TestChunkedAdder::emptyListDoesNothing()
{
    EngineFixture engine;
    ChunkedAdder adder(&engine.manager());
    QSignalSpy finished(&adder, &ChunkedAdder::finished);
    adder.add({});
    QVERIFY(!adder.isBusy());
    QCOMPARE(engine.manager().count(), 0);
    QCOMPARE(finished.size(), 0);
}

QTEST_GUILESS_MAIN(TestChunkedAdder)
#include "tst_chunkedadder.moc"
