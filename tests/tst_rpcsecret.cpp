// RpcSecret: random URL-safe secrets, kept in a file only its owner can read.
#include "rpc/rpcsecret.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

class TstRpcSecret final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void generated();
    void writtenPrivate();
    void readTightensMode();
    void loadOrCreate();
    void errors();

private:
    static mode_t modeOf(const QString &path)
    {
        struct stat info {};
        return ::lstat(QFile::encodeName(path).constData(), &info) == 0 ? (info.st_mode & 0777) : 0;
    }
    QTemporaryDir m_dir;
};

void TstRpcSecret::generated()
{
    const QString a = RpcSecret::generate();
    const QString b = RpcSecret::generate();
    QCOMPARE(a.size(), 32);  // 24 bytes, base64 without padding
    QVERIFY(QRegularExpression(QStringLiteral("^[A-Za-z0-9_-]{32}$")).match(a).hasMatch());
    QVERIFY(a != b);
}

void TstRpcSecret::writtenPrivate()
{
    const QString path = m_dir.filePath(QStringLiteral("new"));
    QVERIFY(RpcSecret::write(path, QStringLiteral("abc")).ok());
    QCOMPARE(modeOf(path), mode_t(0600));
    const Result<QString> read = RpcSecret::read(path);
    QVERIFY2(read.ok(), qPrintable(read.problem()));
    QCOMPARE(*read, QStringLiteral("abc"));
    // An existing file that others could read is made private before the secret goes in.
    const QString open = m_dir.filePath(QStringLiteral("open"));
    QFile file(open);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    QVERIFY(::chmod(QFile::encodeName(open).constData(), 0644) == 0);
    QVERIFY(RpcSecret::write(open, QStringLiteral("longer secret")).ok());
    QCOMPARE(modeOf(open), mode_t(0600));
    QVERIFY(RpcSecret::write(open, QStringLiteral("short")).ok());
    QCOMPARE(*RpcSecret::read(open), QStringLiteral("short"));  // truncated, not overlaid
}

void TstRpcSecret::readTightensMode()
{
    const QString path = m_dir.filePath(QStringLiteral("loose"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("  s3cret \nignored\n");
    file.close();
    QVERIFY(::chmod(QFile::encodeName(path).constData(), 0644) == 0);
    const Result<QString> read = RpcSecret::read(path);
    QVERIFY(read.ok());
    QCOMPARE(*read, QStringLiteral("s3cret"));
    QCOMPARE(modeOf(path), mode_t(0600));
}

void TstRpcSecret::loadOrCreate()
{
    const QString path = m_dir.filePath(QStringLiteral("made"));
    const Result<QString> first = RpcSecret::loadOrCreate(path);
    QVERIFY2(first.ok(), qPrintable(first.problem()));
    QCOMPARE(first->size(), 32);
    QCOMPARE(modeOf(path), mode_t(0600));
    const Result<QString> second = RpcSecret::loadOrCreate(path);
    QVERIFY(second.ok());
    QCOMPARE(*second, *first);
}

void TstRpcSecret::errors()
{
    const QString missing = m_dir.filePath(QStringLiteral("missing"));
    Result<QString> read = RpcSecret::read(missing);
    QVERIFY(!read.ok());
    QVERIFY2(read.problem().contains(missing), qPrintable(read.problem()));

    const QString empty = m_dir.filePath(QStringLiteral("empty"));
    QFile file(empty);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    read = RpcSecret::read(empty);
    QVERIFY(!read.ok());
    QVERIFY2(read.problem().contains(QStringLiteral("holds no secret")), qPrintable(read.problem()));
    QVERIFY(!RpcSecret::loadOrCreate(empty).ok());  // never silently "no secret"

    const QString link = m_dir.filePath(QStringLiteral("link"));
    QVERIFY(QFile::link(empty, link));
    QVERIFY(!RpcSecret::read(link).ok());
    QVERIFY(!RpcSecret::write(link, QStringLiteral("x")).ok());

    QVERIFY(!RpcSecret::write(m_dir.filePath(QStringLiteral("no/such/folder")), QStringLiteral("x")).ok());
    QVERIFY(!RpcSecret::write(m_dir.filePath(QStringLiteral("two")), QStringLiteral("a\nb")).ok());
}

QTEST_GUILESS_MAIN(TstRpcSecret)
#include "tst_rpcsecret.moc"
