#include "base/checksumspec.h"
#include "base/downloaderror.h"
#include "disk/filewriter.h"
#include "disk/syncgroup.h"
#include "disk/writebudget.h"
#include "disk/writerstrand.h"
#include "testfiles.h"
#include "tmpfsmount.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <algorithm>
#include <memory>
#include <random>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMiB = 1024 * 1024;

QByteArray randomBytes(std::mt19937 &generator, qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    std::uniform_int_distribution<int> byte(0, 255);
    for (char &c : bytes)
        c = char(byte(generator));
    return bytes;
}

using TestFiles::readFile;
using TestFiles::writeFile;

std::optional<ChecksumSpec> sha256Of(const QByteArray &bytes)
{
    return ChecksumSpec{QCryptographicHash::Sha256, QCryptographicHash::hash(bytes, QCryptographicHash::Sha256)};
}

// True while any descriptor of this process refers to path: shows whether a close really ran.
bool isOpenInProcess(const QString &path)
{
    const QString wanted = QFileInfo(path).absoluteFilePath();
    const QDir fds(QStringLiteral("/proc/self/fd"));
    const QStringList entries = fds.entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot);
    return std::any_of(entries.cbegin(), entries.cend(), [&](const QString &entry) {
        return QFile::symLinkTarget(fds.filePath(entry)) == wanted;
    });
}

bool waitForOpen(FileWriter &writer)
{
    QSignalSpy failed(&writer, &FileWriter::failed);
    return QTest::qWaitFor([&] { return writer.isOpen() || failed.count() > 0; }) && writer.isOpen();
}

// Discards the .part and waits, so QTemporaryDir does not race the pool while removing the folder.
bool discardAndWait(FileWriter &writer)
{
    QSignalSpy closed(&writer, &FileWriter::closed);
    writer.discard();
    return QTest::qWaitFor([&] { return closed.count() > 0; });
}

// Writes chunks one after another the way a download does: while canAccept(), and again on
// drained(); finishes with the expected size and SHA-256 once everything is handed over.
struct Feed {
    FileWriter *writer = nullptr;
    QList<QByteArray> chunks;
    QByteArray expected;
    qsizetype next = 0;
    qint64 offset = 0;

    void pump()
    {
        while (next < chunks.size() && writer->canAccept()) {
            QVERIFY(writer->write(offset, chunks.at(next)));
            offset += chunks.at(next).size();
            ++next;
            if (next == chunks.size())
                writer->finish(expected.size(), sha256Of(expected));
        }
    }
};

} // namespace

class TestFileWriter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void orderedWritesAcrossWriters();
    void outOfOrderOffsets();
    void perWriterBackpressure();
    void sharedBudgetCapsBothWriters();
    void finish_data();
    void finish();
    void finishTogether();
    void unwritableFolder();
    void diskFull();
    void closeOrDiscard_data();
    void closeOrDiscard();
    void syncAndTruncateMoveDurableRanges();
    void autoSyncAfter64MiBAndTwoSeconds();
    void reopenContinuesPart();

private:
    QThreadPool m_pool;
};

void TestFileWriter::initTestCase()
{
    m_pool.setMaxThreadCount(3);
}

void TestFileWriter::cleanupTestCase()
{
    m_pool.waitForDone();
}

void TestFileWriter::orderedWritesAcrossWriters()
{
    QTemporaryDir dir;
    WriteBudget budget(1 * kMiB);  // small, so writers block on each other all the time
    std::mt19937 generator(20240601);
    std::uniform_int_distribution<qsizetype> chunkSize(1, 48 * 1024);
    constexpr int kWriters = 4;
    constexpr int kChunks = 1000;

    std::vector<std::unique_ptr<FileWriter>> writers;
    std::vector<Feed> feeds(kWriters);
    for (int i = 0; i < kChunks; ++i) {
        Feed &feed = feeds[size_t(i % kWriters)];
        feed.chunks.append(randomBytes(generator, chunkSize(generator)));
        feed.expected += feed.chunks.last();
    }
    QList<QString> finalPaths(kWriters);
    for (int i = 0; i < kWriters; ++i) {
        writers.push_back(std::make_unique<FileWriter>(&m_pool, &budget));
        FileWriter *writer = writers.back().get();
        Feed *feed = &feeds[size_t(i)];
        feed->writer = writer;
        connect(writer, &FileWriter::drained, writer, [feed] { feed->pump(); });
        connect(writer, &FileWriter::finished, writer, [&finalPaths, i](const QString &path) { finalPaths[i] = path; });
        writer->create(dir.path(), QStringLiteral("file%1.bin").arg(i));
        feed->pump();
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(finalPaths.cbegin(), finalPaths.cend(),
                                         [](const QString &path) { return !path.isEmpty(); }), 20000);
    for (int i = 0; i < kWriters; ++i) {
        const QByteArray onDisk = readFile(finalPaths.at(i));
        QCOMPARE(onDisk.size(), feeds[size_t(i)].expected.size());
        QCOMPARE(QCryptographicHash::hash(onDisk, QCryptographicHash::Sha256),
                 QCryptographicHash::hash(feeds[size_t(i)].expected, QCryptographicHash::Sha256));
        QCOMPARE(writers[size_t(i)]->bytesInFlight(), 0);
    }
    QCOMPARE(budget.used(), 0);
}

void TestFileWriter::outOfOrderOffsets()
{
    QTemporaryDir dir;
    WriteBudget budget;
    FileWriter writer(&m_pool, &budget);
    QSignalSpy progressed(&writer, &FileWriter::progressed);
    writer.create(dir.path(), QStringLiteral("scattered.bin"));
    QVERIFY(waitForOpen(writer));

    std::mt19937 generator(7);
    const QByteArray expected = randomBytes(generator, 10 * 1000);
    QVERIFY(writer.write(1000, expected.mid(1000, 1000)));
    QTRY_COMPARE(progressed.count(), 1);
    QCOMPARE(writer.bytesWritten(), 0);  // [0, 1000) is still a hole

    QList<int> order{0, 9, 4, 2, 8, 3, 7, 5, 6};
    for (int block : order)
        QVERIFY(writer.write(block * 1000, expected.mid(block * 1000, 1000)));
    QTRY_COMPARE(writer.bytesWritten(), 10 * 1000);
    QCOMPARE(progressed.last().at(0).toLongLong(), 10 * 1000);
    QSignalSpy finished(&writer, &FileWriter::finished);
    writer.finish(expected.size(), sha256Of(expected));
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(readFile(writer.finalPath()), expected);
}

void TestFileWriter::perWriterBackpressure()
{
    QTemporaryDir dir;
    WriteBudget budget;
    FileWriter writer(&m_pool, &budget);
    QSignalSpy drained(&writer, &FileWriter::drained);
    writer.create(dir.path(), QStringLiteral("big.bin"));
    const QByteArray chunk(int(kMiB), 'x');
    const qint64 limit = FileWriter::kDefaultMaxInFlight;
    for (qint64 offset = 0; offset < limit; offset += kMiB) {
        QVERIFY(writer.canAccept());
        QVERIFY(writer.write(offset, chunk));
    }
    QVERIFY(!writer.canAccept());
    QCOMPARE(writer.bytesInFlight(), limit);
    QCOMPARE(budget.used(), limit);
    QTRY_VERIFY(drained.count() >= 1);
    QVERIFY(writer.canAccept());
    QTRY_COMPARE(writer.bytesInFlight(), 0);
    QCOMPARE(budget.used(), 0);
    QVERIFY(discardAndWait(writer));
}

void TestFileWriter::sharedBudgetCapsBothWriters()
{
    QTemporaryDir dir;
    WriteBudget budget(1 * kMiB);
    FileWriter first(&m_pool, &budget);
    FileWriter second(&m_pool, &budget);
    QSignalSpy firstDrained(&first, &FileWriter::drained);
    QSignalSpy secondDrained(&second, &FileWriter::drained);
    first.create(dir.path(), QStringLiteral("first.bin"));
    second.create(dir.path(), QStringLiteral("second.bin"));

    const QByteArray chunk(600 * 1024, 'a');
    QVERIFY(first.write(0, chunk));
    QVERIFY(first.canAccept());
    QVERIFY(second.canAccept());
    QVERIFY(second.write(0, chunk));
    QVERIFY(!first.canAccept());   // under its own 8 MiB, but the shared 1 MiB is used up
    QVERIFY(!second.canAccept());
    QCOMPARE(budget.used(), 2 * chunk.size());
    QTRY_VERIFY(firstDrained.count() >= 1 && secondDrained.count() >= 1);
    QTRY_COMPARE(budget.used(), 0);

    // A writer with nothing in flight, blocked only by another writer, still hears drained().
    firstDrained.clear();
    secondDrained.clear();
    QVERIFY(first.write(chunk.size(), chunk));
    QVERIFY(first.write(2 * chunk.size(), chunk));
    QVERIFY(!second.canAccept());
    QCOMPARE(second.bytesInFlight(), 0);
    QTRY_VERIFY(secondDrained.count() >= 1);
    QVERIFY(second.canAccept());
    QTRY_COMPARE(budget.used(), 0);
    QVERIFY(discardAndWait(first));
    QVERIFY(discardAndWait(second));
}

void TestFileWriter::finish_data()
{
    QTest::addColumn<int>("sizeDelta");
    QTest::addColumn<bool>("wrongDigest");
    QTest::addColumn<bool>("nameTaken");
    QTest::addColumn<ErrorKind>("kind");
    QTest::addColumn<QString>("result");  // the final name, or how the error message starts

    QTest::newRow("verified") << 0 << false << false << ErrorKind::None << u"g.bin"_s;
    QTest::newRow("verified, name taken meanwhile") << 0 << false << true << ErrorKind::None << u"g (1).bin"_s;
    QTest::newRow("size mismatch") << 1 << false << false << ErrorKind::Protocol
                                   << u"Size mismatch: expected 1048594 bytes, file has 1048593"_s;
    QTest::newRow("checksum mismatch") << 0 << true << false << ErrorKind::Checksum
                                       << u"Checksum mismatch (sha-256): expected "_s;
}

void TestFileWriter::finish()
{
    QFETCH(int, sizeDelta);
    QFETCH(bool, wrongDigest);
    QFETCH(bool, nameTaken);
    QFETCH(ErrorKind, kind);
    QFETCH(QString, result);

    QTemporaryDir dir;
    WriteBudget budget;
    FileWriter writer(&m_pool, &budget);
    QSignalSpy finished(&writer, &FileWriter::finished);
    QSignalSpy failed(&writer, &FileWriter::failed);
    writer.create(dir.path(), QStringLiteral("g.bin"));
    QVERIFY(waitForOpen(writer));
    std::mt19937 generator(3);
    const QByteArray data = randomBytes(generator, int(kMiB + 17));
    for (qint64 offset = 0; offset < data.size(); offset += 256 * 1024)
        QVERIFY(writer.write(offset, data.mid(offset, 256 * 1024)));
    if (nameTaken)
        QVERIFY(writeFile(dir.filePath(u"g.bin"_s), "someone else's"));
    writer.finish(data.size() + sizeDelta, sha256Of(wrongDigest ? QByteArray("other") : data));

    if (kind == ErrorKind::None) {
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(0).toString(), dir.filePath(result));
        QCOMPARE(writer.finalPath(), dir.filePath(result));
        QCOMPARE(readFile(dir.filePath(result)), data);
        if (nameTaken)
            QCOMPARE(readFile(dir.filePath(u"g.bin"_s)), QByteArray("someone else's"));
        QCOMPARE(QDir(dir.path()).entryList({u"*.part"_s}, QDir::Files | QDir::System), QStringList());
        QVERIFY(!writer.isOpen());
        QCOMPARE(writer.durableRanges(), (QList<ByteRange>{{0, data.size()}}));
        QCOMPARE(failed.count(), 0);
    } else {
        QTRY_COMPARE(failed.count(), 1);
        const DownloadError error = failed.at(0).at(0).value<DownloadError>();
        QCOMPARE(error.kind, kind);
        QVERIFY2(error.message.startsWith(result), qPrintable(error.message));
        QCOMPARE(readFile(dir.filePath(u"g.bin.part"_s)), data);  // kept for a later look or retry
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{u"g.bin.part"_s});
        QSignalSpy closed(&writer, &FileWriter::closed);
        writer.close();
        QTRY_COMPARE(closed.count(), 1);
        QCOMPARE(failed.count(), 1);
        QCOMPARE(finished.count(), 0);
    }
    QCOMPARE(budget.used(), 0);
}

// Files that finish at the same moment share their syncs (SyncGroup); each still ends up under its
// own name with its own bytes, and one that fails verification fails alone.
void TestFileWriter::finishTogether()
{
    constexpr int kWriters = 12;
    constexpr int kBroken = 5;  // finishes with a wrong size
    QTemporaryDir dir;
    WriteBudget budget;
    std::mt19937 generator(77);
    std::vector<std::unique_ptr<FileWriter>> writers;
    std::vector<std::unique_ptr<QSignalSpy>> finished;
    std::vector<std::unique_ptr<QSignalSpy>> failed;
    QList<QByteArray> contents;
    const auto group = std::make_shared<SyncGroup>();
    for (int i = 0; i < kWriters; ++i) {
        writers.push_back(std::make_unique<FileWriter>(&m_pool, &budget, group));
        finished.push_back(std::make_unique<QSignalSpy>(writers.back().get(), &FileWriter::finished));
        failed.push_back(std::make_unique<QSignalSpy>(writers.back().get(), &FileWriter::failed));
        contents.append(randomBytes(generator, 100 * 1024 + i));
        writers.back()->create(dir.path(), QStringLiteral("f%1.bin").arg(i));
    }
    // Everything is queued before any file is open, so the finishes reach the pool together.
    for (int i = 0; i < kWriters; ++i) {
        QVERIFY(writers[size_t(i)]->write(0, contents.at(i)));
        const qint64 size = contents.at(i).size() + (i == kBroken ? 1 : 0);
        writers[size_t(i)]->finish(size, sha256Of(contents.at(i)));
    }
    for (int i = 0; i < kWriters; ++i) {
        QTRY_COMPARE(finished[size_t(i)]->count() + failed[size_t(i)]->count(), 1);
        const QString path = dir.filePath(QStringLiteral("f%1.bin").arg(i));
        if (i == kBroken) {
            QCOMPARE(failed[size_t(i)]->at(0).at(0).value<DownloadError>().kind, ErrorKind::Protocol);
            QVERIFY(!QFileInfo::exists(path));
            QCOMPARE(readFile(path + u".part"_s), contents.at(i));
            QVERIFY(discardAndWait(*writers[size_t(i)]));
            continue;
        }
        QCOMPARE(finished[size_t(i)]->at(0).at(0).toString(), path);
        QCOMPARE(QCryptographicHash::hash(readFile(path), QCryptographicHash::Sha256),
                 QCryptographicHash::hash(contents.at(i), QCryptographicHash::Sha256));
    }
    QCOMPARE(QDir(dir.path()).entryList({u"*.part"_s}, QDir::Files | QDir::System), QStringList());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), kWriters - 1);
}

void TestFileWriter::unwritableFolder()
{
    QTemporaryDir temp;
    QVERIFY(writeFile(temp.filePath(u"afile"_s), "plain file"));
    const QString dir = temp.filePath(u"afile/sub"_s);  // ENOTDIR even for root

    WriteBudget budget;
    FileWriter writer(&m_pool, &budget);
    QSignalSpy failed(&writer, &FileWriter::failed);
    QSignalSpy opened(&writer, &FileWriter::opened);
    DownloadError queued;  // the error type must survive a queued connection too
    connect(&writer, &FileWriter::failed, &writer, [&queued](const DownloadError &e) { queued = e; },
            Qt::QueuedConnection);
    writer.create(dir, QStringLiteral("x.bin"));
    QVERIFY(writer.write(0, QByteArray(1000, 'x')));  // accepted before the open, dropped on failure
    QTRY_COMPARE(failed.count(), 1);
    const DownloadError error = failed.at(0).at(0).value<DownloadError>();
    QCOMPARE(error.kind, ErrorKind::Disk);
    QCOMPARE(error.message, u"Cannot create folder "_s + dir + u": Not a directory"_s);
    QTRY_COMPARE(queued.message, error.message);
    QCOMPARE(opened.count(), 0);
    QVERIFY(!writer.isOpen());
    QVERIFY(!writer.write(1000, "more"));
    QTRY_COMPARE(budget.used(), 0);
    QCOMPARE(writer.bytesInFlight(), 0);
    QCOMPARE(readFile(temp.filePath(u"afile"_s)), QByteArray("plain file"));
    QCOMPARE(failed.count(), 1);
}

void TestFileWriter::diskFull()
{
    QTemporaryDir temp;
    const QString dir = temp.filePath(u"small"_s);
    TmpfsMount mount(dir, u"size=1m"_s);
    if (!mount.isMounted())
        QSKIP("needs root and permission to mount a 1 MiB tmpfs to fill");
    std::mt19937 generator(11);
    const QByteArray other = randomBytes(generator, 64 * 1024);
    QVERIFY(writeFile(dir + u"/other.bin"_s, other));

    WriteBudget budget;
    {
        FileWriter writer(&m_pool, &budget);
        QSignalSpy failed(&writer, &FileWriter::failed);
        QSignalSpy closed(&writer, &FileWriter::closed);
        writer.create(dir, QStringLiteral("huge.bin"));
        const QByteArray chunk = randomBytes(generator, 64 * 1024);
        for (qint64 offset = 0; offset < 2 * kMiB; offset += chunk.size())
            QVERIFY(writer.write(offset, chunk));
        QTRY_COMPARE(failed.count(), 1);
        const DownloadError error = failed.at(0).at(0).value<DownloadError>();
        QCOMPARE(error.kind, ErrorKind::DiskFull);
        QVERIFY2(error.message.startsWith(u"Disk full: cannot write to "_s + dir), qPrintable(error.message));
        QVERIFY(!writer.write(2 * kMiB, chunk));
        QTRY_COMPARE(budget.used(), 0);
        QVERIFY(writer.bytesWritten() < 1 * kMiB);
        writer.close();
        QTRY_COMPARE(closed.count(), 1);
        QCOMPARE(failed.count(), 1);
        QVERIFY(QFileInfo(dir + u"/huge.bin.part"_s).isFile());
    }
    QCOMPARE(readFile(dir + u"/other.bin"_s), other);
    QCOMPARE(QDir(dir).entryList(QDir::Files), (QStringList{u"huge.bin.part"_s, u"other.bin"_s}));
}

void TestFileWriter::closeOrDiscard_data()
{
    QTest::addColumn<bool>("discard");
    QTest::addColumn<bool>("deleteWriter");
    QTest::newRow("close keeps the part") << false << false;
    QTest::newRow("discard deletes the part") << true << false;
    QTest::newRow("close queued, writer deleted at once") << false << true;
    QTest::newRow("discard queued, writer deleted at once") << true << true;
}

void TestFileWriter::closeOrDiscard()
{
    QFETCH(bool, discard);
    QFETCH(bool, deleteWriter);

    QTemporaryDir dir;
    WriteBudget budget;
    auto writer = std::make_unique<FileWriter>(&m_pool, &budget);
    QSignalSpy closed(writer.get(), &FileWriter::closed);
    writer->create(dir.path(), QStringLiteral("c.bin"));
    QVERIFY(waitForOpen(*writer));
    const QString part = writer->partPath();
    const QByteArray chunk(256 * 1024, 'o');
    const qint64 total = 48 * chunk.size();
    for (qint64 offset = 0; offset < total; offset += chunk.size())
        QVERIFY(writer->write(offset, chunk));
    discard ? writer->discard() : writer->close();
    QVERIFY(!writer->write(total, "late"));
    if (deleteWriter) {
        writer.reset();  // the queued writes and the close or discard still run, reporting to no one
        QCOMPARE(budget.used(), 0);
    } else {
        QTRY_COMPARE(closed.count(), 1);
        QVERIFY(!writer->isOpen());
        QCOMPARE(budget.used(), 0);
    }
    if (discard) {
        QTRY_VERIFY(!QFileInfo::exists(part));
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System), QStringList());
    } else {
        QTRY_VERIFY(!isOpenInProcess(part));
        QCOMPARE(readFile(part), QByteArray(total, 'o'));
        if (writer)
            QCOMPARE(writer->durableRanges(), (QList<ByteRange>{{0, total}}));
    }
}

void TestFileWriter::syncAndTruncateMoveDurableRanges()
{
    QTemporaryDir dir;
    WriteBudget budget;
    FileWriter writer(&m_pool, &budget);
    QSignalSpy durable(&writer, &FileWriter::durableChanged);
    writer.create(dir.path(), QStringLiteral("d.bin"));
    QVERIFY(writer.write(0, QByteArray(100 * 1024, 'd')));
    QTRY_COMPARE(writer.bytesWritten(), 100 * 1024);
    QCOMPARE(durable.count(), 0);
    QVERIFY(writer.durableRanges().isEmpty());

    writer.sync();
    QTRY_COMPARE(durable.count(), 1);
    const QList<ByteRange> first{{0, 100 * 1024}};
    QCOMPARE(durable.at(0).at(0).value<QList<ByteRange>>(), first);
    QCOMPARE(writer.durableRanges(), first);

    QVERIFY(writer.write(100 * 1024, QByteArray(50 * 1024, 'e')));
    QTRY_COMPARE(writer.bytesWritten(), 150 * 1024);
    QCOMPARE(writer.durableRanges(), first);  // written, but not yet synced

    writer.truncate(40 * 1024);
    QTRY_COMPARE(writer.bytesWritten(), 40 * 1024);
    QCOMPARE(writer.durableRanges(), (QList<ByteRange>{{0, 40 * 1024}}));
    QVERIFY(writer.write(40 * 1024, QByteArray(10 * 1024, 'u')));
    writer.sync();
    QTRY_COMPARE(writer.durableRanges(), (QList<ByteRange>{{0, 50 * 1024}}));
    QSignalSpy finished(&writer, &FileWriter::finished);
    writer.finish(50 * 1024, std::nullopt);
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(readFile(dir.filePath(u"d.bin"_s)), QByteArray(40 * 1024, 'd') + QByteArray(10 * 1024, 'u'));
}

void TestFileWriter::autoSyncAfter64MiBAndTwoSeconds()
{
    QTemporaryDir dir;
    WriteBudget budget;
    FileWriter writer(&m_pool, &budget);
    QSignalSpy durable(&writer, &FileWriter::durableChanged);
    QElapsedTimer sinceOpen;
    sinceOpen.start();
    writer.create(dir.path(), QStringLiteral("long.bin"));
    const QByteArray chunk(int(kMiB), 'l');
    const qint64 total = 65 * kMiB;
    qint64 offset = 0;
    auto pump = [&] {
        while (offset < total && writer.canAccept()) {
            writer.write(offset, chunk);
            offset += chunk.size();
        }
    };
    connect(&writer, &FileWriter::drained, &writer, pump);
    pump();
    QTRY_VERIFY_WITH_TIMEOUT(writer.bytesWritten() == total, 20000);
    // The checkpoint comes with a write once both floors are passed; keep a slow trickle going.
    const QByteArray trickle(4096, 't');
    const auto writeMore = [&] {
        if (writer.canAccept()) {
            writer.write(offset, trickle);
            offset += trickle.size();
        }
        return durable.count() >= 1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(writeMore(), 20000);  // no sync() was asked for
    QVERIFY2(sinceOpen.elapsed() >= WriterStrand::kAutoSyncIntervalMs, qPrintable(QString::number(sinceOpen.elapsed())));
    const QList<ByteRange> ranges = durable.first().at(0).value<QList<ByteRange>>();
    QCOMPARE(ranges.size(), 1);
    QCOMPARE(ranges.first().begin, 0);
    QVERIFY(ranges.first().end >= 64 * kMiB);
    QVERIFY(discardAndWait(writer));
}

void TestFileWriter::reopenContinuesPart()
{
    QTemporaryDir dir;
    WriteBudget budget;
    std::mt19937 generator(5);
    const QByteArray expected = randomBytes(generator, 1500);
    QString part;
    QString finalPath;
    {
        FileWriter writer(&m_pool, &budget);
        QSignalSpy closed(&writer, &FileWriter::closed);
        writer.create(dir.path(), QStringLiteral("r.bin"));
        QVERIFY(writer.write(0, expected.left(1000)));
        writer.close();
        QTRY_COMPARE(closed.count(), 1);
        part = writer.partPath();
        finalPath = writer.finalPath();
    }
    FileWriter writer(&m_pool, &budget);
    QSignalSpy finished(&writer, &FileWriter::finished);
    writer.reopen(part, finalPath);
    QVERIFY(waitForOpen(writer));
    QCOMPARE(writer.bytesWritten(), 1000);
    QCOMPARE(writer.durableRanges(), (QList<ByteRange>{{0, 1000}}));
    QVERIFY(writer.write(1000, expected.mid(1000)));
    writer.finish(expected.size(), sha256Of(expected));
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(readFile(finalPath), expected);
    QVERIFY(!QFileInfo::exists(part));
}

QTEST_GUILESS_MAIN(TestFileWriter)
#include "tst_filewriter.moc"
