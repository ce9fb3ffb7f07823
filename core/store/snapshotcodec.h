#pragma once

#include "engine/downloadsnapshot.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringView>

#include <optional>

class QSqlQuery;

// Turns a DownloadSnapshot into one row of the downloads table and back. Reading never fails: a
// value that does not decode gets a safe default and a sentence in the note, so one odd row can
// neither crash Gather nor hide the rest of the list. Plain functions; store thread.
class SnapshotCodec final
{
public:
    using Header = QPair<QByteArray, QByteArray>;

    // INSERT OR REPLACE of every column, one placeholder each, in the order bind() fills them.
    static QString upsertSql();
    // Every column in the order read() expects, the whole list in position order.
    static QString selectSql();
    static void bind(QSqlQuery &query, const DownloadSnapshot &snapshot);
    static DownloadSnapshot read(const QSqlQuery &query);

    // "0-100,200-300": half-open ranges, as the durable column keeps them.
    static QString rangesText(const QList<ByteRange> &ranges);
    // Sorted and merged; nullopt when any part is not "begin-end" with 0 <= begin < end.
    static std::optional<QList<ByteRange>> parseRanges(QStringView text);

    // A JSON array of [name, value] pairs, each byte one Latin-1 character, so any bytes a
    // header holds (even NUL or 0xFF) come back exactly.
    static QString headersText(const QList<Header> &headers);
    static std::optional<QList<Header>> parseHeaders(QStringView text);
};
