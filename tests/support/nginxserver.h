#pragma once

#include <QByteArray>
#include <QList>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>

// Runs a real nginx on 127.0.0.1 (plain HTTP plus optional TLS servers) with its own config,
// document root and logs in a temporary directory; used from the test's main thread.
class NginxServer final
{
public:
    // One line of the access log, written in a TAB-separated format of our own.
    struct AccessLogEntry {
        QString method;
        QString uri;
        int status = 0;
        qint64 bodyBytesSent = 0;
        QString acceptEncoding; // "-" when the request had no Accept-Encoding header
        QString range;          // "-" when the request had no Range header
        QString userAgent;
        quint16 serverPort = 0;
    };

    NginxServer();
    ~NginxServer();
    Q_DISABLE_COPY_MOVE(NginxServer)

    // Before start(): adds a TLS server sharing the document root; returns its id for tlsUrl().
    int addTlsServer(const QString &certificateFile, const QString &keyFile);
    // Before start(): the rate nginx's limit_rate applies to everything under /slow/.
    void setSlowRate(qint64 bytesPerSecond) { m_slowRate = bytesPerSecond; }

    // Picks free ports, starts nginx and waits until every port accepts connections.
    [[nodiscard]] bool start();
    void stop();
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    QString errorString() const { return m_error; }

    quint16 port() const { return m_port; }
    quint16 tlsPort(int id) const;
    QString documentRoot() const;
    // http://127.0.0.1:PORT/path (path relative to the document root, without a leading slash).
    QUrl url(const QString &path) const;
    QUrl tlsUrl(int id, const QString &path,
                const QString &host = QStringLiteral("localhost")) const;

    // Writes `size` deterministic pseudo-random bytes (from `seed`) under the document root and
    // returns their SHA-256 in lower-case hex; empty on failure.
    QByteArray writeFile(const QString &relativePath, qint64 size, quint32 seed) const;
    static QByteArray sha256OfFile(const QString &filePath);

    // Everything logged so far; nginx writes a line only once a response is complete.
    QList<AccessLogEntry> accessLog() const;
    QString errorLog() const;

private:
    struct TlsServer {
        QString certificateFile;
        QString keyFile;
        quint16 port = 0;
    };

    bool pickPorts();
    bool writeConfig() const;
    bool launch();
    QString path(const QString &fileName) const { return m_dir.filePath(fileName); }

    QTemporaryDir m_dir;
    QProcess m_process;
    QList<TlsServer> m_tlsServers;
    QString m_nginx;
    QString m_error;
    qint64 m_slowRate = 256 * 1024;
    quint16 m_port = 0;
    bool m_listenOnIpv6 = false;
};
