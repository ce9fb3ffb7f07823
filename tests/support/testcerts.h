#pragma once

#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

// Generates a throwaway test CA and server certificates with the openssl command into a temporary
// directory; used from the test's main thread.
class TestCerts final
{
public:
    enum class Leaf {
        Valid,      // localhost + IP 127.0.0.1, signed by the test CA, valid now
        Expired,    // localhost, signed by the test CA, valid only during 2020
        WrongHost,  // other.test only, signed by the test CA
        SelfSigned, // localhost + IP 127.0.0.1, signed by its own key
    };

    struct KeyPair {
        QString certificateFile;
        QString keyFile;
    };
    // A leaf loaded for a server in this process (FaultServer::listenTls).
    struct Identity {
        QSslCertificate certificate;
        QSslKey key;
        bool isValid() const { return !certificate.isNull() && !key.isNull(); }
    };

    TestCerts();
    Q_DISABLE_COPY_MOVE(TestCerts)

    // Runs openssl a dozen times (a second or so); false with errorString() on failure.
    [[nodiscard]] bool generate();
    QString errorString() const { return m_error; }

    QString caCertificateFile() const;
    QString caKeyFile() const;
    KeyPair leaf(Leaf kind) const;
    Identity identity(Leaf kind) const;
    QSslCertificate caCertificate() const;
    QString directory() const { return m_dir.path(); }

private:
    bool runOpenssl(const QStringList &arguments);
    bool writeText(const QString &fileName, const QByteArray &text);
    bool createRequest(const QString &name, const QString &subject);
    bool signWithCa(const QString &name, const QString &subjectAltName,
                    const QStringList &validity);
    QString path(const QString &fileName) const { return m_dir.filePath(fileName); }

    QTemporaryDir m_dir;
    QString m_openssl;
    QString m_error;
};
