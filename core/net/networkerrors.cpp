#include "net/networkerrors.h"

#include "base/shownurl.h"

#include <QSslCertificate>
#include <QStringList>

#include <array>
#include <optional>

namespace {

QString hostPort(const QUrl &url)
{
    const int port = url.port(url.scheme() == u"https" ? 443 : 80);
    return url.host() % u':' % QString::number(port);
}

QString certificateNames(const QSslCertificate &certificate)
{
    QStringList names = certificate.subjectAlternativeNames().values(QSsl::DnsEntry);
    for (const QString &ip : certificate.subjectAlternativeNames().values(QSsl::IpAddressEntry))
        names.append(ip);
    if (names.isEmpty())
        names = certificate.subjectInfo(QSslCertificate::CommonName);
    names.removeDuplicates();
    return names.isEmpty() ? QStringLiteral("another host") : names.join(QStringLiteral(", "));
}

QString date(const QDateTime &when)
{
    return when.toUTC().toString(QStringLiteral("yyyy-MM-dd"));
}

QString describe(const QSslError &error, const QUrl &url)
{
    const QSslCertificate certificate = error.certificate();
    switch (error.error()) {
    case QSslError::SelfSignedCertificate:
        return QStringLiteral("Certificate is self-signed (not trusted)");
    case QSslError::SelfSignedCertificateInChain:
        return QStringLiteral("Certificate chain ends in a self-signed certificate that is not trusted");
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::CertificateUntrusted:
        return QStringLiteral("Certificate issuer is not trusted (unknown authority or incomplete chain)");
    case QSslError::CertificateExpired:
        return QStringLiteral("Certificate expired on %1").arg(date(certificate.expiryDate()));
    case QSslError::CertificateNotYetValid:
        return QStringLiteral("Certificate is not valid until %1").arg(date(certificate.effectiveDate()));
    case QSslError::HostNameMismatch:
        return QStringLiteral("Certificate is for %1, not %2").arg(certificateNames(certificate), url.host());
    case QSslError::CertificateRevoked:
        return QStringLiteral("Certificate has been revoked");
    default:
        return QStringLiteral("Certificate problem: %1").arg(error.errorString());
    }
}

int rank(QSslError::SslError error)
{
    static constexpr std::array kOrder{
        QSslError::SelfSignedCertificate,        QSslError::SelfSignedCertificateInChain,
        QSslError::UnableToGetLocalIssuerCertificate, QSslError::UnableToGetIssuerCertificate,
        QSslError::UnableToVerifyFirstCertificate, QSslError::CertificateUntrusted,
        QSslError::CertificateRevoked,           QSslError::CertificateExpired,
        QSslError::CertificateNotYetValid,       QSslError::HostNameMismatch,
    };
    for (std::size_t i = 0; i < kOrder.size(); ++i) {
        if (kOrder[i] == error)
            return int(i);
    }
    return int(kOrder.size());
}

} // namespace

QString NetworkErrors::proxyName(const QNetworkProxy &proxy)
{
    const QString scheme = proxy.type() == QNetworkProxy::Socks5Proxy ? QStringLiteral("socks5") : QStringLiteral("http");
    const QString host = proxy.hostName().contains(u':') ? u'[' % proxy.hostName() % u']' : proxy.hostName();
    return scheme % u"://" % host % u':' % QString::number(proxy.port());  // never its credentials
}

namespace {

// The failures that are the proxy's rather than the server's, in words that name the proxy.
std::optional<DownloadError> proxyError(QNetworkReply::NetworkError code, const QString &qtWords, const QNetworkProxy &proxy)
{
    using E = QNetworkReply::NetworkError;
    const QString name = NetworkErrors::proxyName(proxy);
    // Qt 6.4 reports a SOCKS5 proxy that refuses the connection as an unknown error.
    if (code == E::UnknownNetworkError && qtWords.contains(u"Connection to proxy refused"))
        code = E::ProxyConnectionRefusedError;
    const bool http = proxy.type() == QNetworkProxy::HttpProxy;
    switch (code) {
    case E::ProxyAuthenticationRequiredError: {
        // Not retried: the same credentials would be refused again.
        const QString words = proxy.user().isEmpty()
            ? QStringLiteral("Proxy %1 requires credentials%2; set a proxy user and password").arg(name)
            : QStringLiteral("Proxy refused the credentials%2 (proxy %1)").arg(name);
        return DownloadError::make(ErrorKind::Network, words.arg(http ? QStringLiteral(" (407)") : QString()));
    }
    // Through an HTTP proxy Qt connects to the proxy itself for http:// URLs, so a refusal there
    // is the proxy's.
    case E::ConnectionRefusedError:
    case E::ProxyConnectionRefusedError:
        return DownloadError::make(ErrorKind::Network, QStringLiteral("Cannot reach the proxy %1: connection refused").arg(name), true);
    case E::ProxyNotFoundError:
        return DownloadError::make(ErrorKind::Network, QStringLiteral("Cannot reach the proxy %1: host not found").arg(name), true);
    case E::ProxyTimeoutError:
        return DownloadError::make(ErrorKind::Timeout, QStringLiteral("Cannot reach the proxy %1: timed out").arg(name), true);
    case E::ProxyConnectionClosedError:
        return DownloadError::make(ErrorKind::Network, QStringLiteral("Proxy %1 closed the connection early").arg(name), true);
    case E::UnknownProxyError:
        return DownloadError::make(ErrorKind::Network, QStringLiteral("Proxy %1 failed").arg(name), true);
    default:
        return std::nullopt;
    }
}

} // namespace

DownloadError NetworkErrors::fromSslErrors(const QList<QSslError> &errors, const QUrl &url)
{
    if (errors.isEmpty())
        return DownloadError::make(ErrorKind::Tls, QStringLiteral("TLS handshake failed"));
    const QSslError *worst = &errors.first();
    for (const QSslError &error : errors) {
        if (rank(error.error()) < rank(worst->error()))
            worst = &error;
    }
    return DownloadError::make(ErrorKind::Tls, describe(*worst, url));
}

DownloadError NetworkErrors::fromReply(QNetworkReply::NetworkError code, const QString &qtWords,
                                       const QUrl &url, const QNetworkProxy &proxy)
{
    if (proxy.type() != QNetworkProxy::NoProxy) {
        if (std::optional<DownloadError> error = proxyError(code, qtWords, proxy))
            return *std::move(error);
    }
    // Qt's words quote the URL, password and all.
    const QString qtMessage = ShownUrl::redacted(qtWords);
    using E = QNetworkReply::NetworkError;
    switch (code) {
    case E::NoError:
        return DownloadError::none();
    case E::ConnectionRefusedError:
        return DownloadError::make(ErrorKind::Network,
                                   QStringLiteral("Connection refused by %1").arg(hostPort(url)), true);
    case E::RemoteHostClosedError:
        return DownloadError::make(ErrorKind::Network,
                                   QStringLiteral("Server closed the connection early"), true);
    case E::HostNotFoundError: {
        // One retry covers a resolver that stumbled (a laptop waking up, a VPN coming up); a
        // misspelt or gone host then fails in seconds rather than after half a minute.
        DownloadError error = DownloadError::make(ErrorKind::Network, QStringLiteral("Host not found: %1").arg(url.host()), true);
        error.maxRetries = 1;
        return error;
    }
    case E::TimeoutError:
        return DownloadError::make(ErrorKind::Timeout, QStringLiteral("Connection timed out"), true);
    case E::SslHandshakeFailedError:
        // OpenSSL's words when the other side answers in plain text (an http:// port reached
        // with https://): say what that means instead.
        if (qtMessage.contains(u"wrong version number") || qtMessage.contains(u"packet length too long")
            || qtMessage.contains(u"unknown protocol") || qtMessage.contains(u"http request")) {
            return DownloadError::make(ErrorKind::Tls,
                                       QStringLiteral("%1 does not speak TLS on this port; try the address with http://")
                                           .arg(hostPort(url)));
        }
        return DownloadError::make(ErrorKind::Tls, QStringLiteral("TLS handshake failed: %1").arg(qtMessage));
    case E::TemporaryNetworkFailureError:
    case E::NetworkSessionFailedError:
    case E::UnknownNetworkError:
        return DownloadError::make(ErrorKind::Network, QStringLiteral("Network error: %1").arg(qtMessage), true);
    case E::TooManyRedirectsError:
    case E::InsecureRedirectError:
        return DownloadError::make(ErrorKind::Protocol, qtMessage);
    case E::ProxyConnectionRefusedError:
    case E::ProxyConnectionClosedError:
    case E::ProxyNotFoundError:
    case E::ProxyTimeoutError:
    case E::ProxyAuthenticationRequiredError:
    case E::UnknownProxyError:
        return DownloadError::make(ErrorKind::Network, QStringLiteral("Proxy error: %1").arg(qtMessage), true);
    case E::ProtocolUnknownError:
    case E::ProtocolInvalidOperationError:
        return DownloadError::make(ErrorKind::InvalidInput, qtMessage);
    case E::ProtocolFailure:
        return DownloadError::make(ErrorKind::Protocol,
                                   QStringLiteral("Server's response was malformed: %1").arg(qtMessage), true);
    default:
        return DownloadError::make(ErrorKind::Network, qtMessage, true);
    }
}
