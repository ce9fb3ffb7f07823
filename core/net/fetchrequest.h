#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QUrl>

// What one HTTP GET asks for: the URL, the byte range and the validators the answer must match,
// and the user's extra headers. Plain data.
struct FetchRequest {
    QUrl url;
    qint64 offset = 0;           // > 0: ask for bytes offset- (resume)
    qint64 rangeEnd = -1;        // > offset: ask for bytes offset-(rangeEnd - 1) only
    QByteArray ifRange;          // validator sent with the Range
    qint64 expectedTotal = -1;   // the size the resumed file must have
    QByteArray expectedEtag;     // a 206 must carry this ETag when the server sends one
    QList<QPair<QByteArray, QByteArray>> headers;

    bool asksRange() const { return offset > 0 || rangeEnd > offset; }
};
