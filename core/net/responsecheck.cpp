#include "net/responsecheck.h"

#include "base/humanformat.h"
#include "base/result.h"
#include "net/httprules.h"

namespace {

ResponseVerdict failed(const QString &message, bool mustRestart)
{
    ResponseVerdict verdict;
    verdict.kind = ResponseVerdict::Kind::Fail;
    verdict.error = DownloadError::make(ErrorKind::Protocol, message, true);
    verdict.mustRestart = mustRestart;
    return verdict;
}

ResponseVerdict accepted(ResponseInfo info)
{
    ResponseVerdict verdict;
    verdict.kind = ResponseVerdict::Kind::Accept;
    verdict.info = std::move(info);
    return verdict;
}

ResponseVerdict partial(const ResponseHead &head, const FetchRequest &request, ResponseInfo info)
{
    const auto range = HttpRules::parseContentRange(head.contentRange);
    if (!range || range->first < 0) {
        return failed(QStringLiteral("Server answered 206 without a usable Content-Range (%1)")
                          .arg(QString::fromLatin1(head.contentRange.left(80))), true);
    }
    if (range->first != request.offset) {
        return failed(QStringLiteral("Server sent bytes %1-%2 when bytes %3- were asked for")
                          .arg(range->first).arg(range->last).arg(request.offset), true);
    }
    if (request.expectedTotal >= 0 && range->total >= 0 && range->total != request.expectedTotal) {
        return failed(QStringLiteral("File changed on the server (size was %1 bytes, now %2)")
                          .arg(request.expectedTotal).arg(range->total), true);
    }
    if (!request.expectedEtag.isEmpty() && !info.etag.isEmpty() && info.etag != request.expectedEtag)
        return failed(QStringLiteral("File changed on the server (its ETag differs)"), true);
    info.bodyOffset = range->first;
    info.bodyLength = range->last - range->first + 1;
    info.acceptsRanges = true;
    info.totalSize = range->total >= 0 ? range->total : request.expectedTotal;
    return accepted(std::move(info));
}

ResponseVerdict unsatisfiable(const ResponseHead &head, const FetchRequest &request)
{
    const auto range = HttpRules::parseContentRange(head.contentRange);
    const qint64 total = range ? range->total : -1;
    const qint64 offset = request.offset;
    if (offset > 0 && total == offset && (request.expectedTotal < 0 || request.expectedTotal == offset)) {
        ResponseVerdict verdict;
        verdict.kind = ResponseVerdict::Kind::AlreadyComplete;
        return verdict;
    }
    return failed(QStringLiteral("Server said 416 Range Not Satisfiable for bytes %1-").arg(offset), true);
}

// The body's length as the framing says (RFC 9112 §6.3), or why the framing is unusable.
Result<qint64> framedLength(const ResponseHead &head)
{
    // A chunked (or otherwise coded) body ends where its coding says; a Content-Length beside
    // it may be a smuggling attempt and never shortens the body.
    if (!head.transferEncoding.trimmed().isEmpty())
        return qint64(-1);
    const QList<QByteArray> fields = head.contentLengthField.split(',');
    if (fields.size() > 1) {
        QList<QByteArray> values;
        for (const QByteArray &field : fields) {
            if (!values.contains(field.trimmed()))
                values.append(field.trimmed());
        }
        if (values.size() > 1) {
            return Result<qint64>(DownloadError::make(
                ErrorKind::Protocol, QStringLiteral("Server sent conflicting lengths (Content-Length %1)")
                                         .arg(QString::fromLatin1(values.join(" and ").left(80)))));
        }
        bool ok = false;
        const qint64 same = values.first().toLongLong(&ok);
        return ok && same >= 0 ? same : head.contentLength;
    }
    return head.contentLength;
}

} // namespace

ResponseVerdict ResponseCheck::judge(const ResponseHead &given, const FetchRequest &request)
{
    const Result<qint64> length = framedLength(given);
    if (!length) {
        ResponseVerdict verdict;
        verdict.kind = ResponseVerdict::Kind::Fail;
        verdict.error = length.error();
        return verdict;
    }
    ResponseHead head = given;
    head.contentLength = length.value();

    ResponseInfo info;
    info.status = head.status;
    info.finalUrl = head.url;
    info.etag = head.etag;
    info.lastModified = head.lastModified;
    info.contentDisposition = head.contentDisposition;
    info.mimeType = QString::fromLatin1(head.contentType);

    if (head.status == 200) {
        info.bodyOffset = 0;
        info.bodyLength = head.contentLength;
        info.totalSize = head.contentLength;
        info.restartedFromZero = request.asksRange();
        info.acceptsRanges = head.acceptRanges.trimmed().compare("bytes", Qt::CaseInsensitive) == 0;
        return accepted(std::move(info));
    }
    if (head.status == 206)
        return partial(head, request, std::move(info));
    if (head.status == 416)
        return unsatisfiable(head, request);

    ResponseVerdict verdict;
    verdict.error = HttpRules::statusError(head.status, head.reasonPhrase);
    if (head.status >= 200 && head.status < 300) {
        verdict.error = DownloadError::make(ErrorKind::Http,
                                            QStringLiteral("Server said %1 and sent no file").arg(head.status));
    }
    // Let a short error page finish: the connection stays reusable and Qt stays quiet.
    const bool small = head.contentLength >= 0 && head.contentLength <= kSmallErrorBody;
    verdict.kind = small ? ResponseVerdict::Kind::FailAfterBody : ResponseVerdict::Kind::Fail;
    return verdict;
}

DownloadError ResponseCheck::headerBlockError(qsizetype fieldCount, qint64 headerBytes)
{
    // Neither is retryable: the same server sends the same header again.
    if (fieldCount == 0) {
        return DownloadError::make(ErrorKind::Protocol,
                                   QStringLiteral("Server sent a response header that could not be read "
                                                  "(more than 100 fields, an overlong field, or a malformed line)"));
    }
    if (headerBytes > kMaxHeaderBytes) {
        return DownloadError::make(ErrorKind::Protocol,
                                   QStringLiteral("Server sent %1 of response headers; at most %2 are accepted")
                                       .arg(HumanFormat::bytes(headerBytes), HumanFormat::bytes(kMaxHeaderBytes)));
    }
    return {};
}
