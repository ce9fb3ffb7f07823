#include "intake/keyhashindex.h"

#include <QHash>
#include <QObject>
#include <QTest>

class TestKeyHashIndex final : public QObject
{
    Q_OBJECT

private slots:
    void findsWhatItStored_data();
    void findsWhatItStored();
    void onlyThirtyTwoBitsCount();
};

void TestKeyHashIndex::findsWhatItStored_data()
{
    QTest::addColumn<qsizetype>("reserved");

    QTest::newRow("reserved") << qsizetype(100'000);
    QTest::newRow("grows past the reservation") << qsizetype(10);
}

void TestKeyHashIndex::findsWhatItStored()
{
    QFETCH(qsizetype, reserved);

    KeyHashIndex index;
    index.reserve(reserved);
    constexpr qsizetype kCount = 100'000;
    for (qsizetype i = 0; i < kCount; ++i)
        QCOMPARE(index.findOrInsert(qHash(i, 42), i), -1);
    for (qsizetype i = 0; i < kCount; ++i)
        QCOMPARE(index.findOrInsert(qHash(i, 42), kCount + i), i);
}

void TestKeyHashIndex::onlyThirtyTwoBitsCount()
{
    // Hashes that differ only where the index does not look match each other: the caller has to
    // compare the keys, which UrlListParser does.
    KeyHashIndex index;
    const size_t hash = 0x1234'5678'9abc'def0ULL;
    const size_t sameFold = hash ^ 0x0000'0001'0000'0001ULL;
    QCOMPARE(index.findOrInsert(hash, 7), -1);
    QCOMPARE(index.findOrInsert(sameFold, 8), 7);
    QCOMPARE(index.findOrInsert(hash ^ 1, 9), -1);
}

QTEST_GUILESS_MAIN(TestKeyHashIndex)
#include "tst_keyhashindex.moc"
