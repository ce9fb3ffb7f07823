// CommandLine::parse in-process: the option table's values land in DownloadSettings, --help
// states the defaults DownloadSettings really has, usage errors say what an option takes, and
// lists are read through the bounded loader (files, duplicates across sources, refusals).
#include "commandline.h"
#include "engineoptions.h"

#include "base/sizetext.h"
#include "base/version.h"

#include <QCoreApplication>
#include <QFile>
#include <QObject>
#include <QRegularExpression>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestCommandLine final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void helpStatesTheRealDefaults();
    void version();
    void engineOptionsLand();
    void usageErrors_data();
    void usageErrors();
    void windowRefusesAListItCannotRead();
    void windowRefusesEngineOptions();
    void windowTakesLinksAndLists();
    void listsMergeInInputOrder();
    void unreadableListsAreRefused_data();
    void unreadableListsAreRefused();
    void sizes_data();
    void sizes();
    void proxyOptions();
    void caCertificatesMadeOnceTheApplicationExists();
    void rpcDaemonOptions();

private:
    static ParsedCommandLine parse(QStringList arguments)
    {
        arguments.prepend(u"gather"_s);
        return CommandLine::parse(arguments);
    }
    QString write(const QString &name, const QByteArray &content)
    {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
            qFatal("cannot write %s", qPrintable(file.fileName()));
        return file.fileName();
    }

    QTemporaryDir m_dir;
};

void TestCommandLine::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QCoreApplication::setApplicationName(u"gather"_s);
    QCoreApplication::setApplicationVersion(Version::text());
}

void TestCommandLine::helpStatesTheRealDefaults()
{
    const ParsedCommandLine help = parse({u"--help"_s});
    QCOMPARE(help.action, ParsedCommandLine::Action::Print);
    // QCommandLineParser wraps long help lines: read it as one line of words.
    const QString text = help.text.simplified();
    const DownloadSettings d;
    const QStringList expected{
        u" [options] [URL...] Gather: downloads lists of URLs"_s,
        u"-j, --max-concurrent <N> Download N files at once (1-256, default %1)."_s.arg(d.maxConcurrent),
        u"--max-per-host <N> At most N connections per host (1-64, default %1)."_s.arg(d.maxPerHost),
        u"(1-32, default %1)."_s.arg(d.split),
        u"--min-split-size <SIZE> Never split a file into parts smaller than SIZE (at least 1M, default %1)."_s
            .arg(SizeText::of(d.minSegmentSize)),
        u"more data once it flows (default %1)."_s.arg(d.connectTimeoutMs / 1000),
        u"--retries <N> Retry transient failures N times (0-100, default %1)."_s.arg(d.retries),
        u"e.g. 500M or 4G (default: no limit)."_s,
        u"slower than SIZE per second... (default %1, 0 = off)."_s.arg(SizeText::of(d.lowSpeedLimit)),
        u"--low-speed-time <S> ...for S seconds (default %1)."_s.arg(d.lowSpeedTimeMs / 1000),
        u"or skip (default %1)."_s.arg(DownloadSettings::nameOf(d.existingFile)),
        u"--header <K: V> Send this header with every request (repeatable)."_s,
        u"--ca-certificate <FILE>"_s,
        u"--headless"_s,
        u"--checksum <ALGO=HEX>"_s,
        u"-i, --input-file <FILE>"_s,
    };
    for (const QString &line : expected)
        QVERIFY2(text.contains(line), qPrintable(u"missing: "_s + line + u"\n"_s + help.text));
}

void TestCommandLine::version()
{
    const ParsedCommandLine version = parse({u"--version"_s});
    QCOMPARE(version.action, ParsedCommandLine::Action::Print);
    QCOMPARE(version.text, u"gather %1\n"_s.arg(Version::text()));
    QVERIFY(QRegularExpression(u"^\\d+\\.\\d+\\.\\d+$"_s).match(Version::text()).hasMatch());
    QCOMPARE(DownloadSettings().userAgent, (u"Gather/"_s + Version::text()).toLatin1());
}

void TestCommandLine::engineOptionsLand()
{
    const ParsedCommandLine run = parse({u"--headless"_s, u"-q"_s, u"-d"_s, m_dir.path(), u"-j"_s, u"7"_s,
                                         u"--max-per-host"_s, u"3"_s, u"-s"_s, u"2"_s, u"--min-split-size"_s, u"8M"_s,
                                         u"--timeout"_s, u"2.5"_s, u"--retries"_s, u"0"_s, u"--max-size"_s, u"1G"_s,
                                         u"--low-speed-limit"_s, u"10K"_s, u"--low-speed-time"_s, u"5"_s,
                                         u"--on-existing"_s, u" SKIP "_s, u"--header"_s, u"X-A: 1"_s, u"--header"_s,
                                         u"X-B:two words"_s, u"https://a.example/file.iso"_s});
    QCOMPARE(run.action, ParsedCommandLine::Action::Run);
    QVERIFY2(run.text.isEmpty(), qPrintable(run.text));
    const HeadlessOptions &o = run.options;
    QVERIFY(o.headless);
    QVERIFY(o.quiet);
    QCOMPARE(o.settings.folder, m_dir.path());
    QCOMPARE(o.settings.maxConcurrent, 7);
    QCOMPARE(o.settings.maxPerHost, 3);
    QCOMPARE(o.settings.split, 2);
    QCOMPARE(o.settings.minSegmentSize, 8 * 1024 * 1024);
    QCOMPARE(o.settings.connectTimeoutMs, 2500);
    QCOMPARE(o.settings.idleTimeoutMs, 2500);
    QCOMPARE(o.settings.retries, 0);
    QCOMPARE(o.settings.maxSize, qint64(1) << 30);
    QCOMPARE(o.settings.lowSpeedLimit, 10 * 1024);
    QCOMPARE(o.settings.lowSpeedTimeMs, 5000);
    QCOMPARE(o.settings.existingFile, DownloadSettings::ExistingFile::Skip);
    const QList<QPair<QByteArray, QByteArray>> headers{{"X-A", "1"}, {"X-B", "two words"}};
    QCOMPARE(o.settings.headers, headers);
    QCOMPARE(o.items.size(), 1);
    QCOMPARE(o.items.first().entry->url, QUrl(u"https://a.example/file.iso"_s));
    // What is not given keeps the engine's default.
    QCOMPARE(DownloadSettings().userAgent, o.settings.userAgent);
}

void TestCommandLine::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString url = u"https://a.example/x"_s;
    QTest::newRow("no URLs") << QStringList{u"--headless"_s} << u"No URLs given: pass URLs or -i FILE"_s;
    QTest::newRow("unknown option") << QStringList{u"--frobnicate"_s} << u"Unknown option 'frobnicate'."_s;
    QTest::newRow("-j 0") << QStringList{u"--headless"_s, u"-j"_s, u"0"_s, url}
                          << u"--max-concurrent takes a whole number from 1 to 256"_s;
    QTest::newRow("-j 2.5") << QStringList{u"--headless"_s, u"-j"_s, u"2.5"_s, url}
                            << u"--max-concurrent takes a whole number from 1 to 256"_s;
    QTest::newRow("retries -1") << QStringList{u"--headless"_s, u"--retries"_s, u"-1"_s, url}
                                << u"--retries takes a whole number from 0 to 100"_s;
    QTest::newRow("timeout 0") << QStringList{u"--headless"_s, u"--timeout"_s, u"0"_s, url}
                               << u"--timeout takes seconds from 0.1 to 86400"_s;
    QTest::newRow("low speed time words") << QStringList{u"--headless"_s, u"--low-speed-time"_s, u"long"_s, url}
                                          << u"--low-speed-time takes seconds from 1 to 86400"_s;
    QTest::newRow("max size garbage") << QStringList{u"--headless"_s, u"--max-size"_s, u"huge"_s, url}
                                      << u"--max-size takes a size like 1048576, 500K, 20M or 4G"_s;
    QTest::newRow("min split size too small") << QStringList{u"--headless"_s, u"--min-split-size"_s, u"512K"_s, url}
                                              << u"--min-split-size must be at least 1M (got \"512K\")"_s;
    QTest::newRow("on-existing") << QStringList{u"--headless"_s, u"--on-existing"_s, u"replace"_s, url}
                                 << u"--on-existing takes rename, overwrite or skip (got \"replace\")"_s;
    QTest::newRow("engine header") << QStringList{u"--headless"_s, u"--header"_s, u"Range: bytes=0-"_s, url}
                                   << u"--header must look like \"Name: value\" (got \"Range: bytes=0-\"): header 'Range' is set by Gather and cannot be overridden"_s;
    QTest::newRow("no certificate") << QStringList{u"--headless"_s, u"--ca-certificate"_s, u"/nonexistent.pem"_s, url}
                                    << u"--ca-certificate: no PEM certificate could be read from /nonexistent.pem"_s;
    QTest::newRow("checksum") << QStringList{u"--headless"_s, u"--checksum"_s, u"crc32=00"_s, url}
                              << u"--checksum: unknown checksum algorithm 'crc32' (use sha-256, sha-512, sha-1 or md5)"_s;
    QTest::newRow("checksum for two") << QStringList{u"--headless"_s, u"--checksum"_s, u"md5=00000000000000000000000000000000"_s,
                                                     url, u"https://a.example/y"_s}
                                      << u"--checksum applies to exactly one URL (got 2); use checksum= lines in an input file for lists"_s;
    QTest::newRow("missing list") << QStringList{u"--headless"_s, u"-i"_s, u"/nonexistent/list.txt"_s}
                                  << u"Cannot read the list /nonexistent/list.txt: "_s;
    QTest::newRow("rpc port without rpc") << QStringList{u"--headless"_s, u"--rpc-listen-port"_s, u"7000"_s, url}
                                          << u"--rpc-listen-port needs --enable-rpc"_s;
    QTest::newRow("rpc port 0") << QStringList{u"--headless"_s, u"--enable-rpc"_s, u"--rpc-listen-port"_s, u"0"_s}
                                << u"--rpc-listen-port: 0 is not a port (1-65535)"_s;
    QTest::newRow("rpc port words") << QStringList{u"--headless"_s, u"--enable-rpc"_s, u"--rpc-listen-port"_s, u"http"_s}
                                    << u"--rpc-listen-port: http is not a port (1-65535)"_s;
    QTest::newRow("rpc empty secret") << QStringList{u"--headless"_s, u"--enable-rpc"_s, u"--rpc-secret="_s}
                                      << u"--rpc-secret: the secret is empty"_s;
    QTest::newRow("rpc origin") << QStringList{u"--headless"_s, u"--enable-rpc"_s, u"--rpc-allow-origin"_s, u"localhost"_s}
                                << u"--rpc-allow-origin: localhost is not an origin such as http://localhost:6880"_s;
    QTest::newRow("rpc allowed dir") << QStringList{u"--headless"_s, u"--enable-rpc"_s, u"--rpc-allowed-dir"_s, u"/nonexistent/dl"_s}
                                     << u"--rpc-allowed-dir: /nonexistent/dl is not a folder"_s;
}

void TestCommandLine::rpcDaemonOptions()
{
    // A daemon needs no URLs; the flags land in the options, origins without their trailing '/'.
    const ParsedCommandLine parsed =
        parse({u"--headless"_s, u"--enable-rpc"_s, u"--rpc-listen-port"_s, u"7123"_s, u"--rpc-secret"_s, u"s3cret"_s,
               u"--rpc-allow-origin"_s, u"http://localhost:6880/"_s, u"--rpc-allowed-dir"_s, m_dir.path()});
    QCOMPARE(parsed.action, ParsedCommandLine::Action::Run);
    const RpcOptions::Values &rpc = parsed.options.rpc;
    QVERIFY(rpc.enabled);
    QCOMPARE(rpc.settings.port, quint16(7123));
    QCOMPARE(rpc.settings.secret, u"s3cret"_s);
    QCOMPARE(rpc.settings.address, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(rpc.settings.allowedOrigins, QStringList{u"http://localhost:6880"_s});
    QCOMPARE(rpc.allowedFolder, QFileInfo(m_dir.path()).canonicalFilePath());
    QVERIFY(parsed.options.items.isEmpty());
    QVERIFY(rpc.notes.isEmpty());

    // Beyond loopback only when asked, and then with a warning.
    const ParsedCommandLine all = parse({u"--headless"_s, u"--enable-rpc"_s, u"--rpc-listen-all"_s});
    QCOMPARE(all.action, ParsedCommandLine::Action::Run);
    QCOMPARE(all.options.rpc.settings.address, QHostAddress(QHostAddress::Any));
    QCOMPARE(all.options.rpc.notes.size(), 1);
    QVERIFY(all.options.notes.contains(all.options.rpc.notes.first()));

    // The window takes remote control from its Settings.
    const ParsedCommandLine window = parse({u"--enable-rpc"_s});
    QCOMPARE(window.action, ParsedCommandLine::Action::UsageError);
    QCOMPARE(window.text, u"--enable-rpc works with --headless only; the window takes its settings from Settings…"_s);
}

void TestCommandLine::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const ParsedCommandLine parsed = parse(arguments);
    QCOMPARE(parsed.action, ParsedCommandLine::Action::UsageError);
    QVERIFY2(parsed.text.startsWith(message), qPrintable(parsed.text));
}

void TestCommandLine::windowRefusesEngineOptions()
{
    for (const QStringList &arguments : {QStringList{u"-s"_s, u"4"_s}, QStringList{u"--header"_s, u"X-A: 1"_s},
                                         QStringList{u"-q"_s}, QStringList{u"--checksum"_s, u"md5=0"_s},
                                         QStringList{u"--all-proxy"_s, u"http://p.example:3128"_s}}) {
        const ParsedCommandLine parsed = parse(arguments);
        QCOMPARE(parsed.action, ParsedCommandLine::Action::UsageError);
        QVERIFY2(parsed.text.endsWith(u" works with --headless only; the window takes its settings from Settings…"_s),
                 qPrintable(parsed.text));
    }
}

void TestCommandLine::windowTakesLinksAndLists()
{
    write(u"relative.txt"_s, "https://b.example/\n");
    const QString before = QDir::currentPath();
    QVERIFY(QDir::setCurrent(m_dir.path()));
    const ParsedCommandLine parsed = parse({u"-d"_s, m_dir.path(), u"-i"_s, u"relative.txt"_s, u"https://a.example/1"_s,
                                            u"https://a.example/2"_s});
    QVERIFY(QDir::setCurrent(before));
    QCOMPARE(parsed.action, ParsedCommandLine::Action::Run);
    QVERIFY(!parsed.options.headless);
    QCOMPARE(parsed.options.window.urlText, u"https://a.example/1\nhttps://a.example/2"_s);
    QCOMPARE(parsed.options.window.listFiles, QStringList{QDir(m_dir.path()).absoluteFilePath(u"relative.txt"_s)});
    QCOMPARE(parsed.options.window.folder, m_dir.path());
    QVERIFY(parsed.options.window.notes.isEmpty());
    QVERIFY(parsed.options.items.isEmpty());  // the window reads lists itself
}

void TestCommandLine::windowRefusesAListItCannotRead()
{
    // Alone, an unreadable list is a usage error (exit 2), as in the headless mode; beside
    // other links it is said on stderr and the links still go to the window.
    const ParsedCommandLine alone = parse({u"-i"_s, u"/nonexistent/list.txt"_s});
    QCOMPARE(alone.action, ParsedCommandLine::Action::UsageError);
    QVERIFY2(alone.text.startsWith(u"Cannot read the list /nonexistent/list.txt: "_s), qPrintable(alone.text));
    const ParsedCommandLine folder = parse({u"-i"_s, m_dir.path()});
    QCOMPARE(folder.action, ParsedCommandLine::Action::UsageError);
    QCOMPARE(folder.text, u"Cannot read the list %1: is a folder, not a file"_s.arg(m_dir.path()));

    const ParsedCommandLine beside = parse({u"-i"_s, u"/nonexistent/list.txt"_s, u"https://a.example/1"_s});
    QCOMPARE(beside.action, ParsedCommandLine::Action::Run);
    QCOMPARE(beside.options.window.urlText, u"https://a.example/1"_s);
    QVERIFY(beside.options.window.listFiles.isEmpty());
    QCOMPARE(beside.options.window.notes.size(), 1);
    QVERIFY(beside.options.window.notes.first().startsWith(u"Cannot read the list /nonexistent/list.txt: "_s));
}

void TestCommandLine::listsMergeInInputOrder()
{
    const QString list = write(u"list.txt"_s, "https://a.example/1\nmailto:someone@example.org\nhttps://a.example/2\n"
                                              "https://a.example/2\nhttps://a.example/3\n");
    const ParsedCommandLine parsed = parse({u"--headless"_s, u"-i"_s, list, u"https://a.example/3"_s});
    QCOMPARE(parsed.action, ParsedCommandLine::Action::Run);
    QStringList shown;
    for (const HeadlessOptions::InputItem &item : parsed.options.items)
        shown.append(item.entry ? item.entry->url.toString() : u"rejected: "_s + item.rejected.reason);
    // Arguments come first; the file's rejected line keeps its place among its entries; a URL
    // seen before, in the same source or an earlier one, is a duplicate.
    const QStringList expected{
        u"https://a.example/3"_s,
        u"https://a.example/1"_s,
        u"rejected: %1 line 2: unsupported scheme 'mailto' (only http and https)"_s.arg(list),
        u"https://a.example/2"_s,
    };
    QCOMPARE(shown, expected);
    const QStringList notes{
        u"%1 line 4: https://a.example/2 is a duplicate of line 3, skipped"_s.arg(list),
        u"%1 line 5: https://a.example/3 is a duplicate of argument line 1, skipped"_s.arg(list),
    };
    QCOMPARE(parsed.options.notes, notes);
    QCOMPARE(parsed.options.duplicates.size(), 2);
}

void TestCommandLine::unreadableListsAreRefused_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("reason");
    QTest::newRow("binary") << u"image.png"_s << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) << u"not a text file"_s;
    QTest::newRow("folder") << u"folder"_s << QByteArray() << u"is a folder, not a file"_s;
}

void TestCommandLine::unreadableListsAreRefused()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, reason);
    QString path = m_dir.filePath(name);
    if (name == u"folder")
        QVERIFY(QDir(m_dir.path()).mkpath(name));
    else
        path = write(name, content);
    const ParsedCommandLine parsed = parse({u"--headless"_s, u"-i"_s, path});
    QCOMPARE(parsed.action, ParsedCommandLine::Action::UsageError);
    QCOMPARE(parsed.text, u"Cannot read the list %1: %2"_s.arg(path, reason));
}

void TestCommandLine::sizes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("bytes");
    QTest::newRow("plain") << u"1048576"_s << qint64(1048576);
    QTest::newRow("K") << u"500K"_s << qint64(500 * 1024);
    QTest::newRow("MiB") << u"20 MiB"_s << qint64(20) * 1024 * 1024;
    QTest::newRow("lower case") << u"4g"_s << (qint64(4) << 30);
    QTest::newRow("T") << u"2T"_s << (qint64(2) << 40);
    QTest::newRow("negative") << u"-1"_s << qint64(-1);
    QTest::newRow("fraction") << u"1.5M"_s << qint64(-1);
    QTest::newRow("overflow") << u"9999999999T"_s << qint64(-1);
    QTest::newRow("empty") << QString() << qint64(-1);
}

void TestCommandLine::sizes()
{
    QFETCH(QString, text);
    QFETCH(qint64, bytes);
    const auto parsed = SizeText::parse(text);
    QCOMPARE(parsed.value_or(-1), bytes);
    if (parsed)
        QCOMPARE(SizeText::parse(SizeText::of(*parsed)), parsed);
}

// --all-proxy and --no-proxy (aria2's names): without them the environment, "" none at all.
void TestCommandLine::proxyOptions()
{
    const QString url = u"https://a.example/f"_s;
    const ParsedCommandLine plain = parse({u"--headless"_s, url});
    QCOMPARE(plain.options.settings.proxy.mode, ProxySettings::Mode::System);

    const ParsedCommandLine manual = parse({u"--headless"_s, u"--no-proxy"_s, u"a.example, .lan"_s, u"--all-proxy"_s,
                                            u"socks5://me:pw@p.example:1081"_s, url});
    QCOMPARE(manual.action, ParsedCommandLine::Action::Run);
    const ProxySettings &proxy = manual.options.settings.proxy;
    QCOMPARE(proxy.mode, ProxySettings::Mode::Manual);
    QCOMPARE(proxy.type, ProxySettings::Type::Socks5);
    QCOMPARE(proxy.host, u"p.example"_s);
    QCOMPARE(proxy.port, quint16(1081));
    QCOMPARE(proxy.user, u"me"_s);
    QCOMPARE(proxy.password, u"pw"_s);
    QCOMPARE(proxy.noProxy, (QStringList{u"a.example"_s, u".lan"_s}));

    const ParsedCommandLine none = parse({u"--headless"_s, u"--all-proxy"_s, QString(), url});
    QCOMPARE(none.action, ParsedCommandLine::Action::Run);
    QCOMPARE(none.options.settings.proxy.mode, ProxySettings::Mode::None);

    const ParsedCommandLine bad = parse({u"--headless"_s, u"--all-proxy"_s, u"https://me:secret@p.example"_s, url});
    QCOMPARE(bad.action, ParsedCommandLine::Action::UsageError);
    QVERIFY2(bad.text.startsWith(u"--all-proxy: "_s), qPrintable(bad.text));
    QVERIFY(!bad.text.contains(u"secret"_s));
}

void TestCommandLine::caCertificatesMadeOnceTheApplicationExists()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString url = u"https://a.example/x"_s;
    const auto write = [&dir](const QString &name, const QByteArray &text) {
        QFile file(dir.filePath(name));
        return file.open(QIODevice::WriteOnly) && file.write(text) == text.size() ? file.fileName() : QString();
    };
    // Text that looks like PEM is taken while parsing; what it holds is judged afterwards.
    const QString fake = write(u"fake.pem"_s, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
    ParsedCommandLine parsed = CommandLine::parse({u"gather"_s, u"--headless"_s, u"--ca-certificate"_s, fake, url});
    QCOMPARE(parsed.action, ParsedCommandLine::Action::Run);
    QVERIFY(parsed.options.settings.extraCaCertificates.isEmpty());
    const Result<void> made = EngineOptions::makeCertificates(parsed.options.settings);
    QVERIFY(!made);
    QCOMPARE(made.problem(), u"--ca-certificate: no PEM certificate could be read from "_s + fake);

    // A file with no PEM block at all is refused while parsing.
    const QString text = write(u"text.pem"_s, "hello\n");
    parsed = CommandLine::parse({u"gather"_s, u"--headless"_s, u"--ca-certificate"_s, text, url});
    QCOMPARE(parsed.action, ParsedCommandLine::Action::UsageError);

    // Nothing given: nothing to make.
    DownloadSettings none;
    QVERIFY(EngineOptions::makeCertificates(none));
    QVERIFY(none.extraCaCertificates.isEmpty());
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
