#include "nginxserver.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <cstring>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr int StartAttempts = 3;
constexpr int ReadyTimeoutMs = 15000;
constexpr qint64 BlockSize = 64 * 1024;

QString quoted(const QString &path)
{
    return u'"' + path + u'"';
}

// splitmix64: fast, and good enough that no two test files share content by accident.
quint64 nextRandom(quint64 &state)
{
    state += 0x9E3779B97F4A7C15ULL;
    quint64 z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

bool acceptsConnection(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    return socket.waitForConnected(250);
}

} // namespace

NginxServer::NginxServer()
    : m_nginx(QStandardPaths::findExecutable(u"nginx"_s, {u"/usr/sbin"_s, u"/usr/local/sbin"_s}))
{
}

NginxServer::~NginxServer()
{
    stop();
}

int NginxServer::addTlsServer(const QString &certificateFile, const QString &keyFile)
{
    m_tlsServers.append({certificateFile, keyFile, 0});
    return int(m_tlsServers.size() - 1);
}

bool NginxServer::start()
{
    if (m_nginx.isEmpty()) {
        m_error = u"nginx is not installed in /usr/sbin or /usr/local/sbin (scripts/deps installs "
                  "nginx-light)"_s;
        return false;
    }
    if (!m_dir.isValid()) {
        m_error = u"cannot create a temporary directory: "_s + m_dir.errorString();
        return false;
    }
    const QDir dir(m_dir.path());
    for (const QString &sub : {u"www"_s, u"temp"_s}) {
        if (!dir.mkpath(sub)) {
            m_error = u"cannot create "_s + path(sub);
            return false;
        }
    }
    // A port picked here can be taken by someone else before nginx binds it; pick again then.
    for (int attempt = 0; attempt < StartAttempts; ++attempt) {
        if (!pickPorts() || !writeConfig()) {
            return false;
        }
        if (launch()) {
            return true;
        }
        if (!errorLog().contains(u"Address already in use"_s)) {
            return false;
        }
    }
    return false;
}

void NginxServer::stop()
{
    if (m_process.state() == QProcess::NotRunning) {
        return;
    }
    m_process.terminate();
    if (!m_process.waitForFinished(10000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

quint16 NginxServer::tlsPort(int id) const
{
    return m_tlsServers.value(id).port;
}

QString NginxServer::documentRoot() const
{
    return path(u"www"_s);
}

QUrl NginxServer::url(const QString &path) const
{
    const QString relative = path.startsWith(u'/') ? path.mid(1) : path;
    return QUrl(u"http://127.0.0.1:"_s + QString::number(m_port) + u'/' + relative);
}

QUrl NginxServer::tlsUrl(int id, const QString &path, const QString &host) const
{
    const QString relative = path.startsWith(u'/') ? path.mid(1) : path;
    return QUrl(u"https://"_s + host + u':' + QString::number(tlsPort(id)) + u'/' + relative);
}

QByteArray NginxServer::writeFile(const QString &relativePath, qint64 size, quint32 seed) const
{
    const QString filePath = QDir(documentRoot()).filePath(relativePath);
    if (!QDir().mkpath(QFileInfo(filePath).absolutePath())) {
        return {};
    }
    QFile file(filePath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return {};
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QByteArray block(BlockSize, Qt::Uninitialized);
    quint64 state = (quint64(seed) << 32) ^ quint64(size);
    for (qint64 remaining = size; remaining > 0;) {
        for (qint64 offset = 0; offset < BlockSize; offset += 8) {
            const quint64 value = nextRandom(state);
            std::memcpy(block.data() + offset, &value, sizeof value);
        }
        const qint64 length = qMin(remaining, BlockSize);
        if (file.write(block.constData(), length) != length) {
            return {};
        }
        hash.addData(QByteArrayView(block.constData(), length));
        remaining -= length;
    }
    if (!file.flush()) {
        return {};
    }
    return hash.result().toHex();
}

QByteArray NginxServer::sha256OfFile(const QString &filePath)
{
    QFile file(filePath);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!file.open(QIODevice::ReadOnly) || !hash.addData(&file)) {
        return {};
    }
    return hash.result().toHex();
}

QList<NginxServer::AccessLogEntry> NginxServer::accessLog() const
{
    QFile file(path(u"access.log"_s));
    QList<AccessLogEntry> entries;
    if (!file.open(QIODevice::ReadOnly)) {
        return entries;
    }
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        const QList<QByteArray> fields = line.split('\t');
        if (fields.size() < 8) {
            continue;
        }
        AccessLogEntry entry;
        entry.method = QString::fromLatin1(fields.at(0));
        entry.uri = QString::fromLatin1(fields.at(1));
        entry.status = fields.at(2).toInt();
        entry.bodyBytesSent = fields.at(3).toLongLong();
        entry.acceptEncoding = QString::fromLatin1(fields.at(4));
        entry.range = QString::fromLatin1(fields.at(5));
        entry.serverPort = fields.at(6).toUShort();
        entry.userAgent = QString::fromLatin1(fields.mid(7).join('\t'));
        entries.append(entry);
    }
    return entries;
}

QString NginxServer::errorLog() const
{
    QFile file(path(u"error.log"_s));
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return QString::fromLocal8Bit(file.readAll());
}

bool NginxServer::pickPorts()
{
    // Every listener stays open until all ports are chosen, so no port is handed out twice.
    std::vector<std::unique_ptr<QTcpServer>> listeners;
    QList<quint16> ports;
    for (qsizetype i = 0; i <= m_tlsServers.size(); ++i) {
        auto listener = std::make_unique<QTcpServer>();
        if (!listener->listen(QHostAddress(QHostAddress::LocalHost), 0)) {
            m_error = u"cannot find a free port: "_s + listener->errorString();
            return false;
        }
        ports.append(listener->serverPort());
        listeners.push_back(std::move(listener));
    }
    // Where localhost also resolves to ::1, clients may try it first; listen there too if we can.
    m_listenOnIpv6 = true;
    for (const quint16 port : std::as_const(ports)) {
        auto listener = std::make_unique<QTcpServer>();
        if (!listener->listen(QHostAddress(QHostAddress::LocalHostIPv6), port)) {
            m_listenOnIpv6 = false;
            break;
        }
        listeners.push_back(std::move(listener));
    }
    m_port = ports.takeFirst();
    for (TlsServer &server : m_tlsServers) {
        server.port = ports.takeFirst();
    }
    return true;
}

bool NginxServer::writeConfig() const
{
    const QString root = quoted(documentRoot());
    const auto listen = [this](quint16 port, QLatin1StringView suffix) {
        QString text = u"        listen 127.0.0.1:"_s + QString::number(port) + suffix + u";\n"_s;
        if (m_listenOnIpv6) {
            text += u"        listen [::1]:"_s + QString::number(port) + suffix + u";\n"_s;
        }
        return text;
    };
    QString config = u"master_process off;\n"
                     "daemon off;\n"
                     "worker_processes 1;\n"
                     "pid "_s + quoted(path(u"nginx.pid"_s)) + u";\n"
                     "error_log "_s + quoted(path(u"error.log"_s)) + u" warn;\n"
                     "events { worker_connections 1024; }\n"
                     "http {\n"
                     "    types { application/octet-stream bin dat; text/plain txt; "
                     "application/gzip gz; }\n"
                     "    default_type application/octet-stream;\n"
                     "    log_format gather '$request_method\\t$request_uri\\t$status\\t"
                     "$body_bytes_sent\\t$http_accept_encoding\\t$http_range\\t$server_port\\t"
                     "$http_user_agent';\n"
                     "    access_log "_s + quoted(path(u"access.log"_s)) + u" gather;\n"_s;
    for (const auto *temp : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
        config += u"    "_s + QLatin1StringView(temp) + u"_temp_path "_s
            + quoted(path(u"temp/"_s + QLatin1StringView(temp))) + u";\n"_s;
    }
    // gzip is on so that a client which forgets Accept-Encoding: identity gets a compressed body.
    config += u"    sendfile on;\n"
              "    tcp_nopush on;\n"
              "    server_tokens off;\n"
              "    gzip on;\n"
              "    gzip_min_length 1;\n"
              "    gzip_types text/plain application/octet-stream;\n"
              "    server {\n"_s
        + listen(m_port, {}) + u"        root "_s + root + u";\n"
        + u"        location /slow/ { limit_rate "_s + QString::number(m_slowRate) + u"; }\n"
        + u"    }\n"_s;
    for (const TlsServer &server : m_tlsServers) {
        config += u"    server {\n"_s + listen(server.port, " ssl"_L1) + u"        root "_s + root
            + u";\n        ssl_certificate "_s + quoted(server.certificateFile)
            + u";\n        ssl_certificate_key "_s + quoted(server.keyFile) + u";\n    }\n"_s;
    }
    config += u"}\n"_s;

    QFile file(path(u"nginx.conf"_s));
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        && file.write(config.toUtf8()) == config.toUtf8().size();
}

bool NginxServer::launch()
{
    QFile::remove(path(u"error.log"_s));
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(m_nginx, {u"-c"_s, path(u"nginx.conf"_s), u"-p"_s, m_dir.path() + u'/',
                              u"-e"_s, path(u"error.log"_s)});
    if (!m_process.waitForStarted(ReadyTimeoutMs)) {
        m_error = u"cannot run "_s + m_nginx + u": "_s + m_process.errorString();
        return false;
    }
    QList<quint16> pending{m_port};
    for (const TlsServer &server : std::as_const(m_tlsServers)) {
        pending.append(server.port);
    }
    const bool ready = QTest::qWaitFor(
        [&] {
            if (m_process.state() == QProcess::NotRunning) {
                return true;
            }
            pending.removeIf(acceptsConnection);
            return pending.isEmpty();
        },
        ReadyTimeoutMs);
    if (ready && m_process.state() != QProcess::NotRunning) {
        return true;
    }
    stop();
    m_error = u"nginx did not start: "_s + QString::fromLocal8Bit(m_process.readAll()) + errorLog();
    return false;
}
