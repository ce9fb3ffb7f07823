// Checksum files as release pages publish them (ChecksumFile): GNU coreutils lines in text and
// binary mode, escaped names, BSD lines, PGP clear-signed files, and hostile input (bad hex, long
// lines, binary junk, too many entries, contradicting repeats), each bad line reported by
// number. ChecksumApplier gives entries their checksum by file name, an explicit one winning;
// UrlListLoader applies a dropped checksum file to the links dropped with it.
#include "intake/checksumapplier.h"
#include "intake/checksumfile.h"
#include "intake/urllistloader.h"
#include "testfiles.h"

#include <QCryptographicHash>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QByteArray digest(const QByteArray &data, QCryptographicHash::Algorithm algorithm)
{
    return QCryptographicHash::hash(data, algorithm);
}

QString hex(const QByteArray &data, QCryptographicHash::Algorithm algorithm = QCryptographicHash::Sha256)
{
    return QString::fromLatin1(digest(data, algorithm).toHex());
}

QString badRows(const ChecksumList &list)
{
    QStringList rows;
    for (const RejectedLine &row : list.bad)
        rows.append(u"%1: %2"_s.arg(row.line).arg(row.reason));
    return rows.join(u'\n');
}

} // namespace

class TestChecksumFile final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fileNames_data();
    void fileNames();
    void formats_data();
    void formats();
    void escapedName();
    void pathsMatchByLeaf();
    void pgpClearSigned();
    void hostileLines_data();
    void hostileLines();
    void binaryJunkNeverCrashes();
    void tooManyEntries();
    void badRowsAreCapped();
    void applierFillsAndReportsConflicts();
    void droppedWithLinks();
};

void TestChecksumFile::fileNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("isSums");
    QTest::newRow("SHA256SUMS") << u"SHA256SUMS"_s << true;
    QTest::newRow("SHA512SUMS") << u"SHA512SUMS"_s << true;
    QTest::newRow("SHA1SUMS") << u"SHA1SUMS"_s << true;
    QTest::newRow("MD5SUMS") << u"MD5SUMS"_s << true;
    QTest::newRow("lower case with .txt") << u"sha256sums.txt"_s << true;
    QTest::newRow("*.sha256") << u"debian.iso.sha256"_s << true;
    QTest::newRow("*.sha512") << u"x.tar.xz.SHA512"_s << true;
    QTest::newRow("*.md5") << u"x.md5"_s << true;
    QTest::newRow("*.sha1") << u"x.sha1"_s << true;
    QTest::newRow("plain list") << u"links.txt"_s << false;
    QTest::newRow("CRC32SUMS") << u"CRC32SUMS"_s << false;
    QTest::newRow("SUMS alone") << u"SUMS"_s << false;
    QTest::newRow("sums in an extension") << u"a.SHA256SUMS.x"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void TestChecksumFile::fileNames()
{
    QFETCH(QString, name);
    QFETCH(bool, isSums);
    QCOMPARE(ChecksumFile::isChecksumFileName(name), isSums);
}

void TestChecksumFile::formats_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("algorithm");
    const QByteArray a = "alpha";
    const QByteArray b = "beta";
    using H = QCryptographicHash;
    QTest::newRow("GNU text mode, SHA256SUMS") << u"SHA256SUMS"_s
        << u"%1  a.iso\n%2  b.tar.gz\n"_s.arg(hex(a), hex(b)) << int(H::Sha256);
    QTest::newRow("GNU binary mode, SHA512SUMS") << u"SHA512SUMS"_s
        << u"%1 *a.iso\r\n%2 *b.tar.gz\r\n"_s.arg(hex(a, H::Sha512), hex(b, H::Sha512)) << int(H::Sha512);
    QTest::newRow("SHA1SUMS, comments and blank lines") << u"SHA1SUMS"_s
        << u"# made by sha1sum\n\n%1  a.iso\n   \n%2  b.tar.gz"_s.arg(hex(a, H::Sha1), hex(b, H::Sha1)) << int(H::Sha1);
    QTest::newRow("MD5SUMS, upper-case hex") << u"MD5SUMS"_s
        << u"%1  a.iso\n%2  b.tar.gz\n"_s.arg(hex(a, H::Md5).toUpper(), hex(b, H::Md5)) << int(H::Md5);
    QTest::newRow("BSD SHA256") << u"CHECKSUM.sha256"_s
        << u"SHA256 (a.iso) = %1\nSHA256 (b.tar.gz) = %2\n"_s.arg(hex(a), hex(b)) << int(H::Sha256);
    QTest::newRow("BSD SHA512 in a .sha512") << u"x.sha512"_s
        << u"SHA512 (a.iso) = %1\nSHA512 (b.tar.gz) = %2\n"_s.arg(hex(a, H::Sha512), hex(b, H::Sha512)) << int(H::Sha512);
    QTest::newRow("BSD MD5, algorithm by line") << u"anything.md5"_s
        << u"MD5 (a.iso) = %1\nMD5 (b.tar.gz) = %2\n"_s.arg(hex(a, H::Md5), hex(b, H::Md5)) << int(H::Md5);
    QTest::newRow("GNU, algorithm by length") << QString()
        << u"%1  a.iso\n%2  b.tar.gz\n"_s.arg(hex(a, H::Sha1), hex(b, H::Sha1)) << int(H::Sha1);
}

void TestChecksumFile::formats()
{
    QFETCH(QString, fileName);
    QFETCH(QString, text);
    QFETCH(int, algorithm);
    const auto kind = QCryptographicHash::Algorithm(algorithm);
    const ChecksumList list = ChecksumFile::parse(text, fileName);
    QCOMPARE(badRows(list), QString());
    QCOMPARE(list.byName.size(), 2);
    QCOMPARE(list.byName.value(u"a.iso"_s), (ChecksumSpec{kind, digest("alpha", kind)}));
    QCOMPARE(list.byName.value(u"b.tar.gz"_s), (ChecksumSpec{kind, digest("beta", kind)}));
}

void TestChecksumFile::escapedName()
{
    const ChecksumList list = ChecksumFile::parse(u"\\%1  odd\\\\name\\nx.iso\n"_s.arg(hex("x")), u"SHA256SUMS");
    QCOMPARE(badRows(list), QString());
    QVERIFY(list.byName.contains(u"odd\\name\nx.iso"_s));
}

void TestChecksumFile::pathsMatchByLeaf()
{
    const ChecksumList list = ChecksumFile::parse(
        u"%1  ./dist/a b.iso\n%2 *sub/dir/c.zip\nSHA256 (x/y/d.deb) = %3\n"_s.arg(hex("1"), hex("2"), hex("3")), u"SHA256SUMS");
    QCOMPARE(badRows(list), QString());
    QCOMPARE(list.byName.keys().size(), 3);
    QVERIFY(list.byName.contains(u"a b.iso"_s));
    QVERIFY(list.byName.contains(u"c.zip"_s));
    QVERIFY(list.byName.contains(u"d.deb"_s));
}

void TestChecksumFile::pgpClearSigned()
{
    const QString text = u"-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n%1  a.iso\n%2  b.iso\n"
                         "-----BEGIN PGP SIGNATURE-----\n\niQIzBAEBCAAdFiEE+not+a+checksum==\n=abcd\n"
                         "-----END PGP SIGNATURE-----\n"_s.arg(hex("a"), hex("b"));
    const ChecksumList list = ChecksumFile::parse(text, u"SHA256SUMS");
    QCOMPARE(badRows(list), QString());
    QCOMPARE(list.byName.size(), 2);
}

void TestChecksumFile::hostileLines_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("reason");
    QTest::newRow("not hex") << u"SHA256SUMS"_s << u"zz%1  a.iso"_s.arg(hex("a").mid(2)) << u"not a checksum line"_s;
    QTest::newRow("short for the file's algorithm") << u"SHA256SUMS"_s << u"%1  a.iso"_s.arg(hex("a", QCryptographicHash::Md5))
                                                    << u"sha-256 checksum needs 64 hex digits, got 32"_s;
    QTest::newRow("no known length") << QString() << u"abcdef  a.iso"_s << u"6 hex digits fit no known checksum"_s;
    QTest::newRow("no name") << u"SHA256SUMS"_s << u"%1 "_s.arg(hex("a")) << u"not a checksum line"_s;
    QTest::newRow("no name after mark") << u"SHA256SUMS"_s << u"%1 *"_s.arg(hex("a")) << u"no file name"_s;
    QTest::newRow("a folder") << u"SHA256SUMS"_s << u"%1  dist/"_s.arg(hex("a")) << u"names a folder"_s;
    QTest::newRow("dot dot") << u"SHA256SUMS"_s << u"%1  .."_s.arg(hex("a")) << u"names a folder"_s;
    QTest::newRow("unknown BSD algorithm") << u"x.sha256"_s << u"CRC32 (a.iso) = abcdef01"_s << u"unknown algorithm CRC32"_s;
    QTest::newRow("BSD wrong length") << u"x.sha256"_s << u"SHA256 (a.iso) = abcdef01"_s << u"needs 64 hex digits"_s;
    QTest::newRow("prose") << u"SHA256SUMS"_s << u"Checksums for the release follow."_s << u"not a checksum line"_s;
    QTest::newRow("long line") << u"SHA256SUMS"_s << u"%1  %2"_s.arg(hex("a"), QString(20'000, u'n')) << u"line longer than"_s;
}

void TestChecksumFile::hostileLines()
{
    QFETCH(QString, fileName);
    QFETCH(QString, line);
    QFETCH(QString, reason);
    // The bad line sits between good ones, which still count.
    const QString text = u"%1  good1.iso\n%2\n%3  good2.iso\n"_s.arg(hex("1"), line, hex("2"));
    const ChecksumList list = ChecksumFile::parse(text, fileName);
    QCOMPARE(list.badCount, 1);
    QCOMPARE(list.bad.size(), 1);
    QCOMPARE(list.bad.first().line, 2);
    QVERIFY2(list.bad.first().reason.contains(reason), qPrintable(list.bad.first().reason));
    QVERIFY(list.bad.first().text.size() <= 201);  // cut for display, with an ellipsis
    QVERIFY(list.byName.contains(u"good1.iso"_s));
    QVERIFY(list.byName.contains(u"good2.iso"_s));
}

void TestChecksumFile::binaryJunkNeverCrashes()
{
    QByteArray junk(64 * 1024, '\0');
    for (qsizetype i = 0; i < junk.size(); ++i)
        junk[i] = char((i * 7919 + 13) % 256);
    const ChecksumList list = ChecksumFile::parse(QString::fromLatin1(junk), u"SHA256SUMS");
    QVERIFY(list.byName.isEmpty());
    QVERIFY(list.badCount > 0);

    // A name listed twice with different checksums keeps the first; the same one twice is fine.
    const ChecksumList twice = ChecksumFile::parse(u"%1  a.iso\n%1  a.iso\n%2  a.iso\n"_s.arg(hex("1"), hex("2")), u"SHA256SUMS");
    QCOMPARE(twice.byName.value(u"a.iso"_s).expectedHex(), hex("1"));
    QCOMPARE(badRows(twice), u"3: a.iso is listed earlier with another checksum; the first is kept"_s);
}

void TestChecksumFile::tooManyEntries()
{
    QString text;
    const QString digestHex = hex("x");
    for (qsizetype i = 0; i < ChecksumFile::kMaxEntries + 5; ++i)
        text += digestHex % u"  f" % QString::number(i) % u'\n';
    const ChecksumList list = ChecksumFile::parse(text, u"SHA256SUMS");
    QCOMPARE(list.byName.size(), ChecksumFile::kMaxEntries);
    QCOMPARE(list.badCount, 1);
    QVERIFY(list.bad.first().reason.contains(u"too many entries"_s));
}

void TestChecksumFile::badRowsAreCapped()
{
    QString text;
    for (int i = 0; i < 5000; ++i)
        text += u"nonsense line\n"_s;
    const ChecksumList list = ChecksumFile::parse(text, u"MD5SUMS");
    QCOMPARE(list.badCount, 5000);
    QCOMPARE(list.bad.size(), ChecksumFile::kMaxBadRows);
}

void TestChecksumFile::applierFillsAndReportsConflicts()
{
    ChecksumList sums = ChecksumFile::parse(u"%1  a.iso\n%2  b.iso\n%3  c d.iso\n"_s.arg(hex("a"), hex("b"), hex("c")), u"SHA256SUMS");
    QList<UrlEntry> entries(5);
    entries[0].url = QUrl(u"https://h/x/a.iso?token=1"_s);
    entries[1].url = QUrl(u"https://h/x/b.iso"_s);
    entries[1].line = 7;
    entries[1].checksum = ChecksumSpec{QCryptographicHash::Sha256, digest("other", QCryptographicHash::Sha256)};
    entries[2].url = QUrl(u"https://h/get.php"_s);
    entries[2].outName = u"c d.iso"_s;
    entries[3].url = QUrl(u"https://h/x/c%20d.iso"_s);
    entries[4].url = QUrl(u"https://h/x/unknown.iso"_s);
    qsizetype applied = 0;
    const QList<ChecksumConflict> conflicts = ChecksumApplier::apply(entries, sums, &applied);
    QCOMPARE(applied, 3);
    QCOMPARE(entries[0].checksum->expectedHex(), hex("a"));
    QCOMPARE(entries[1].checksum->expectedHex(), hex("other"));  // the list's own wins
    QCOMPARE(entries[2].checksum->expectedHex(), hex("c"));
    QCOMPARE(entries[3].checksum->expectedHex(), hex("c"));
    QVERIFY(!entries[4].checksum);
    QCOMPARE(conflicts.size(), 1);
    const QString text = ChecksumApplier::describe(conflicts.first());
    QVERIFY2(text.startsWith(u"line 7, b.iso: "_s) && text.contains(hex("other")) && text.contains(hex("b")), qPrintable(text));
}

void TestChecksumFile::droppedWithLinks()
{
    QTemporaryDir dir;
    const QString list = dir.filePath(u"links.txt"_s);
    const QString sums = dir.filePath(u"SHA256SUMS"_s);
    QVERIFY(TestFiles::writeFile(list, "https://example.org/a.iso\nhttps://example.org/b.iso\n  checksum=sha-256="
                                           + hex("mine").toLatin1() + "\nhttps://example.org/none.iso\n"));
    QVERIFY(TestFiles::writeFile(sums, (hex("a") % u"  a.iso\nrubbish here\n" % hex("b") % u" *b.iso\n").toUtf8()));
    DroppedInput input;
    input.files = {sums, list};  // the order they come in does not matter
    const LoadedUrlList loaded = UrlListLoader::read(input);
    QCOMPARE(loaded.parsed.entries.size(), 3);
    QCOMPARE(loaded.sources, (QStringList{u"SHA256SUMS"_s, u"links.txt"_s}));
    QCOMPARE(loaded.entryCounts, (QList<qsizetype>{0, 3}));
    QCOMPARE(loaded.checksumsApplied, 1);
    QCOMPARE(loaded.parsed.entries[0].checksum->expectedHex(), hex("a"));
    QCOMPARE(loaded.parsed.entries[1].checksum->expectedHex(), hex("mine"));
    QVERIFY(!loaded.parsed.entries[2].checksum);
    QCOMPARE(loaded.parsed.rejected.size(), 1);
    QCOMPARE(loaded.parsed.rejected.first().line, 2);
    QCOMPARE(loaded.parsed.rejected.first().source, u"SHA256SUMS"_s);
    QCOMPARE(loaded.checksumConflicts.size(), 1);
    QVERIFY(loaded.checksumConflicts.first().contains(u"b.iso"_s));
    QVERIFY(loaded.problems.isEmpty());
}

QTEST_GUILESS_MAIN(TestChecksumFile)
#include "tst_checksumfile.moc"
