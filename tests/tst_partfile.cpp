#include "base/checksumspec.h"
#include "base/downloaderror.h"
#include "disk/partfile.h"
#include "disk/syncgroup.h"
#include "testfiles.h"
#include "tmpfsmount.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <array>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

using TestFiles::readFile;
using TestFiles::writeFile;

QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::System | QDir::Hidden | QDir::NoDotAndDotDot);
}

} // namespace

// The POSIX side of the writer, driven synchronously: names, links, verification, rename, faults.
class TestPartFile final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void numberedName_data();
    void numberedName();
    void createPicksFreeName_data();
    void createPicksFreeName();
    void symlinkTargetsStayUntouched();
    void createRejectsPathsInLeaf_data();
    void createRejectsPathsInLeaf();
    void largeWritesLandWhole_data();
    void largeWritesLandWhole();
    void verifyRejectsMismatch_data();
    void verifyRejectsMismatch();
    void commitNeverOverwrites_data();
    void commitNeverOverwrites();
    void discardAfterCommitLeavesOthersAlone();
    void sharedSyncGroupCommits();
    void unwritableFolder_data();
    void unwritableFolder();
};

void TestPartFile::numberedName_data()
{
    QTest::addColumn<QString>("leaf");
    QTest::addColumn<int>("number");
    QTest::addColumn<QString>("expected");

    QTest::newRow("zero keeps the leaf") << u"a.txt"_s << 0 << u"a.txt"_s;
    QTest::newRow("plain extension") << u"a.txt"_s << 1 << u"a (1).txt"_s;
    QTest::newRow("last dot wins") << u"a.b.c"_s << 2 << u"a.b (2).c"_s;
    QTest::newRow("tar.gz") << u"x.tar.gz"_s << 1 << u"x (1).tar.gz"_s;
    QTest::newRow("tar.bz2") << u"x.tar.bz2"_s << 3 << u"x (3).tar.bz2"_s;
    QTest::newRow("TAR.XZ in capitals") << u"x.TAR.XZ"_s << 1 << u"x (1).TAR.XZ"_s;
    QTest::newRow("tar.zst") << u"x.tar.zst"_s << 999 << u"x (999).tar.zst"_s;
    QTest::newRow("only .tar.gz") << u".tar.gz"_s << 1 << u".tar (1).gz"_s;
    QTest::newRow("no extension") << u"README"_s << 1 << u"README (1)"_s;
    QTest::newRow("dot file") << u".bashrc"_s << 1 << u".bashrc (1)"_s;
}

void TestPartFile::numberedName()
{
    QFETCH(QString, leaf);
    QFETCH(int, number);
    QFETCH(QString, expected);
    QCOMPARE(PartFile::numberedName(leaf, number), expected);
}

void TestPartFile::createPicksFreeName_data()
{
    QTest::addColumn<QString>("subdir");
    QTest::addColumn<QString>("leaf");
    QTest::addColumn<QStringList>("files");
    QTest::addColumn<QStringList>("danglingLinks");
    QTest::addColumn<QString>("expected");

    const QStringList none;
    QTest::newRow("free name") << QString() << u"a.txt"_s << none << none << u"a.txt"_s;
    QTest::newRow("final exists") << QString() << u"a.txt"_s << QStringList{u"a.txt"_s} << none << u"a (1).txt"_s;
    QTest::newRow("part exists") << QString() << u"a.txt"_s << QStringList{u"a.txt.part"_s} << none << u"a (1).txt"_s;
    QTest::newRow("final and numbered part exist")
        << QString() << u"a.txt"_s << QStringList{u"a.txt"_s, u"a (1).txt.part"_s} << none << u"a (2).txt"_s;
    QTest::newRow("tar.gz is one extension")
        << QString() << u"x.tar.gz"_s << QStringList{u"x.tar.gz"_s} << none << u"x (1).tar.gz"_s;
    QTest::newRow("dot file") << QString() << u".bashrc"_s << QStringList{u".bashrc"_s} << none << u".bashrc (1)"_s;
    QTest::newRow("dangling link at part") << QString() << u"a.txt"_s << none << QStringList{u"a.txt.part"_s}
                                           << u"a (1).txt"_s;
    QTest::newRow("dangling link at final") << QString() << u"a.txt"_s << none << QStringList{u"a.txt"_s}
                                            << u"a (1).txt"_s;
    QTest::newRow("missing folders are made") << u"new/deeper"_s << u"a.txt"_s << none << none << u"a.txt"_s;
}

void TestPartFile::createPicksFreeName()
{
    QFETCH(QString, subdir);
    QFETCH(QString, leaf);
    QFETCH(QStringList, files);
    QFETCH(QStringList, danglingLinks);
    QFETCH(QString, expected);

    QTemporaryDir temp;
    QTemporaryDir outside;
    const QString dir = subdir.isEmpty() ? temp.path() : temp.filePath(subdir);
    for (const QString &name : files)
        QVERIFY(writeFile(temp.filePath(name), name.toUtf8()));
    for (const QString &name : danglingLinks)
        QVERIFY(QFile::link(outside.filePath(name), temp.filePath(name)));

    PartFile file;
    const DownloadError error = file.create(dir, leaf).error();
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(file.finalPath(), dir + u'/' + expected);
    QCOMPARE(file.partPath(), file.finalPath() + u".part"_s);
    QVERIFY(file.isOpen());
    QCOMPARE(QFileInfo(file.partPath()).size(), 0);
    for (const QString &name : files)
        QCOMPARE(readFile(temp.filePath(name)), name.toUtf8());
    QCOMPARE(entries(outside.path()), QStringList());  // no link was written through
    file.discard();
    QVERIFY(!QFileInfo::exists(dir + u'/' + expected + u".part"_s));
}

void TestPartFile::symlinkTargetsStayUntouched()
{
    QTemporaryDir dir;
    QTemporaryDir outside;
    const QString target = outside.filePath(u"target.txt"_s);
    QVERIFY(writeFile(target, "secret"));
    const QString link = dir.filePath(u"a.txt.part"_s);
    QVERIFY(QFile::link(target, link));

    PartFile created;
    QVERIFY(created.create(dir.path(), u"a.txt"_s).ok());
    QCOMPARE(created.partPath(), dir.filePath(u"a (1).txt.part"_s));
    QVERIFY(created.write(0, "mine").ok());
    QVERIFY(created.commit().ok());
    QCOMPARE(readFile(dir.filePath(u"a (1).txt"_s)), QByteArray("mine"));

    PartFile reopened;
    const DownloadError error = reopened.reopen(link, dir.filePath(u"a.txt"_s)).error();
    QCOMPARE(error.kind, ErrorKind::Disk);
    QVERIFY2(error.message.startsWith(u"Cannot open "_s + link), qPrintable(error.message));
    QVERIFY(!reopened.isOpen());
    QVERIFY(QFileInfo(link).isSymLink());
    QCOMPARE(readFile(target), QByteArray("secret"));
}

void TestPartFile::createRejectsPathsInLeaf_data()
{
    QTest::addColumn<QString>("leaf");
    QTest::newRow("empty") << QString();
    QTest::newRow("dot") << u"."_s;
    QTest::newRow("dot dot") << u".."_s;
    QTest::newRow("parent traversal") << u"../escape.txt"_s;
    QTest::newRow("subfolder") << u"sub/a.txt"_s;
}

void TestPartFile::createRejectsPathsInLeaf()
{
    QFETCH(QString, leaf);
    QTemporaryDir parent;
    const QString dir = parent.filePath(u"downloads"_s);
    PartFile file;
    const DownloadError error = file.create(dir, leaf).error();
    QCOMPARE(error.kind, ErrorKind::InvalidInput);
    QVERIFY(!file.isOpen());
    QCOMPARE(entries(parent.path()), QStringList());  // not even the folder was made
}

void TestPartFile::largeWritesLandWhole_data()
{
    QTest::addColumn<qint64>("size");
    QTest::addColumn<qint64>("offset");
    QTest::newRow("one slice") << PartFile::kWriteSliceBytes << qint64(0);
    QTest::newRow("slices and a remainder, after a hole") << 16 * PartFile::kWriteSliceBytes + 123 << qint64(4096 + 7);
}

void TestPartFile::largeWritesLandWhole()
{
    // A write larger than one pwrite() slice goes down in pieces: every byte at its offset.
    QFETCH(qint64, size);
    QFETCH(qint64, offset);
    QByteArray data(size, Qt::Uninitialized);
    for (qint64 i = 0; i < size; ++i)
        data[i] = char((i * 131 + 7) % 251);
    QTemporaryDir dir;
    PartFile file;
    QVERIFY(file.create(dir.path(), u"large.bin"_s).ok());
    QVERIFY(file.write(offset, data).ok());
    const QByteArray onDisk = readFile(file.partPath());
    QCOMPARE(onDisk.size(), offset + size);
    QCOMPARE(onDisk.first(offset), QByteArray(offset, '\0'));
    QCOMPARE(QCryptographicHash::hash(onDisk.sliced(offset), QCryptographicHash::Sha256),
             QCryptographicHash::hash(data, QCryptographicHash::Sha256));
}

void TestPartFile::verifyRejectsMismatch_data()
{
    QTest::addColumn<qint64>("expectedSize");
    QTest::addColumn<QByteArray>("digestOf");
    QTest::addColumn<ErrorKind>("kind");
    QTest::addColumn<QString>("message");

    const QByteArray data("0123456789");
    const QString otherHex = QString::fromLatin1(QCryptographicHash::hash("x", QCryptographicHash::Sha256).toHex());
    const QString dataHex = QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
    QTest::newRow("matching size, no checksum") << qint64(10) << QByteArray() << ErrorKind::None << QString();
    QTest::newRow("unknown size, matching checksum") << qint64(-1) << data << ErrorKind::None << QString();
    QTest::newRow("too short") << qint64(11) << QByteArray() << ErrorKind::Protocol
                               << u"Size mismatch: expected 11 bytes, file has 10"_s;
    QTest::newRow("too long") << qint64(9) << data << ErrorKind::Protocol
                              << u"Size mismatch: expected 9 bytes, file has 10"_s;
    QTest::newRow("wrong digest") << qint64(10) << QByteArray("x") << ErrorKind::Checksum
                                  << u"Checksum mismatch (sha-256): expected "_s + otherHex + u", got "_s + dataHex;
}

void TestPartFile::verifyRejectsMismatch()
{
    QFETCH(qint64, expectedSize);
    QFETCH(QByteArray, digestOf);
    QFETCH(ErrorKind, kind);
    QFETCH(QString, message);

    QTemporaryDir dir;
    PartFile file;
    QVERIFY(file.create(dir.path(), u"v.bin"_s).ok());
    QVERIFY(file.write(0, "0123456789").ok());
    std::optional<ChecksumSpec> checksum;
    if (!digestOf.isEmpty())
        checksum = ChecksumSpec{QCryptographicHash::Sha256, QCryptographicHash::hash(digestOf, QCryptographicHash::Sha256)};
    const DownloadError error = file.verify(expectedSize, checksum).error();
    QCOMPARE(error.kind, kind);
    QCOMPARE(error.message, message);
    QCOMPARE(readFile(file.partPath()), QByteArray("0123456789"));
}

void TestPartFile::commitNeverOverwrites_data()
{
    QTest::addColumn<QStringList>("appearing");
    QTest::addColumn<QString>("expected");

    QTest::newRow("name still free") << QStringList() << u"a.txt"_s;
    QTest::newRow("final name appeared") << QStringList{u"a.txt"_s} << u"a (1).txt"_s;
    QTest::newRow("final and next part appeared") << QStringList{u"a.txt"_s, u"a (1).txt.part"_s} << u"a (2).txt"_s;
    QTest::newRow("final and next name appeared") << QStringList{u"a.txt"_s, u"a (1).txt"_s} << u"a (2).txt"_s;
}

void TestPartFile::commitNeverOverwrites()
{
    QFETCH(QStringList, appearing);
    QFETCH(QString, expected);

    QTemporaryDir dir;
    PartFile file;
    QVERIFY(file.create(dir.path(), u"a.txt"_s).ok());
    QVERIFY(file.write(0, "downloaded").ok());
    for (const QString &name : appearing)
        QVERIFY(writeFile(dir.filePath(name), "someone else's " + name.toUtf8()));
    const DownloadError error = file.commit().error();
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QVERIFY(!file.isOpen());
    QCOMPARE(file.finalPath(), dir.filePath(expected));
    QCOMPARE(readFile(dir.filePath(expected)), QByteArray("downloaded"));
    for (const QString &name : appearing)
        QCOMPARE(readFile(dir.filePath(name)), "someone else's " + name.toUtf8());
    QVERIFY(!QFileInfo::exists(dir.filePath(u"a.txt.part"_s)));
}

void TestPartFile::discardAfterCommitLeavesOthersAlone()
{
    QTemporaryDir dir;
    PartFile file;
    QVERIFY(file.create(dir.path(), u"a.txt"_s).ok());
    QVERIFY(file.commit().ok());
    QVERIFY(writeFile(dir.filePath(u"a.txt.part"_s), "a new download"));
    file.discard();
    QCOMPARE(readFile(dir.filePath(u"a.txt.part"_s)), QByteArray("a new download"));
    QVERIFY(QFileInfo::exists(dir.filePath(u"a.txt"_s)));
}

// Files sharing a SyncGroup commit from several threads at once, even under one requested name:
// each lands under its own name with its own bytes, and nothing is left as ".part".
void TestPartFile::sharedSyncGroupCommits()
{
    constexpr int kFiles = 16;
    QTemporaryDir temp;
    SyncGroup group;
    QThreadPool pool;
    pool.setMaxThreadCount(kFiles);
    std::array<DownloadError, kFiles> errors;
    std::array<QString, kFiles> finalPaths;
    for (int i = 0; i < kFiles; ++i) {
        pool.start([&, i] {
            PartFile file(&group);
            const QString leaf = i % 2 ? QStringLiteral("same.bin") : QStringLiteral("own%1.bin").arg(i);
            const QByteArray data = QByteArray::number(i).repeated(1000 + i);
            DownloadError error = file.create(temp.path(), leaf).error();
            if (!error.isError())
                error = file.write(0, data).error();
            if (!error.isError())
                error = file.sync(PartFile::SyncScope::Data).error();
            if (!error.isError())
                error = file.verify(data.size(), ChecksumSpec{QCryptographicHash::Sha256,
                                                              QCryptographicHash::hash(data, QCryptographicHash::Sha256)}).error();
            if (!error.isError())
                error = file.commit().error();
            errors[size_t(i)] = error;
            finalPaths[size_t(i)] = file.finalPath();
        });
    }
    QVERIFY(pool.waitForDone(20000));
    QSet<QString> distinct;
    for (int i = 0; i < kFiles; ++i) {
        QVERIFY2(!errors[size_t(i)].isError(), qPrintable(errors[size_t(i)].message));
        QCOMPARE(readFile(finalPaths[size_t(i)]), QByteArray::number(i).repeated(1000 + i));
        distinct.insert(finalPaths[size_t(i)]);
    }
    QCOMPARE(distinct.size(), kFiles);
    QCOMPARE(QDir(temp.path()).entryList({u"*.part"_s}, QDir::Files), QStringList());
}

void TestPartFile::unwritableFolder_data()
{
    QTest::addColumn<QString>("setup");
    QTest::addColumn<QString>("reason");
    QTest::newRow("folder below a regular file") << u"under-file"_s << u"Not a directory"_s;
    QTest::newRow("read-only folder") << u"chmod"_s << u"Permission denied"_s;
    QTest::newRow("read-only filesystem") << u"ro-mount"_s << u"Read-only file system"_s;
}

void TestPartFile::unwritableFolder()
{
    QFETCH(QString, setup);
    QFETCH(QString, reason);

    QTemporaryDir temp;
    QString dir = temp.filePath(u"target"_s);
    std::unique_ptr<TmpfsMount> mount;
    if (setup == u"under-file"_s) {
        QVERIFY(writeFile(temp.filePath(u"afile"_s), "plain file"));
        dir = temp.filePath(u"afile/sub"_s);
    } else if (setup == u"chmod"_s) {
        if (::geteuid() == 0)
            QSKIP("running as root: permission bits are not enforced (the other rows cover this)");
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(::chmod(QFile::encodeName(dir).constData(), 0500) == 0);
    } else {
        mount = std::make_unique<TmpfsMount>(dir, u"ro,size=1m"_s);
        if (!mount->isMounted())
            QSKIP("needs root and permission to mount a tmpfs");
    }

    PartFile file;
    const DownloadError error = file.create(dir, u"x.bin"_s).error();
    QCOMPARE(error.kind, ErrorKind::Disk);
    QVERIFY2(error.message.startsWith(u"Cannot create"_s), qPrintable(error.message));
    QVERIFY2(error.message.contains(dir), qPrintable(error.message));
    QVERIFY2(error.message.endsWith(reason), qPrintable(error.message));
    QVERIFY(!file.isOpen());
    if (setup == u"under-file"_s)
        QCOMPARE(readFile(temp.filePath(u"afile"_s)), QByteArray("plain file"));
    else
        QCOMPARE(entries(dir), QStringList());
    if (setup == u"chmod"_s)
        ::chmod(QFile::encodeName(dir).constData(), 0700);
}

QTEST_GUILESS_MAIN(TestPartFile)
#include "tst_partfile.moc"
