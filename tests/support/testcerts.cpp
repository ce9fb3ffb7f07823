#include "testcerts.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace {

// Our own minimal configuration, so the machine's openssl.cnf cannot add or change extensions.
constexpr auto OpensslConfig = QByteArrayView(
    "[req]\n"
    "distinguished_name = dn\n"
    "[dn]\n"
    "[ca]\n"
    "default_ca = testca\n"
    "[testca]\n"
    "database = index.txt\n"
    "new_certs_dir = issued\n"
    "serial = serial\n"
    "default_md = sha256\n"
    "policy = anything\n"
    "unique_subject = no\n"
    "copy_extensions = none\n"
    "[anything]\n"
    "commonName = supplied\n");

const QStringList EcKey = {u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:prime256v1"_s,
                           u"-nodes"_s};

QByteArray leafExtensions(const QString &subjectAltName)
{
    return "basicConstraints = critical, CA:FALSE\n"
           "keyUsage = critical, digitalSignature, keyEncipherment\n"
           "extendedKeyUsage = serverAuth\n"
           "subjectKeyIdentifier = hash\n"
           "subjectAltName = "
        + subjectAltName.toUtf8() + '\n';
}

QString baseName(TestCerts::Leaf kind)
{
    switch (kind) {
    case TestCerts::Leaf::Valid:
        return u"valid"_s;
    case TestCerts::Leaf::Expired:
        return u"expired"_s;
    case TestCerts::Leaf::WrongHost:
        return u"wronghost"_s;
    case TestCerts::Leaf::SelfSigned:
        return u"selfsigned"_s;
    }
    return {};
}

} // namespace

TestCerts::TestCerts()
    : m_openssl(QStandardPaths::findExecutable(u"openssl"_s))
{
}

bool TestCerts::generate()
{
    if (m_openssl.isEmpty()) {
        m_error = u"the openssl command is not installed (scripts/deps installs it)"_s;
        return false;
    }
    if (!m_dir.isValid()) {
        m_error = u"cannot create a temporary directory: "_s + m_dir.errorString();
        return false;
    }
    if (!writeText(u"openssl.cnf"_s, OpensslConfig.toByteArray()) || !writeText(u"index.txt"_s, {})
        || !writeText(u"serial"_s, "10\n")) {
        return false;
    }
    if (!QDir(m_dir.path()).mkpath(u"issued"_s)) {
        m_error = u"cannot create "_s + path(u"issued"_s);
        return false;
    }
    const QString localhost = u"DNS:localhost, IP:127.0.0.1"_s;
    return runOpenssl(QStringList{u"req"_s, u"-x509"_s} + EcKey
                      + QStringList{u"-keyout"_s, caKeyFile(), u"-out"_s, caCertificateFile(),
                                    u"-days"_s, u"3650"_s, u"-subj"_s, u"/CN=Gather Test CA"_s,
                                    u"-addext"_s, u"basicConstraints=critical,CA:TRUE"_s,
                                    u"-addext"_s, u"keyUsage=critical,keyCertSign,cRLSign"_s,
                                    u"-addext"_s, u"subjectKeyIdentifier=hash"_s})
        && createRequest(u"valid"_s, u"/CN=localhost"_s)
        && signWithCa(u"valid"_s, localhost, {u"-days"_s, u"3650"_s})
        && createRequest(u"expired"_s, u"/CN=localhost"_s)
        && signWithCa(u"expired"_s, localhost,
                      {u"-startdate"_s, u"20200101000000Z"_s, u"-enddate"_s, u"20210101000000Z"_s})
        && createRequest(u"wronghost"_s, u"/CN=other.test"_s)
        && signWithCa(u"wronghost"_s, u"DNS:other.test"_s, {u"-days"_s, u"3650"_s})
        && runOpenssl(QStringList{u"req"_s, u"-x509"_s} + EcKey
                      + QStringList{u"-keyout"_s, path(u"selfsigned.key"_s), u"-out"_s,
                                    path(u"selfsigned.pem"_s), u"-days"_s, u"3650"_s, u"-subj"_s,
                                    u"/CN=localhost"_s, u"-addext"_s,
                                    u"basicConstraints=critical,CA:FALSE"_s, u"-addext"_s,
                                    u"subjectAltName="_s + localhost});
}

QString TestCerts::caCertificateFile() const
{
    return path(u"ca.pem"_s);
}

QString TestCerts::caKeyFile() const
{
    return path(u"ca.key"_s);
}

TestCerts::KeyPair TestCerts::leaf(Leaf kind) const
{
    const QString name = baseName(kind);
    return {path(name + u".pem"_s), path(name + u".key"_s)};
}

bool TestCerts::runOpenssl(const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"OPENSSL_CONF"_s, path(u"openssl.cnf"_s));
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(m_dir.path());
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(m_openssl, arguments);
    process.closeWriteChannel();
    // openssl takes milliseconds; the bound only stops a broken install from hanging the test.
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        m_error = u"openssl "_s + arguments.join(u' ') + u" failed: "_s
            + QString::fromLocal8Bit(process.readAll()) + process.errorString();
        return false;
    }
    return true;
}

bool TestCerts::writeText(const QString &fileName, const QByteArray &text)
{
    QFile file(path(fileName));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text) != text.size()) {
        m_error = u"cannot write "_s + file.fileName() + u": "_s + file.errorString();
        return false;
    }
    return true;
}

bool TestCerts::createRequest(const QString &name, const QString &subject)
{
    return runOpenssl(QStringList{u"req"_s, u"-new"_s} + EcKey
                      + QStringList{u"-keyout"_s, path(name + u".key"_s), u"-out"_s,
                                    path(name + u".csr"_s), u"-subj"_s, subject});
}

bool TestCerts::signWithCa(const QString &name, const QString &subjectAltName,
                           const QStringList &validity)
{
    // `openssl ca` rather than `x509 -req`: only it takes an explicit start date in OpenSSL 3.0,
    // which is what makes an already-expired certificate without faking the clock.
    const QString extensions = name + u".ext"_s;
    return writeText(extensions, leafExtensions(subjectAltName))
        && runOpenssl(QStringList{u"ca"_s, u"-batch"_s, u"-notext"_s, u"-config"_s,
                                  path(u"openssl.cnf"_s), u"-cert"_s, caCertificateFile(),
                                  u"-keyfile"_s, caKeyFile(), u"-in"_s, path(name + u".csr"_s),
                                  u"-out"_s, path(name + u".pem"_s), u"-extfile"_s,
                                  path(extensions)}
                      + validity);
}

TestCerts::Identity TestCerts::identity(Leaf kind) const
{
    const KeyPair pair = leaf(kind);
    Identity identity;
    const QList<QSslCertificate> certificates = QSslCertificate::fromPath(pair.certificateFile);
    QFile keyFile(pair.keyFile);
    if (certificates.size() == 1 && keyFile.open(QIODevice::ReadOnly)) {
        identity.certificate = certificates.first();
        identity.key = QSslKey(&keyFile, QSsl::Ec);
    }
    return identity;
}

QSslCertificate TestCerts::caCertificate() const
{
    const QList<QSslCertificate> certificates = QSslCertificate::fromPath(caCertificateFile());
    return certificates.size() == 1 ? certificates.first() : QSslCertificate();
}
