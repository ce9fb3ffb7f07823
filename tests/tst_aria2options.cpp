#include "intake/aria2options.h"

#include <QObject>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

using Header = QPair<QByteArray, QByteArray>;

const QString kSha256Hex = u"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"_s;

} // namespace

class TestAria2Options final : public QObject
{
    Q_OBJECT

private slots:
    void isOptionLine_data();
    void isOptionLine();
    void accepted();
    void checksumAlgorithms_data();
    void checksumAlgorithms();
    void rejected_data();
    void rejected();
    void repeatedOptions();
    void ownLimits_data();
    void ownLimits();
};

void TestAria2Options::isOptionLine_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("option");

    QTest::newRow("out") << u"out=a.iso"_s << true;
    QTest::newRow("dashed key") << u"max-connection-per-server=4"_s << true;
    QTest::newRow("empty value") << u"dir="_s << true;
    QTest::newRow("no key") << u"=a"_s << false;
    QTest::newRow("no equals") << u"out a.iso"_s << false;
    QTest::newRow("space in key") << u"a b=c"_s << false;
    QTest::newRow("URL with query") << u"https://a.example/?q=1"_s << false;
    QTest::newRow("key too long") << QString(65, u'k') + u"=v"_s << false;
}

void TestAria2Options::isOptionLine()
{
    QFETCH(QString, text);
    QFETCH(bool, option);
    QCOMPARE(Aria2Options::isOptionLine(text), option);
}

void TestAria2Options::accepted()
{
    UrlEntry entry;
    QCOMPARE(Aria2Options::apply(entry, u"out=  renamed.iso "_s).problem(), QString());
    QCOMPARE(Aria2Options::apply(entry, u"DIR=downloads/isos"_s).problem(), QString());
    QCOMPARE(Aria2Options::apply(entry, QString(u"checksum=sha-256="_s + kSha256Hex)).problem(), QString());
    QCOMPARE(Aria2Options::apply(entry, u"header=Authorization: Bearer abc"_s).problem(), QString());
    QCOMPARE(Aria2Options::apply(entry, u"header=X-Empty:"_s).problem(), QString());
    QCOMPARE(Aria2Options::apply(entry, u"header=X-Name: Müller\tsen "_s).problem(), QString());

    QCOMPARE(entry.outName, u"renamed.iso"_s);
    QCOMPARE(entry.dir, u"downloads/isos"_s);
    // Found by fuzz_list: a folder that cleans to ":escape" is a folder named so inside the
    // download folder, not a Qt resource path that QDir would resolve against the working folder.
    UrlEntry colon;
    QCOMPARE(Aria2Options::apply(colon, u"dir=.@./../:escape"_s).problem(), QString());
    QCOMPARE(colon.dir, u":escape"_s);
    QCOMPARE(colon.folderIn(u"/base"_s), u"/base/:escape"_s);
    QVERIFY(entry.checksum.has_value());
    QCOMPARE(entry.checksum->expectedHex(), kSha256Hex);
    QCOMPARE(entry.headers, (QList<Header>{{"Authorization", "Bearer abc"},
                                           {"X-Empty", ""},
                                           {"X-Name", QByteArray("M\xC3\xBCller\tsen")}}));
}

void TestAria2Options::checksumAlgorithms_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<int>("algorithm");
    QTest::addColumn<QString>("hex");

    const QString sha1 = u"da39a3ee5e6b4b0d3255bfef95601890afd80709"_s;
    const QString md5 = u"d41d8cd98f00b204e9800998ecf8427e"_s;
    const QString sha512 = QString(128, u'a');
    QTest::newRow("sha-256") << u"sha-256="_s + kSha256Hex << int(QCryptographicHash::Sha256) << kSha256Hex;
    QTest::newRow("SHA256, upper-case hex") << u"SHA256="_s + kSha256Hex.toUpper() << int(QCryptographicHash::Sha256) << kSha256Hex;
    QTest::newRow("sha-512") << u"sha-512="_s + sha512 << int(QCryptographicHash::Sha512) << sha512;
    QTest::newRow("sha-1") << u"sha-1="_s + sha1 << int(QCryptographicHash::Sha1) << sha1;
    QTest::newRow("md5") << u"md5="_s + md5 << int(QCryptographicHash::Md5) << md5;
}

void TestAria2Options::checksumAlgorithms()
{
    QFETCH(QString, option);
    QFETCH(int, algorithm);
    QFETCH(QString, hex);

    UrlEntry entry;
    QCOMPARE(Aria2Options::apply(entry, QString(u"checksum="_s + option)).problem(), QString());
    QVERIFY(entry.checksum.has_value());
    QCOMPARE(int(entry.checksum->algorithm), algorithm);
    QCOMPARE(entry.checksum->expectedHex(), hex);
}

void TestAria2Options::rejected_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("reason");

    QTest::newRow("empty out") << u"out="_s << u"out is empty"_s;
    QTest::newRow("out with slash") << u"out=../etc/passwd"_s << u"out must be a file name, not a path (it contains '/')"_s;
    QTest::newRow("out dot") << u"out=."_s << u"out cannot be '.' or '..'"_s;
    QTest::newRow("out dot-dot") << u"out=.."_s << u"out cannot be '.' or '..'"_s;
    QTest::newRow("out with bidi override") << u"out=invoice\u202Efdp.exe"_s << u"out contains a control or invisible character"_s;
    QTest::newRow("out with NUL") << QString(u"out=a\0b"_s) << u"out contains a control or invisible character"_s;
    QTest::newRow("empty dir") << u"dir=   "_s << u"dir is empty"_s;
    QTest::newRow("dir with zero-width") << u"dir=a\u200Bb"_s << u"dir contains a control or invisible character"_s;
    // A list from anyone cannot aim outside the download folder (~/.ssh/authorized_keys).
    QTest::newRow("dir absolute") << u"dir=/home/u/.ssh"_s << u"dir must be a folder inside the download folder, not an absolute path"_s;
    QTest::newRow("dir root") << u"dir=/"_s << u"dir must be a folder inside the download folder, not an absolute path"_s;
    QTest::newRow("dir up") << u"dir=../../escape-rel"_s << u"dir leaves the download folder ('..')"_s;
    QTest::newRow("dir up alone") << u"dir=.."_s << u"dir leaves the download folder ('..')"_s;
    QTest::newRow("dir up after down") << u"dir=a/../../b"_s << u"dir leaves the download folder ('..')"_s;
    QTest::newRow("short checksum") << u"checksum=sha-256=abc"_s << u"invalid checksum: sha-256 checksum needs 64 hex digits, got 3"_s;
    QTest::newRow("checksum not hex") << u"checksum=md5="_s + QString(32, u'g')
                                      << u"invalid checksum: checksum has a character that is not hex: g"_s;
    QTest::newRow("unknown algorithm") << u"checksum=crc32=abcd"_s
                                       << u"invalid checksum: unknown checksum algorithm 'crc32' (use sha-256, sha-512, sha-1 or md5)"_s;
    QTest::newRow("checksum without algorithm") << u"checksum=abcd"_s << u"invalid checksum: checksum must look like sha-256=HEX"_s;
    QTest::newRow("header without colon") << u"header=NoColon"_s << u"header must look like 'Name: value'"_s;
    QTest::newRow("header with empty name") << u"header=: x"_s << u"header must look like 'Name: value'"_s;
    QTest::newRow("header name with space") << u"header=Bad Name: x"_s << u"header name 'Bad Name' is not a valid HTTP token"_s;
    QTest::newRow("header name not ASCII") << u"header=Név: x"_s << u"header name 'Név' is not a valid HTTP token"_s;
    QTest::newRow("header value with NUL") << QString(u"header=X-A: a\0b"_s) << u"header value contains a control character"_s;
    QTest::newRow("header value with DEL") << u"header=X-A: a\u007Fb"_s << u"header value contains a control character"_s;
    QTest::newRow("Range") << u"header=range: bytes=0-"_s << u"header 'range' is set by Gather and cannot be overridden"_s;
    QTest::newRow("Accept-Encoding") << u"header=Accept-Encoding: gzip"_s
                                     << u"header 'Accept-Encoding' is set by Gather and cannot be overridden"_s;
    QTest::newRow("split zero") << u"split=0"_s << u"split must be a number of connections from 1 to 16, not '0'"_s;
    QTest::newRow("split too many") << u"split=17"_s << u"split must be a number of connections from 1 to 16, not '17'"_s;
    QTest::newRow("split not a number") << u"split=four"_s << u"split must be a number of connections from 1 to 16, not 'four'"_s;
    QTest::newRow("limit negative") << u"max-download-limit=-1"_s
                                    << u"max-download-limit must be a speed like 500K or 2M (0 = unlimited), not '-1'"_s;
    QTest::newRow("limit unknown unit") << u"max-download-limit=5X"_s
                                        << u"max-download-limit must be a speed like 500K or 2M (0 = unlimited), not '5X'"_s;
    QTest::newRow("limit empty") << u"max-download-limit="_s
                                 << u"max-download-limit must be a speed like 500K or 2M (0 = unlimited), not ''"_s;
    QTest::newRow("unknown option") << u"max-connection-per-server=4"_s << u"unknown option 'max-connection-per-server' (ignored)"_s;
}

void TestAria2Options::rejected()
{
    QFETCH(QString, option);
    QFETCH(QString, reason);

    UrlEntry entry;
    QCOMPARE(Aria2Options::apply(entry, option).problem(), reason);
    QVERIFY(entry.outName.isEmpty());
    QVERIFY(entry.dir.isEmpty());
    QVERIFY(!entry.checksum.has_value());
    QVERIFY(entry.headers.isEmpty());
    QVERIFY(!entry.split.has_value());
    QVERIFY(!entry.maxBytesPerSecond.has_value());
}

void TestAria2Options::repeatedOptions()
{
    UrlEntry entry;
    QCOMPARE(Aria2Options::apply(entry, u"out=a.iso"_s).problem(), QString());
    QCOMPARE(Aria2Options::apply(entry, u"out=b.iso"_s).problem(), u"option 'out' given twice; keeping the first"_s);
    QCOMPARE(Aria2Options::apply(entry, u"dir=one"_s).problem(), QString());
    QCOMPARE(Aria2Options::apply(entry, u"dir=two"_s).problem(), u"option 'dir' given twice; keeping the first"_s);
    QCOMPARE(Aria2Options::apply(entry, u"checksum=md5=d41d8cd98f00b204e9800998ecf8427e"_s).problem(), QString());
    QCOMPARE(Aria2Options::apply(entry, QString(u"checksum=sha-256="_s + kSha256Hex)).problem(), u"option 'checksum' given twice; keeping the first"_s);
    QCOMPARE(Aria2Options::apply(entry, u"header=Cookie: a=1"_s).problem(), QString());
    QCOMPARE(Aria2Options::apply(entry, u"header=Cookie: b=2"_s).problem(), QString());

    QCOMPARE(entry.outName, u"a.iso"_s);
    QCOMPARE(entry.dir, u"one"_s);
    QCOMPARE(entry.checksum->algorithm, QCryptographicHash::Md5);
    QCOMPARE(entry.headers, (QList<Header>{{"Cookie", "a=1"}, {"Cookie", "b=2"}}));

    QCOMPARE(Aria2Options::apply(entry, u"split=2"_s).problem(), QString());
    QCOMPARE(Aria2Options::apply(entry, u"split=3"_s).problem(), u"option 'split' given twice; keeping the first"_s);
    QCOMPARE(Aria2Options::apply(entry, u"max-download-limit=1M"_s).problem(), QString());
    QCOMPARE(Aria2Options::apply(entry, u"max-download-limit=2M"_s).problem(),
             u"option 'max-download-limit' given twice; keeping the first"_s);
    QCOMPARE(entry.split, 2);
    QCOMPARE(entry.maxBytesPerSecond, 1024 * 1024);
}

void TestAria2Options::ownLimits_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<int>("split");               // -1: not set
    QTest::addColumn<qint64>("maxBytesPerSecond");  // -1: not set

    QTest::newRow("split=1") << u"split=1"_s << 1 << qint64(-1);
    QTest::newRow("split=16") << u"split=16"_s << 16 << qint64(-1);
    QTest::newRow("SPLIT= 4 ") << u"SPLIT= 4 "_s << 4 << qint64(-1);
    QTest::newRow("limit 500K") << u"max-download-limit=500K"_s << -1 << qint64(500 * 1024);
    QTest::newRow("limit 2M") << u"max-download-limit=2M"_s << -1 << qint64(2 * 1024 * 1024);
    QTest::newRow("limit 2m") << u"max-download-limit=2m"_s << -1 << qint64(2 * 1024 * 1024);
    QTest::newRow("limit in bytes") << u"max-download-limit=1536"_s << -1 << qint64(1536);
    QTest::newRow("limit 0 is unlimited") << u"max-download-limit=0"_s << -1 << qint64(0);
}

void TestAria2Options::ownLimits()
{
    QFETCH(QString, option);
    QFETCH(int, split);
    QFETCH(qint64, maxBytesPerSecond);

    UrlEntry entry;
    QCOMPARE(Aria2Options::apply(entry, option).problem(), QString());
    QCOMPARE(entry.split.value_or(-1), split);
    QCOMPARE(entry.maxBytesPerSecond.value_or(-1), maxBytesPerSecond);
}

QTEST_GUILESS_MAIN(TestAria2Options)
#include "tst_aria2options.moc"
