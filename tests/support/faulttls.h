#pragma once

// FaultTls: makes a throwaway self-signed certificate for FaultServer::listenTls with the openssl
// command-line tool (test thread, blocking).

#include <QSslCertificate>
#include <QSslKey>
#include <QString>

struct TlsIdentity {
    QSslCertificate certificate;
    QSslKey key;
    QString error; // why nothing was made; empty on success

    bool isValid() const { return error.isEmpty(); }
};

namespace FaultTls {

bool opensslAvailable();
// A P-256 certificate valid from now for two days, CN and subjectAltName IP set to ip.
TlsIdentity makeSelfSigned(const QString &ip = QStringLiteral("127.0.0.1"));

} // namespace FaultTls
