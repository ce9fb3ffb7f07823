#pragma once

#include "base/downloaderror.h"
#include "net/fetchrequest.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

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

// The parts of a final (non-redirect) response's head that decide its fate. Plain data.
struct ResponseHead {
    int status = 0;
    QByteArray reasonPhrase;
    qint64 contentLength = -1;  // -1 when absent
    QByteArray contentLengthField;  // as received, repeated fields joined by ", "
    QByteArray transferEncoding;
    QByteArray contentRange;
    QByteArray acceptRanges;
    QByteArray etag;
    QByteArray lastModified;
    QByteArray contentDisposition;
    QByteArray contentType;
    QUrl url;  // the URL that answered, after redirects
};

// What to do with a response. Plain data.
struct ResponseVerdict {
    enum class Kind {
        Accept,           // info says where its body goes
        AlreadyComplete,  // 416 proving the file already has every byte that was asked for
        FailAfterBody,    // an error, but let its short body (an error page) finish unread
        Fail,             // an error now
    };
    Kind kind = Kind::Fail;
    ResponseInfo info;        // Accept
    DownloadError error;      // FailAfterBody, Fail
    bool mustRestart = false;  // Fail: the server broke the range rules; the next try starts at 0
};

// Judges a response head against the request it answers (RFC 9110 ranges and validators): only
// 200 and a 206 at exactly the asked offset, of the expected file, carry a body to the file. The
// framing follows RFC 9112 §6: Transfer-Encoding wins over Content-Length, and Content-Length
// fields that disagree refuse the response.
// A pure function, so every rule is tested without sockets. Stateless; any thread.
class ResponseCheck final
{
public:
    // Error bodies up to this long are let finish, so the connection stays reusable.
    static constexpr qint64 kSmallErrorBody = 64 * 1024;

    // The most response-header bytes accepted (curl's limit too). Qt 6.4 has read the whole
    // block before anyone sees it, so this refuses what a flood hands on; the response timeout
    // and NetworkPool bound what reading it costs.
    static constexpr qint64 kMaxHeaderBytes = 100 * 1024;

    static ResponseVerdict judge(const ResponseHead &given, const FetchRequest &request);
    // The header block as Qt hands it on: fields and their bytes ("name: value\r\n" each). Not
    // an error within the cap. No field at all is an error too: Qt 6.4 drops every field of a
    // block it cannot parse (over 100 fields, an overlong one, a malformed line) and says
    // nothing, and a response without Content-Length, Content-Range or type cannot be checked.
    static DownloadError headerBlockError(qsizetype fieldCount, qint64 headerBytes);
};
