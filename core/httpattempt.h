#pragma once

#include "downloaderror.h"
#include "downloadsettings.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslError>
#include <QTimer>
#include <QUrl>
#include <optional>

class NetworkPool;
class QNetworkAccessManager;
class QNetworkReply;

// What an accepted (200/206) response promises about its body. Plain data.
struct ResponseInfo {
    int status = 0;
    qint64 bodyOffset = 0;     // where in the file the body starts
    qint64 bodyLength = -1;    // bytes this body should carry, -1 unknown (chunked / close-delimited)
    qint64 totalSize = -1;     // size of the whole file, -1 unknown
    QByteArray etag;
    QByteArray lastModified;
    QByteArray contentDisposition;
    QString mimeType;
    QUrl finalUrl;
    bool restartedFromZero = false;  // a Range was asked for and the server sent the whole file
    bool acceptsRanges = false;      // 206, or "Accept-Ranges: bytes": other ranges may be asked for
};

// How an attempt ended. Plain data.
struct AttemptResult {
    DownloadError error;                 // none = the body arrived complete
    std::optional<qint64> retryAfterMs;  // from the server, when it said so
    bool mustRestart = false;            // the server broke range rules: next attempt from zero
    bool alreadyComplete = false;        // 416 proving the file already has every byte
    bool aborted = false;                // stopped by abort(), not by the server
};

// One HTTP GET and the redirects it leads to: builds the request (identity encoding, timeouts,
// Range/If-Range, only http/https, no downgrade, no credentials across origins), checks the
// response against the range rules and hands out the body. GUI thread; one per try.
class HttpAttempt final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpAttempt)

public:
    struct Request {
        QUrl url;
        qint64 offset = 0;           // > 0: ask for bytes offset- (resume)
        qint64 rangeEnd = -1;        // > offset: ask for bytes offset-(rangeEnd - 1) only
        QByteArray ifRange;          // validator sent with the Range
        qint64 expectedTotal = -1;   // the size the resumed file must have
        QByteArray expectedEtag;     // a 206 must carry this ETag when the server sends one
        QList<QPair<QByteArray, QByteArray>> headers;
    };

    HttpAttempt(NetworkPool *network, const DownloadSettings &settings, Request request,
                QObject *parent = nullptr);
    ~HttpAttempt() override;

    void start();
    void abort();  // finishes with result.aborted
    void abortWithError(const DownloadError &error) { failNow(error); }

    // Moves up to maxBytes of the accepted body onto the end of buffer; returns the count.
    qint64 readInto(QByteArray &buffer, qint64 maxBytes);
    qint64 bytesAvailable() const;

Q_SIGNALS:
    void responseAccepted(const ResponseInfo &info);
    void bodyAvailable();
    void finished(const AttemptResult &result);
    void redirected(const QUrl &to);

private:
    void send(const QUrl &url);
    void onMetaData();
    void onFinished();
    bool followRedirect(const QByteArray &location);
    void finish(AttemptResult result);
    void failNow(const DownloadError &error, bool mustRestart = false);
    void releaseReply();
    bool acceptResponse(int status);
    bool asksRange() const;

    NetworkPool *m_network = nullptr;
    DownloadSettings m_settings;
    Request m_request;
    QUrl m_url;
    QNetworkAccessManager *m_manager = nullptr;
    QPointer<QNetworkReply> m_reply;
    QTimer m_connectTimer;
    QList<QSslError> m_sslErrors;
    QByteArray m_tail;
    ResponseInfo m_info;
    DownloadError m_pendingError;  // decided while headers arrived; reported at finish
    bool m_pendingMustRestart = false;
    bool m_accepted = false;
    bool m_abortedByUs = false;
    bool m_finished = false;
    bool m_crossOrigin = false;
    int m_redirects = 0;
    qint64 m_bodyRead = 0;
};
