#include "net/httpattempt.h"

#include "base/headerline.h"
#include "base/shownurl.h"
#include "net/httprules.h"
#include "net/networkerrors.h"
#include "net/networkpool.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkCookie>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>

namespace {

// Qt stops reading the socket when this much is unread, so a slow disk slows the sender (TCP)
// instead of growing memory. 1 MiB keeps throughput near Qt's maximum (research notes §2).
constexpr qint64 kReadBufferSize = 1024 * 1024;

bool isCredentialHeader(const QByteArray &name)
{
    return name.compare("Authorization", Qt::CaseInsensitive) == 0
        || name.compare("Proxy-Authorization", Qt::CaseInsensitive) == 0
        || name.compare("Cookie", Qt::CaseInsensitive) == 0;
}

QString seconds(int ms)
{
    return QString::number(double(ms) / 1000.0, 'g', 3);
}

} // namespace

HttpAttempt::HttpAttempt(NetworkPool *network, const DownloadSettings &settings, FetchRequest request,
                         QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_settings(settings)
    , m_request(std::move(request))
{
    m_connectTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        // A server that keeps sending without finishing its headers holds Qt's network thread;
        // the pool cuts its connections, and sending the same again is not worth a retry.
        if (m_network->cutIfStuck(m_url)) {
            failNow(DownloadError::make(ErrorKind::Protocol,
                                        QStringLiteral("%1 kept sending for %2 s without finishing its response headers")
                                            .arg(m_url.host(), seconds(m_settings.connectTimeoutMs))));
            return;
        }
        // Qt 6.4 retries refused SOCKS5 credentials without end instead of failing: say where.
        const QNetworkProxy proxy = m_network->proxyFor(m_url);
        const QString through = proxy.type() == QNetworkProxy::NoProxy
            ? QString()
            : QStringLiteral(" through the proxy %1").arg(NetworkErrors::proxyName(proxy));
        failNow(DownloadError::make(ErrorKind::Timeout,
                                    QStringLiteral("No response from %1 within %2 s%3")
                                        .arg(m_url.host(), seconds(m_settings.connectTimeoutMs), through),
                                    true));
    });
}

HttpAttempt::~HttpAttempt()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
    releaseReply();
}

void HttpAttempt::start()
{
    send(m_request.url);
}

void HttpAttempt::send(const QUrl &url)
{
    m_url = url;
    m_manager = m_network->acquire(url);

    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    // HTTP/2 ignores setReadBufferSize in Qt 6.4 (whole bodies buffer in RAM) and multiplexes
    // every range onto one connection; HTTP/1.1 keeps memory bounded.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setTransferTimeout(m_settings.idleTimeoutMs);
    // Without this Qt asks for gzip/br/zstd, decodes silently and drops Content-Length.
    request.setRawHeader("Accept-Encoding", "identity");
    request.setRawHeader("User-Agent", m_settings.userAgent);
    const auto addHeaders = [&](const QList<QPair<QByteArray, QByteArray>> &headers) {
        for (const auto &[name, value] : headers) {
            if (HeaderLine::isEngineHeader(name) || (m_crossOrigin && isCredentialHeader(name)))
                continue;
            request.setRawHeader(name, value);
        }
    };
    addHeaders(m_settings.headers);
    addHeaders(m_request.headers);
    // Cookies come from the pool's one jar, asked per URL, so a redirect elsewhere never carries them.
    m_network->cookies().addTo(request, url);
    if (m_request.asksRange()) {
        QByteArray range = "bytes=" + QByteArray::number(m_request.offset) + '-';
        if (m_request.rangeEnd > m_request.offset)
            range += QByteArray::number(m_request.rangeEnd - 1);
        request.setRawHeader("Range", range);
        if (!m_request.ifRange.isEmpty())
            request.setRawHeader("If-Range", m_request.ifRange);
    }
    if (url.scheme() == u"https" && !m_settings.extraCaCertificates.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(m_settings.extraCaCertificates);
        request.setSslConfiguration(tls);
    }

    m_sslErrors.clear();
    m_reply = m_manager->get(request);
    m_reply->setReadBufferSize(m_readBuffer > 0 ? m_readBuffer : kReadBufferSize);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &HttpAttempt::onMetaData);
    connect(m_reply, &QNetworkReply::readyRead, this, [this] {
        if (m_accepted)
            Q_EMIT bodyAvailable();
        else if (m_pendingError.isError() && m_reply)
            m_reply->skip(m_reply->bytesAvailable());  // a short error page, never written
    });
    connect(m_reply, &QNetworkReply::finished, this, &HttpAttempt::onFinished);
    connect(m_reply, &QNetworkReply::sslErrors, this,
            [this](const QList<QSslError> &errors) { m_sslErrors += errors; });
    m_connectTimer.start(m_settings.connectTimeoutMs);
}

void HttpAttempt::onMetaData()
{
    if (m_pendingError.isError() || !m_reply)
        return;
    if (m_accepted) {
        // New headers on a reply whose body already flowed: Qt re-sent the request under us.
        // Bytes from the new response would land at the wrong offsets, so start over cleanly.
        failNow(DownloadError::make(ErrorKind::Protocol,
                                    QStringLiteral("The connection was re-established in the middle of the body"), true),
                true);
        return;
    }
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0)
        return;
    m_connectTimer.stop();
    m_network->cookies().keepFromResponse(m_reply->header(QNetworkRequest::SetCookieHeader).value<QList<QNetworkCookie>>(), m_url);
    const QList<QNetworkReply::RawHeaderPair> &fields = m_reply->rawHeaderPairs();
    qint64 headerBytes = 0;
    for (const auto &[name, value] : fields)
        headerBytes += name.size() + value.size() + 4;  // "name: value\r\n"
    if (const DownloadError unusable = ResponseCheck::headerBlockError(fields.size(), headerBytes); unusable.isError()) {
        failNow(unusable);
        return;
    }
    if (HttpRules::isRedirect(status))
        return;  // followed once the reply finishes
    judge(status);
}

void HttpAttempt::judge(int status)
{
    ResponseHead head;
    head.status = status;
    head.reasonPhrase = m_reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
    const QVariant length = m_reply->header(QNetworkRequest::ContentLengthHeader);
    head.contentLength = length.isValid() ? length.toLongLong() : -1;
    head.contentLengthField = m_reply->rawHeader("Content-Length");
    head.transferEncoding = m_reply->rawHeader("Transfer-Encoding");
    head.contentRange = m_reply->rawHeader("Content-Range");
    head.acceptRanges = m_reply->rawHeader("Accept-Ranges");
    head.etag = m_reply->rawHeader("ETag");
    head.lastModified = m_reply->rawHeader("Last-Modified");
    head.contentDisposition = m_reply->rawHeader("Content-Disposition");
    head.contentType = m_reply->rawHeader("Content-Type");
    head.url = m_url;
    ResponseVerdict verdict = ResponseCheck::judge(head, m_request);
    // Through an HTTP proxy Qt hands a 407 to http:// requests as the server's answer once the
    // credentials were refused; it is the proxy's, and worded so.
    if (head.status == 407) {
        if (const QNetworkProxy proxy = m_network->proxyFor(m_url); proxy.type() != QNetworkProxy::NoProxy)
            verdict.error = NetworkErrors::fromReply(QNetworkReply::ProxyAuthenticationRequiredError, {}, m_url, proxy);
    }
    switch (verdict.kind) {
    case ResponseVerdict::Kind::Accept:
        m_info = std::move(verdict.info);
        m_accepted = true;
        Q_EMIT responseAccepted(m_info);
        if (m_reply && m_reply->bytesAvailable() > 0)
            Q_EMIT bodyAvailable();
        return;
    case ResponseVerdict::Kind::AlreadyComplete: {
        AttemptResult result;
        result.alreadyComplete = true;
        finish(result);
        return;
    }
    case ResponseVerdict::Kind::FailAfterBody:
        m_pendingError = verdict.error;  // reported when the short body has gone by
        return;
    case ResponseVerdict::Kind::Fail:
        failNow(verdict.error, verdict.mustRestart);
        return;
    }
}

void HttpAttempt::failNow(const DownloadError &error, bool mustRestart)
{
    if (m_finished)
        return;
    m_pendingError = error;
    m_pendingMustRestart = mustRestart;
    if (m_reply)
        m_reply->abort();
    else
        onFinished();
}

void HttpAttempt::abort()
{
    if (m_finished)
        return;
    m_abortedByUs = true;
    if (m_reply)
        m_reply->abort();
    else
        onFinished();
}

void HttpAttempt::onFinished()
{
    if (m_finished)
        return;
    m_connectTimer.stop();
    AttemptResult result;
    if (m_reply) {
        const QByteArray retryAfter = m_reply->rawHeader("Retry-After");
        if (!retryAfter.isEmpty())
            result.retryAfterMs = HttpRules::retryAfterMs(retryAfter, QDateTime::currentDateTimeUtc());
    }
    if (m_abortedByUs) {
        if (m_reply && m_accepted && m_reply->isOpen())
            m_tail += m_reply->readAll();
        result.aborted = true;
        finish(result);
        return;
    }
    if (m_pendingError.isError()) {
        result.error = m_pendingError;
        result.mustRestart = m_pendingMustRestart;
        finish(result);
        return;
    }
    if (!m_reply) {
        finish(result);
        return;
    }
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError code = m_reply->error();

    if (!m_accepted && HttpRules::isRedirect(status) && code == QNetworkReply::NoError) {
        const QByteArray location = m_reply->rawHeader("Location");
        releaseReply();
        followRedirect(location);
        return;
    }
    if (m_accepted) {
        if (m_reply->isOpen())
            m_tail += m_reply->readAll();
        const qint64 got = m_bodyRead + m_tail.size();
        const bool closedEarly = code == QNetworkReply::NoError || code == QNetworkReply::RemoteHostClosedError;
        if (m_info.bodyLength >= 0 && got < m_info.bodyLength && closedEarly) {
            result.error = DownloadError::make(ErrorKind::Network,
                                               QStringLiteral("Connection closed after %1 of %2 bytes")
                                                   .arg(got).arg(m_info.bodyLength), true);
        } else if (code == QNetworkReply::OperationCanceledError) {
            result.error = DownloadError::make(ErrorKind::Timeout,
                                               QStringLiteral("No data received for %1 s").arg(seconds(m_settings.idleTimeoutMs)),
                                               true);
        } else if (code != QNetworkReply::NoError) {
            result.error = NetworkErrors::fromReply(code, m_reply->errorString(), m_url, m_network->proxyFor(m_url));
        }
        finish(result);
        return;
    }
    if (code == QNetworkReply::SslHandshakeFailedError && !m_sslErrors.isEmpty())
        result.error = NetworkErrors::fromSslErrors(m_sslErrors, m_url);
    else if (code == QNetworkReply::OperationCanceledError)
        result.error = DownloadError::make(ErrorKind::Timeout,
                                           QStringLiteral("No data received for %1 s").arg(seconds(m_settings.idleTimeoutMs)),
                                           true);
    else if (status >= 300 && code != QNetworkReply::ProxyAuthenticationRequiredError)
        result.error = HttpRules::statusError(status, m_reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray());
    else if (code != QNetworkReply::NoError)
        result.error = NetworkErrors::fromReply(code, m_reply->errorString(), m_url, m_network->proxyFor(m_url));
    else
        result.error = DownloadError::make(ErrorKind::Protocol, QStringLiteral("Server sent no usable response"), true);
    finish(result);
}

bool HttpAttempt::followRedirect(const QByteArray &location)
{
    const auto fail = [this](const QString &message) {
        AttemptResult result;
        result.error = DownloadError::make(ErrorKind::Protocol, message);
        finish(result);
        return false;
    };
    if (location.trimmed().isEmpty())
        return fail(QStringLiteral("Server sent a redirect without a Location"));
    const QUrl target = m_url.resolved(QUrl::fromEncoded(location.trimmed(), QUrl::TolerantMode));
    const QString scheme = target.scheme().toLower();
    if (target.isValid() && scheme != u"http" && scheme != u"https")
        return fail(QStringLiteral("Refused redirect to unsupported scheme '%1'").arg(scheme));
    if (!target.isValid() || target.host().isEmpty())
        return fail(QStringLiteral("Server redirected to an invalid address"));
    if (++m_redirects > m_settings.maxRedirects)
        return fail(QStringLiteral("Too many redirects (more than %1)").arg(m_settings.maxRedirects));
    if (m_url.scheme().toLower() == u"https" && scheme == u"http")
        return fail(QStringLiteral("Refused redirect from https to http (%1)").arg(ShownUrl::of(target)));
    if (NetworkPool::originKey(target) != NetworkPool::originKey(m_url))
        m_crossOrigin = true;
    Q_EMIT redirected(target);
    send(target);
    return true;
}

void HttpAttempt::finish(AttemptResult result)
{
    if (m_finished)
        return;
    m_finished = true;
    m_connectTimer.stop();
    releaseReply();
    // An abort can end the reply inside a caller's own call (readInto() refusing an overlong
    // body, a size limit hit while reading): the owner hears of it after that call, not within.
    QMetaObject::invokeMethod(this, [this, result] { Q_EMIT finished(result); }, Qt::QueuedConnection);
}

void HttpAttempt::releaseReply()
{
    if (m_manager) {
        m_network->release(m_manager, m_url);
        m_manager = nullptr;
    }
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->deleteLater();
        m_reply = nullptr;
    }
}

void HttpAttempt::setReadBuffer(qint64 bytes)
{
    if (bytes == m_readBuffer)
        return;
    m_readBuffer = bytes;
    if (m_reply)
        m_reply->setReadBufferSize(bytes > 0 ? bytes : kReadBufferSize);
}

qint64 HttpAttempt::bytesAvailable() const
{
    return m_tail.size() + ((m_reply && m_accepted) ? m_reply->bytesAvailable() : 0);
}

qint64 HttpAttempt::readInto(QByteArray &buffer, qint64 maxBytes)
{
    if (m_info.bodyLength >= 0 && m_bodyRead + bytesAvailable() > m_info.bodyLength && !m_finished) {
        failNow(DownloadError::make(ErrorKind::Protocol,
                                    QStringLiteral("Server sent more bytes than it announced"), true), true);
        return 0;
    }
    qint64 moved = 0;
    if (!m_tail.isEmpty()) {
        moved = std::min<qint64>(maxBytes, m_tail.size());
        buffer.append(m_tail.constData(), moved);
        m_tail.remove(0, moved);
    } else if (m_reply && m_accepted && m_reply->isOpen()) {
        const qint64 wanted = std::min(maxBytes, m_reply->bytesAvailable());
        if (wanted > 0) {
            const qsizetype before = buffer.size();
            buffer.resize(before + wanted);
            moved = std::max<qint64>(0, m_reply->read(buffer.data() + before, wanted));
            buffer.resize(before + moved);
        }
    }
    m_bodyRead += moved;
    return moved;
}
