// One Gather per user. In-process: InstanceMessage's encoding, and SingleInstance's protocol
// over a real local socket (hand-over and ack, no server, a stale socket from a crash, a second
// listener, oversized and malformed frames). End to end: the real `gather` binary in window mode,
// offscreen; a second `gather URL` exits 0 at once and the first instance downloads URL.
//
// The end-to-end part relies on this contract with app/main.cpp: the environment variable
// GATHER_INSTANCE_NAME names the socket; the window reads AppSettings from QSettings in INI format
// at $XDG_CONFIG_HOME/gather/gather.ini, whose "ui/addDialogOnDrop=false" adds handed-over links
// at once; the second instance's command-line URLs and -i list files go to the first.
#include "enginefixture.h"
#include "faultserver.h"
#include "instancemessage.h"
#include "intake/urllistloader.h"
#include "singleinstance.h"
#include "testfiles.h"

#include <QDir>
#include <QLocalSocket>
#include <QProcess>
#include <QSignalSpy>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QtEndian>

#include <atomic>
#include <memory>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace {

// Runs a blocking client call on its own thread so the server's event loop here can answer.
template<typename Call>
class Client final
{
public:
    explicit Client(Call call)
        : m_thread(QThread::create([this, call] { m_result = call(); m_done = true; }))
    {
        m_thread->start();
    }
    ~Client() { m_thread->wait(); }
    Q_DISABLE_COPY_MOVE(Client)

    bool wait() { return QTest::qWaitFor([this] { return m_done.load(); }, 10'000); }
    auto result() const { return m_result; }

private:
    std::invoke_result_t<Call> m_result{};
    std::atomic_bool m_done = false;
    std::unique_ptr<QThread> m_thread;
};

// What a raw client gets back for raw bytes: the answer byte, or -1 when the server hung up.
int rawExchange(const QString &name, const QByteArray &bytes)
{
    QLocalSocket socket;
    socket.connectToServer(name);
    if (!socket.waitForConnected(5000))
        return -2;
    socket.write(bytes);
    socket.waitForBytesWritten(5000);
    while (socket.bytesAvailable() < 1) {
        if (!socket.waitForReadyRead(5000))
            return -1;
    }
    char answer = 0;
    socket.getChar(&answer);
    return answer;
}

QByteArray frame(const QByteArray &payload, quint32 declared)
{
    QByteArray bytes(4, Qt::Uninitialized);
    qToBigEndian(declared, bytes.data());
    return bytes + payload;
}

// Leaves a socket file with nobody listening, as a crashed instance does.
bool leaveStaleSocket(const QString &path)
{
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0)
        return false;
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const QByteArray encoded = QFile::encodeName(path);
    if (size_t(encoded.size()) >= sizeof address.sun_path) {
        ::close(fd);
        return false;
    }
    std::copy(encoded.begin(), encoded.end(), address.sun_path);
    const bool bound = ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0;
    ::close(fd);
    return bound && QFile::exists(path);
}

} // namespace

class TestSingleInstance final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void messageRoundTrip();
    void messageBecomesDroppedInput();
    void listFilesMadeAbsolute();
    void malformedMessages_data();
    void malformedMessages();
    void handsOverToRunning();
    void emptyMessageStillReceived();
    void noServerMeansNotTaken();
    void staleSocketIsReplaced();
    void secondListenerRefused();
    void staleLockIsReplaced();
    void sendWhenListeningWaitsForStart();
    void oversizedFrameRefused();
    void malformedFrameRefused();
    void defaultNameHonoursOverride();

    void endToEndWithGatherBinary();

private:
    QString socketName() const { return m_dir->filePath(QStringLiteral("instance.sock")); }
    static InstanceMessage sample();

    std::unique_ptr<QTemporaryDir> m_dir;
    FaultServer m_server;
};

void TestSingleInstance::initTestCase()
{
    qRegisterMetaType<InstanceMessage>();
    QVERIFY(m_server.listen());
}

void TestSingleInstance::init()
{
    // Short: a Unix socket path is limited to about 107 bytes.
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/gi-XXXXXX"));
    QVERIFY(m_dir->isValid());
}

InstanceMessage TestSingleInstance::sample()
{
    return InstanceMessage::fromCommandLine({QStringLiteral("https://example.org/a.iso"), QStringLiteral("ünïcode text")},
                                            {QStringLiteral("/lists/one.txt")}, QStringLiteral("/home/someone"));
}

void TestSingleInstance::messageRoundTrip()
{
    const InstanceMessage message = sample();
    const std::optional<InstanceMessage> decoded = InstanceMessage::decode(message.encode());
    QVERIFY(decoded);
    QCOMPARE(decoded->urls, message.urls);
    QCOMPARE(decoded->listFiles, message.listFiles);
    QCOMPARE(decoded->workingDirectory, QStringLiteral("/home/someone"));
    QVERIFY(decoded->folder.isEmpty());

    InstanceMessage withFolder = message;
    withFolder.folder = QStringLiteral("/data/isos");
    QCOMPARE(InstanceMessage::decode(withFolder.encode())->folder, QStringLiteral("/data/isos"));
    withFolder.folder = QStringLiteral("relative/isos");
    QVERIFY(!InstanceMessage::decode(withFolder.encode()));
}

void TestSingleInstance::messageBecomesDroppedInput()
{
    const DroppedInput input = sample().input();
    QCOMPARE(input.text, QStringLiteral("https://example.org/a.iso\nünïcode text"));
    QCOMPARE(input.files, QStringList{QStringLiteral("/lists/one.txt")});
    QCOMPARE(UrlListLoader::sourcesOf(input).constFirst().name, QStringLiteral("Command line"));
    QVERIFY(InstanceMessage().isEmpty());
    QVERIFY(InstanceMessage().input().isEmpty());
}

void TestSingleInstance::listFilesMadeAbsolute()
{
    const InstanceMessage message = InstanceMessage::fromCommandLine(
        {}, {QStringLiteral("lists/a.txt"), QStringLiteral("../b.txt"), QStringLiteral("/abs/c.txt")}, QStringLiteral("/work/dir"));
    QCOMPARE(message.listFiles, (QStringList{QStringLiteral("/work/dir/lists/a.txt"), QStringLiteral("/work/b.txt"),
                                             QStringLiteral("/abs/c.txt")}));
}

void TestSingleInstance::malformedMessages_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("not JSON") << QByteArray("hello");
    QTest::newRow("array") << QByteArray("[1,2]");
    QTest::newRow("no version") << QByteArray(R"({"urls":[],"listFiles":[],"workingDirectory":"/"})");
    QTest::newRow("future version") << QByteArray(R"({"version":2,"urls":[],"listFiles":[],"workingDirectory":"/"})");
    QTest::newRow("url not a string") << QByteArray(R"({"version":1,"urls":[5],"listFiles":[],"workingDirectory":"/"})");
    QTest::newRow("urls not a list") << QByteArray(R"({"version":1,"urls":"x","listFiles":[],"workingDirectory":"/"})");
    QTest::newRow("relative list file") << QByteArray(R"({"version":1,"urls":[],"listFiles":["a.txt"],"workingDirectory":"/"})");
    QTest::newRow("no working directory") << QByteArray(R"({"version":1,"urls":[],"listFiles":[]})");
}

void TestSingleInstance::malformedMessages()
{
    QFETCH(QByteArray, bytes);
    QVERIFY(!InstanceMessage::decode(bytes));
}

void TestSingleInstance::handsOverToRunning()
{
    SingleInstance server(socketName());
    QVERIFY2(server.listen(), qPrintable(server.errorString()));
    QSignalSpy received(&server, &SingleInstance::received);
    const QString name = socketName();
    Client client([name] { return SingleInstance::sendToRunning(sample(), 5000, name); });
    QVERIFY(client.wait());
    QVERIFY(client.result());
    QCOMPARE(received.count(), 1);
    const auto message = received.first().first().value<InstanceMessage>();
    QCOMPARE(message.urls, sample().urls);
    QCOMPARE(message.listFiles, sample().listFiles);

    // The server goes on serving.
    Client again([name] { return SingleInstance::sendToRunning(sample(), 5000, name); });
    QVERIFY(again.wait());
    QVERIFY(again.result());
    QCOMPARE(received.count(), 2);
}

void TestSingleInstance::emptyMessageStillReceived()
{
    SingleInstance server(socketName());
    QVERIFY(server.listen());
    QSignalSpy received(&server, &SingleInstance::received);
    const QString name = socketName();
    Client client([name] { return SingleInstance::sendToRunning(InstanceMessage(), 5000, name); });
    QVERIFY(client.wait());
    QVERIFY(client.result());
    QCOMPARE(received.count(), 1);
    QVERIFY(received.first().first().value<InstanceMessage>().isEmpty());
}

void TestSingleInstance::noServerMeansNotTaken()
{
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!SingleInstance::sendToRunning(sample(), 5000, socketName()));
    QVERIFY(timer.elapsed() < 2000);
}

void TestSingleInstance::staleSocketIsReplaced()
{
    QVERIFY(leaveStaleSocket(socketName()));
    QVERIFY(!SingleInstance::sendToRunning(sample(), 2000, socketName()));
    SingleInstance server(socketName());
    QVERIFY2(server.listen(), qPrintable(server.errorString()));
    QSignalSpy received(&server, &SingleInstance::received);
    const QString name = socketName();
    Client client([name] { return SingleInstance::sendToRunning(sample(), 5000, name); });
    QVERIFY(client.wait());
    QVERIFY(client.result());
    QCOMPARE(received.count(), 1);
}

void TestSingleInstance::secondListenerRefused()
{
    SingleInstance first(socketName());
    QVERIFY(first.listen());
    SingleInstance second(socketName());
    QVERIFY(!second.listen());
    QVERIFY(second.isHeldElsewhere());
    QVERIFY(!second.errorString().isEmpty());
    // The first instance was not disturbed.
    QSignalSpy received(&first, &SingleInstance::received);
    const QString name = socketName();
    Client sender([name] { return SingleInstance::sendToRunning(sample(), 5000, name); });
    QVERIFY(sender.wait());
    QVERIFY(sender.result());
    QCOMPARE(received.count(), 1);
}

void TestSingleInstance::staleLockIsReplaced()
{
    // A lock whose owner has exited, as a crash leaves it, and its socket.
    QProcess gone;
    qint64 deadPid = 0;
    connect(&gone, &QProcess::started, this, [&] { deadPid = gone.processId(); });
    gone.start(QStringLiteral("true"), {});
    QVERIFY(gone.waitForFinished(5000));
    QVERIFY(deadPid > 0);
    SingleInstance server(socketName());
    QVERIFY(TestFiles::writeFile(server.lockPath(), QStringLiteral("%1\ngather\n%2\n")
                                                        .arg(deadPid)
                                                        .arg(QSysInfo::machineHostName())
                                                        .toUtf8()));
    QVERIFY(leaveStaleSocket(socketName()));
    QVERIFY2(server.listen(), qPrintable(server.errorString()));
    QSignalSpy received(&server, &SingleInstance::received);
    const QString name = socketName();
    Client client([name] { return SingleInstance::sendToRunning(sample(), 5000, name); });
    QVERIFY(client.wait());
    QVERIFY(client.result());
    QCOMPARE(received.count(), 1);
}

void TestSingleInstance::sendWhenListeningWaitsForStart()
{
    // The other instance won the lock a moment ago and is still starting up.
    const QString name = socketName();
    Client client([name] { return SingleInstance::sendWhenListening(sample(), 10'000, name); });
    QVERIFY(!SingleInstance::sendToRunning(sample(), 1000, name));
    SingleInstance server(name);
    QVERIFY(server.listen());
    QSignalSpy received(&server, &SingleInstance::received);
    QVERIFY(client.wait());
    QVERIFY(client.result());
    QCOMPARE(received.count(), 1);
}

void TestSingleInstance::oversizedFrameRefused()
{
    SingleInstance server(socketName());
    QVERIFY(server.listen());
    QSignalSpy received(&server, &SingleInstance::received);
    const QString name = socketName();
    Client client([name] { return rawExchange(name, frame(QByteArray("{}"), quint32(SingleInstance::kMaxMessageBytes + 1))); });
    QVERIFY(client.wait());
    QCOMPARE(client.result(), int(SingleInstance::kNak));
    QCOMPARE(received.count(), 0);
}

void TestSingleInstance::malformedFrameRefused()
{
    SingleInstance server(socketName());
    QVERIFY(server.listen());
    QSignalSpy received(&server, &SingleInstance::received);
    const QString name = socketName();
    const QByteArray junk("not json at all");
    Client client([name, junk] { return rawExchange(name, frame(junk, quint32(junk.size()))); });
    QVERIFY(client.wait());
    QCOMPARE(client.result(), int(SingleInstance::kNak));
    QCOMPARE(received.count(), 0);

    // A frame that arrives in pieces is put together.
    const QByteArray whole = frame(sample().encode(), quint32(sample().encode().size()));
    Client pieces([name, whole] {
        QLocalSocket socket;
        socket.connectToServer(name);
        if (!socket.waitForConnected(5000))
            return -2;
        for (char byte : whole) {
            socket.write(&byte, 1);
            socket.flush();
        }
        while (socket.bytesAvailable() < 1) {
            if (!socket.waitForReadyRead(5000))
                return -1;
        }
        char answer = 0;
        socket.getChar(&answer);
        return int(answer);
    });
    QVERIFY(pieces.wait());
    QCOMPARE(pieces.result(), int(SingleInstance::kAck));
    QCOMPARE(received.count(), 1);
}

void TestSingleInstance::defaultNameHonoursOverride()
{
    const QByteArray saved = qgetenv("GATHER_INSTANCE_NAME");
    qputenv("GATHER_INSTANCE_NAME", "gather-test-override");
    QCOMPARE(SingleInstance::defaultName(), QStringLiteral("gather-test-override"));
    qunsetenv("GATHER_INSTANCE_NAME");
    QVERIFY(SingleInstance::defaultName().contains(QStringLiteral("gather-%1").arg(::getuid())));
    if (!saved.isNull())
        qputenv("GATHER_INSTANCE_NAME", saved);
}

void TestSingleInstance::endToEndWithGatherBinary()
{
    const QByteArray body = FaultServer::generatedBody(300'000, 7);
    m_server.setResponse(QStringLiteral("/e2e/handed.bin"), FaultResponse::generated(300'000, 7));
    m_server.setResponse(QStringLiteral("/e2e/listed.bin"), FaultResponse::ok(QByteArrayLiteral("from the list")));

    const QString home = m_dir->filePath(QStringLiteral("home"));
    const QString config = m_dir->filePath(QStringLiteral("config"));
    const QString downloads = m_dir->filePath(QStringLiteral("downloads"));
    const QString other = m_dir->filePath(QStringLiteral("other"));
    for (const QString &path : QStringList{home, config + QStringLiteral("/gather"), downloads, other})
        QVERIFY(QDir().mkpath(path));
    QVERIFY(TestFiles::writeFile(config + QStringLiteral("/gather/gather.ini"),
                                 QStringLiteral("[downloads]\nfolder=%1\n\n[ui]\naddDialogOnDrop=false\ncloseAction=quit\n"
                                                "notifyOnFinish=false\n")
                                     .arg(downloads)
                                     .toUtf8()));
    QVERIFY(TestFiles::writeFile(other + QStringLiteral("/list.txt"),
                                 (m_server.url(QStringLiteral("/e2e/listed.bin")).toString() + u'\n').toUtf8()));

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("GATHER_INSTANCE_NAME"), socketName());
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("HOME"), home);
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), config);
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_dir->filePath(QStringLiteral("data")));
    environment.insert(QStringLiteral("XDG_STATE_HOME"), m_dir->filePath(QStringLiteral("state")));
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), m_dir->filePath(QStringLiteral("cache")));

    QProcess first;
    first.setProcessEnvironment(environment);
    // Also the folder a build that ignores the stored folder would use.
    first.setWorkingDirectory(downloads);
    first.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    first.start(QStringLiteral(GATHER_BINARY), {});
    QVERIFY2(first.waitForStarted(10'000), qPrintable(first.errorString()));
    const auto stopFirst = qScopeGuard([&first] {
        if (first.state() == QProcess::NotRunning)
            return;
        first.terminate();
        if (!first.waitForFinished(10'000)) {
            first.kill();
            first.waitForFinished(5'000);
        }
    });
    const bool listening = QTest::qWaitFor([&] {
        if (first.state() == QProcess::NotRunning)
            return true;
        QLocalSocket probe;
        probe.connectToServer(socketName());
        return probe.waitForConnected(100);
    }, 15'000);
    QVERIFY2(listening && first.state() == QProcess::Running,
             qPrintable(QStringLiteral("the first gather did not start listening (exit code %1)").arg(first.exitCode())));

    QProcess second;
    second.setProcessEnvironment(environment);
    second.setWorkingDirectory(other);
    second.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    second.start(QStringLiteral(GATHER_BINARY),
                 {m_server.url(QStringLiteral("/e2e/handed.bin")).toString(), QStringLiteral("-i"), QStringLiteral("list.txt")});
    QVERIFY(second.waitForStarted(10'000));
    QVERIFY2(QTest::qWaitFor([&] { return second.state() == QProcess::NotRunning; }, 15'000),
             "the second gather did not exit");
    QCOMPARE(second.exitStatus(), QProcess::NormalExit);
    QCOMPARE(second.exitCode(), 0);
    QVERIFY(first.state() == QProcess::Running);

    // The first instance fetched both, into its own folder, byte for byte.
    const QString handed = downloads + QStringLiteral("/handed.bin");
    const QString listed = downloads + QStringLiteral("/listed.bin");
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(handed) && QFile::exists(listed), 20'000);
    QTRY_COMPARE_WITH_TIMEOUT(EngineFixture::fileSha256(handed), EngineFixture::sha256(body), 10'000);
    QCOMPARE(TestFiles::readFile(listed), QByteArrayLiteral("from the list"));
    QVERIFY(!QFile::exists(other + QStringLiteral("/handed.bin")));

    // gather -d DIR hands its folder over too: those links land there, not in the window's folder.
    m_server.setResponse(QStringLiteral("/e2e/elsewhere.bin"), FaultResponse::ok(QByteArrayLiteral("elsewhere")));
    const QString elsewhere = m_dir->filePath(QStringLiteral("elsewhere"));
    QProcess third;
    third.setProcessEnvironment(environment);
    third.setWorkingDirectory(other);
    third.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    third.start(QStringLiteral(GATHER_BINARY), {QStringLiteral("-d"), QStringLiteral("../elsewhere"),
                                                m_server.url(QStringLiteral("/e2e/elsewhere.bin")).toString()});
    QVERIFY(third.waitForStarted(10'000));
    QVERIFY(QTest::qWaitFor([&] { return third.state() == QProcess::NotRunning; }, 15'000));
    QCOMPARE(third.exitCode(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(TestFiles::readFile(elsewhere + QStringLiteral("/elsewhere.bin")), QByteArrayLiteral("elsewhere"),
                              20'000);
    QVERIFY(!QFile::exists(downloads + QStringLiteral("/elsewhere.bin")));

    // SIGTERM quits cleanly through the engine's shutdown.
    first.terminate();
    QVERIFY(QTest::qWaitFor([&] { return first.state() == QProcess::NotRunning; }, 15'000));
    QCOMPARE(first.exitStatus(), QProcess::NormalExit);
    QCOMPARE(first.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
