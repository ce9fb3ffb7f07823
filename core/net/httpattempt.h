#pragma once

#include "base/downloaderror.h"
#include "base/downloadsettings.h"
#include "net/fetchrequest.h"
#include "net/responsecheck.h"

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

// How an attempt ended. Plain data.
struct AttemptResult {
    DownloadError error;                 // none = the body arrived complete
    std::optional<qint64> retryAfterMs;  // from the server, when it said so
    bool mustRestart = false;            // the server broke range rules: next attempt from zero
    bool alreadyComplete = false;        // 416 proving the file already has every byte
    bool aborted = false;                // stopped by abort(), not by the server
};

// One HTTP GET and the redirects it leads to: builds the request (identity encoding, timeouts,
// Range/If-Range, only http/https, no downgrade, no credentials across origins), has the
// response judged (ResponseCheck) and hands out the body. GUI thread; one per try.
class HttpAttempt final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpAttempt)

public:
    HttpAttempt(NetworkPool *network, const DownloadSettings &settings, FetchRequest request,
                QObject *parent = nullptr);
    ~HttpAttempt() override;

    void start();
    // Both end the attempt at once; finished() follows on the next turn of the event loop, never
    // from inside the call (nor from inside readInto()), so a caller walking its connections is
    // never re-entered.
    void abort();  // finishes with result.aborted
    void abortWithError(const DownloadError &error) { failNow(error); }

    // Moves up to maxBytes of the accepted body onto the end of buffer; returns the count.
    qint64 readInto(QByteArray &buffer, qint64 maxBytes);
    qint64 bytesAvailable() const;
    // How much Qt may buffer ahead of readInto() (0 = the default, 1 MiB): under a speed limit
    // a smaller buffer keeps the server's view of the rate close to the limit.
    void setReadBuffer(qint64 bytes);

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
    void judge(int status);

    NetworkPool *m_network = nullptr;
    DownloadSettings m_settings;
    FetchRequest m_request;
    QUrl m_url;
    QNetworkAccessManager *m_manager = nullptr;
    QPointer<QNetworkReply> m_reply;
    QTimer m_connectTimer;
    QList<QSslError> m_sslErrors;
    QByteArray m_tail;
    qint64 m_readBuffer = 0;  // setReadBuffer(); 0 = default
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
