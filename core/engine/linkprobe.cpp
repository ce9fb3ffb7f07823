#include "engine/linkprobe.h"

#include "net/httpattempt.h"
#include "net/responsecheck.h"

LinkProbe::LinkProbe(NetworkPool *network, const DownloadSettings &settings, QUrl url,
                     QList<QPair<QByteArray, QByteArray>> headers, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_settings(settings)
    , m_url(std::move(url))
    , m_headers(std::move(headers))
{
}

LinkProbe::~LinkProbe()
{
    if (m_attempt) {
        m_attempt->disconnect(this);
        delete m_attempt;
    }
}

void LinkProbe::start()
{
    FetchRequest request;
    request.url = m_url;
    request.headers = m_headers;
    // One byte: a server that honours ranges says the whole size in Content-Range, and one that
    // does not starts the whole body, which is cut off as soon as its head is judged.
    request.offset = 0;
    request.rangeEnd = 1;
    m_attempt = new HttpAttempt(m_network, m_settings, request, this);
    connect(m_attempt, &HttpAttempt::responseAccepted, this, &LinkProbe::onResponse);
    connect(m_attempt, &HttpAttempt::finished, this, &LinkProbe::onFinished);
    m_attempt->start();
}

void LinkProbe::onResponse(const ResponseInfo &info)
{
    m_answered = true;
    m_facts = LinkFacts{info.totalSize, info.etag, info.lastModified};
    m_finalUrl = info.finalUrl;
    m_attempt->abort();  // finished() follows
}

void LinkProbe::onFinished(const AttemptResult &result)
{
    HttpAttempt *attempt = std::exchange(m_attempt, nullptr);
    attempt->disconnect(this);
    attempt->deleteLater();
    if (m_answered) {
        Q_EMIT answered(m_facts, m_finalUrl);
        return;
    }
    if (result.error.isError()) {
        Q_EMIT failed(result.error);
        return;
    }
    // A 416 to the first byte: the file there is empty, or the server says nothing useful.
    Q_EMIT failed(DownloadError::make(ErrorKind::Protocol, QStringLiteral("The server gave no usable answer about the file")));
}
