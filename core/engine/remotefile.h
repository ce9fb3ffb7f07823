#pragma once

#include "net/httprules.h"
#include "net/responsecheck.h"

#include <QByteArray>

// The server's file as its answers describe it: size and validators, which decide whether kept
// bytes can be continued and what a range request must carry. Plain data; GUI thread.
struct RemoteFile {
    qint64 total = -1;  // -1 unknown
    QByteArray etag;
    QByteArray lastModified;
    bool rangesOffered = false;  // some answer was a 206 or said "Accept-Ranges: bytes"

    bool hasValidator() const { return HttpRules::isStrongEtag(etag) || !lastModified.isEmpty(); }
    // Bytes kept from earlier answers can be continued: a validator and a known size.
    bool canResume() const { return hasValidator() && total >= 0; }
    // A body that announced no length can be proved whole by asking for the byte after it.
    bool canProveEnd() const { return rangesOffered && hasValidator(); }
    bool sameAs(const ResponseInfo &info) const
    {
        return info.totalSize == total && info.etag == etag && info.lastModified == lastModified;
    }
    void adopt(const ResponseInfo &info)
    {
        total = info.totalSize;
        etag = info.etag;
        lastModified = info.lastModified;
    }
    // What If-Range carries: a strong ETag, else the date.
    QByteArray ifRange() const { return HttpRules::isStrongEtag(etag) ? etag : lastModified; }
};
