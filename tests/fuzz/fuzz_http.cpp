// A server's header lines: header lines from lists, Content-Range, Retry-After, and the verdict
// on a response head built from the input.
#include "base/headerline.h"
#include "fuzztarget.h"
#include "net/httprules.h"
#include "net/responsecheck.h"

#include <QDateTime>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = fuzzBytes(data, size);
    (void)HeaderLine::parse(QString::fromUtf8(bytes));
    (void)HttpRules::parseContentRange(bytes);
    (void)HttpRules::retryAfterMs(bytes, QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC));
    (void)HttpRules::isStrongEtag(bytes);

    const QList<QByteArray> fields = bytes.split('\n');
    ResponseHead head;
    head.status = fields.value(0).left(3).toInt();
    head.contentLengthField = fields.value(1);
    head.contentLength = head.contentLengthField.toLongLong();
    head.contentRange = fields.value(2);
    head.transferEncoding = fields.value(3);
    head.etag = fields.value(4);
    head.acceptRanges = fields.value(5);
    FetchRequest request;
    request.offset = fields.value(6).toLongLong();
    request.expectedTotal = fields.value(7).toLongLong();
    const ResponseVerdict verdict = ResponseCheck::judge(head, request);
    if (verdict.kind == ResponseVerdict::Kind::Accept && verdict.info.bodyOffset < 0)
        __builtin_trap();  // a body never lands before the file's start
    return 0;
}
