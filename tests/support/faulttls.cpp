#include "faulttls.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace FaultTls {

bool opensslAvailable()
{
    return !QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty();
}

TlsIdentity makeSelfSigned(const QString &ip)
{
    TlsIdentity identity;
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    QTemporaryDir dir;
    if (openssl.isEmpty() || !dir.isValid()) {
        identity.error = QStringLiteral("openssl or a temporary directory is missing");
        return identity;
    }
    const QString certPath = dir.filePath(QStringLiteral("cert.pem"));
    const QString keyPath = dir.filePath(QStringLiteral("key.pem"));
    QProcess process;
    process.start(openssl, {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                            QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                            QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                            QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                            QStringLiteral("/CN=") + ip, QStringLiteral("-addext"),
                            QStringLiteral("subjectAltName=IP:") + ip, QStringLiteral("-keyout"), keyPath,
                            QStringLiteral("-out"), certPath});
    if (!process.waitForFinished(30000) || process.exitCode() != 0) {
        identity.error = QStringLiteral("openssl req failed: ")
                + QString::fromLocal8Bit(process.readAllStandardError());
        return identity;
    }
    const QList<QSslCertificate> certs = QSslCertificate::fromPath(certPath);
    QFile keyFile(keyPath);
    if (certs.size() != 1 || !keyFile.open(QIODevice::ReadOnly)) {
        identity.error = QStringLiteral("openssl wrote no usable certificate");
        return identity;
    }
    identity.certificate = certs.first();
    identity.key = QSslKey(&keyFile, QSsl::Ec);
    if (identity.key.isNull())
        identity.error = QStringLiteral("openssl wrote no usable key");
    return identity;
}

} // namespace FaultTls
