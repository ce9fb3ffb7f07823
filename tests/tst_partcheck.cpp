#include "store/partcheck.h"
#include "testfiles.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

using TestFiles::readFile;
using TestFiles::writeFile;

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QRandomGenerator generator(seed);
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &byte : bytes)
        byte = static_cast<char>(generator.bounded(256));
    return bytes;
}

QByteArray sha256(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

bool isSymlink(const QString &path)
{
    struct stat info {};
    return ::lstat(QFile::encodeName(path).constData(), &info) == 0 && S_ISLNK(info.st_mode);
}

// An unfinished download whose durable ranges end at 600,000.
DownloadSnapshot paused(const QString &partPath)
{
    DownloadSnapshot snapshot;
    snapshot.id = 7;
    snapshot.state = DownloadState::Paused;
    snapshot.partPath = partPath;
    snapshot.finalPath = partPath.chopped(5);
    snapshot.totalBytes = 1'000'000;
    snapshot.durable = {ByteRange{0, 300'000}, ByteRange{400'000, 600'000}};
    snapshot.bytesWritten = 650'000;  // written, but only 500,000 of it durable
    return snapshot;
}

} // namespace

// The .part file against the saved progress at load: missing, shorter, longer, equal, and what
// is not a plain file. Each case on a real file in a temporary folder.
class TestPartCheck final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void missingRestartsFromZero();
    void missingWithoutProgressHasNoNote();
    void shorterRestartsFromZero();
    void longerIsTruncatedToDurableEnd();
    void equalIsKept();
    void symlinkIsUntouchedAndMissing();
    void folderIsUntouchedAndMissing();
    void finishedAndPartlessAreLeftAlone_data();
    void finishedAndPartlessAreLeftAlone();
};

void TestPartCheck::missingRestartsFromZero()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    DownloadSnapshot snapshot = paused(dir.filePath(u"gone.iso.part"_s));
    PartCheck::reconcile(snapshot);
    QCOMPARE(snapshot.durable, QList<ByteRange>());
    QCOMPARE(snapshot.bytesWritten, 0);
    QCOMPARE(snapshot.note, u"Restarted from zero: the .part file was missing."_s);
    QCOMPARE(snapshot.state, DownloadState::Paused);
    QVERIFY(!QFileInfo::exists(snapshot.partPath));  // nothing is created either
}

void TestPartCheck::missingWithoutProgressHasNoNote()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    DownloadSnapshot snapshot = paused(dir.filePath(u"gone.iso.part"_s));
    snapshot.durable.clear();
    snapshot.bytesWritten = 0;
    const DownloadSnapshot before = snapshot;
    PartCheck::reconcile(snapshot);
    QCOMPARE(snapshot, before);
}

void TestPartCheck::shorterRestartsFromZero()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString part = dir.filePath(u"short.iso.part"_s);
    const QByteArray bytes = randomBytes(599'999, 1);
    QVERIFY(writeFile(part, bytes));
    DownloadSnapshot snapshot = paused(part);
    PartCheck::reconcile(snapshot);
    QCOMPARE(snapshot.durable, QList<ByteRange>());
    QCOMPARE(snapshot.bytesWritten, 0);
    QCOMPARE(snapshot.note, u"Restarted from zero: the .part file was shorter than recorded."_s);
    QCOMPARE(readFile(part), bytes);  // never deleted, never shortened
}

void TestPartCheck::longerIsTruncatedToDurableEnd()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString part = dir.filePath(u"long.iso.part"_s);
    const QByteArray bytes = randomBytes(1'000'000, 2);
    QVERIFY(writeFile(part, bytes));
    DownloadSnapshot snapshot = paused(part);
    const QList<ByteRange> durable = snapshot.durable;
    PartCheck::reconcile(snapshot);
    QCOMPARE(snapshot.durable, durable);
    QCOMPARE(snapshot.note, QString());
    QCOMPARE(snapshot.bytesWritten, 500'000);  // what a resume keeps, no more
    QCOMPARE(QFileInfo(part).size(), 600'000);
    QCOMPARE(sha256(readFile(part)), sha256(bytes.left(600'000)));
}

void TestPartCheck::equalIsKept()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString part = dir.filePath(u"équal ✓.iso.part"_s);
    const QByteArray bytes = randomBytes(600'000, 3);
    QVERIFY(writeFile(part, bytes));
    DownloadSnapshot snapshot = paused(part);
    const DownloadSnapshot before = snapshot;
    PartCheck::reconcile(snapshot);
    QCOMPARE(snapshot, before);
    QCOMPARE(sha256(readFile(part)), sha256(bytes));
}

void TestPartCheck::symlinkIsUntouchedAndMissing()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString target = dir.filePath(u"precious.bin"_s);
    const QByteArray bytes = randomBytes(1'000'000, 4);  // longer than the durable end
    QVERIFY(writeFile(target, bytes));
    const QString part = dir.filePath(u"linked.iso.part"_s);
    QVERIFY(QFile::link(target, part));

    DownloadSnapshot snapshot = paused(part);
    PartCheck::reconcile(snapshot);
    QCOMPARE(snapshot.durable, QList<ByteRange>());
    QCOMPARE(snapshot.bytesWritten, 0);
    QVERIFY2(snapshot.note.startsWith(u"Restarted from zero: the .part file was missing"_s), qPrintable(snapshot.note));
    QVERIFY(isSymlink(part));
    QCOMPARE(sha256(readFile(target)), sha256(bytes));
}

void TestPartCheck::folderIsUntouchedAndMissing()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString part = dir.filePath(u"folder.iso.part"_s);
    QVERIFY(QDir().mkpath(part + u"/inside"_s));
    DownloadSnapshot snapshot = paused(part);
    PartCheck::reconcile(snapshot);
    QCOMPARE(snapshot.durable, QList<ByteRange>());
    QVERIFY2(snapshot.note.startsWith(u"Restarted from zero: the .part file was missing"_s), qPrintable(snapshot.note));
    QVERIFY(QFileInfo(part + u"/inside"_s).isDir());
}

void TestPartCheck::finishedAndPartlessAreLeftAlone_data()
{
    QTest::addColumn<DownloadState>("state");
    QTest::addColumn<bool>("hasPartPath");

    QTest::newRow("completed, file gone") << DownloadState::Completed << true;
    QTest::newRow("cancelled, file gone") << DownloadState::Cancelled << true;
    QTest::newRow("paused without a .part path") << DownloadState::Paused << false;
    QTest::newRow("queued without a .part path") << DownloadState::Queued << false;
}

void TestPartCheck::finishedAndPartlessAreLeftAlone()
{
    QFETCH(DownloadState, state);
    QFETCH(bool, hasPartPath);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    DownloadSnapshot snapshot = paused(dir.filePath(u"gone.iso.part"_s));
    snapshot.state = state;
    if (!hasPartPath)
        snapshot.partPath.clear();
    const DownloadSnapshot before = snapshot;
    PartCheck::reconcile(snapshot);
    QCOMPARE(snapshot, before);
}

QTEST_GUILESS_MAIN(TestPartCheck)
#include "tst_partcheck.moc"
