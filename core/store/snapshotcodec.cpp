#include "store/snapshotcodec.h"

#include "store/storenames.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QSqlQuery>
#include <QStringList>
#include <QTimeZone>
#include <QVariant>

#include <algorithm>
#include <array>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

// The downloads table's columns in the order of every statement here: bind() and read() index
// by these values, so the order lives in this one list.
enum Column : int {
    Id, Position, Url, Line, OutName, Dir, Checksum, Headers, FinalUrl, State, FileName, PartPath,
    FinalPath, ExistingFile, TotalBytes, BytesWritten, Durable, Etag, LastModified, AddedAt,
    FinishedAt, Attempts, ErrorKindColumn, ErrorMessage, ErrorRetryable, Note, Split, MaxBytesPerSecond,
    ColumnCount
};

constexpr std::array<QLatin1StringView, ColumnCount> kColumns{
    QLatin1StringView("id"), QLatin1StringView("position"), QLatin1StringView("url"),
    QLatin1StringView("line"), QLatin1StringView("out_name"), QLatin1StringView("dir"),
    QLatin1StringView("checksum"), QLatin1StringView("headers"), QLatin1StringView("final_url"),
    QLatin1StringView("state"), QLatin1StringView("file_name"), QLatin1StringView("part_path"),
    QLatin1StringView("final_path"), QLatin1StringView("existing_file"),
    QLatin1StringView("total_bytes"), QLatin1StringView("bytes_written"),
    QLatin1StringView("durable"), QLatin1StringView("etag"), QLatin1StringView("last_modified"),
    QLatin1StringView("added_at"), QLatin1StringView("finished_at"), QLatin1StringView("attempts"),
    QLatin1StringView("error_kind"), QLatin1StringView("error_message"),
    QLatin1StringView("error_retryable"), QLatin1StringView("note"), QLatin1StringView("split"),
    QLatin1StringView("max_bytes_per_second"),
};

QString columnList()
{
    QStringList names;
    for (QLatin1StringView name : kColumns)
        names.append(name);
    return names.join(u", "_s);
}

QVariant timeValue(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant();
}

QDateTime timeFrom(const QVariant &value)
{
    bool ok = false;
    const qint64 ms = value.toLongLong(&ok);
    return value.isNull() || !ok ? QDateTime() : QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
}

int intFrom(const QVariant &value)
{
    const qint64 wide = value.toLongLong();
    return static_cast<int>(std::clamp<qint64>(wide, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
}

// Unknown states become a state nothing runs from by itself: Failed when the row says it
// finished, Paused when it did not, so the user decides.
DownloadState stateFrom(const QString &name, bool finished, QStringList &problems)
{
    if (const auto state = StoreNames::stateNamed(name))
        return *state;
    problems.append(QStringLiteral("The saved state \u201c%1\u201d is unknown to this version of Gather.").arg(name));
    return finished ? DownloadState::Failed : DownloadState::Paused;
}

DownloadError errorFrom(const QSqlQuery &query)
{
    const QString message = query.value(ErrorMessage).toString();
    const auto kind = StoreNames::errorKindNamed(query.value(ErrorKindColumn).toString());
    // A kind this version does not know still shows its message, as the most general kind.
    const ErrorKind known = kind.value_or(message.isEmpty() ? ErrorKind::None : ErrorKind::Network);
    return DownloadError::make(known, message, query.value(ErrorRetryable).toLongLong() != 0);
}

// The download's own split and speed limit: a value out of range falls back to the settings'.
void readOwnLimits(const QSqlQuery &query, UrlEntry &entry, QStringList &problems)
{
    if (const QVariant split = query.value(Split); !split.isNull()) {
        bool ok = false;
        const qint64 value = split.toLongLong(&ok);
        if (ok && value >= 1 && value <= UrlEntry::kMaxSplit)
            entry.split = int(value);
        else
            problems.append(QStringLiteral("The saved number of connections could not be read; the settings' is used."));
    }
    if (const QVariant limit = query.value(MaxBytesPerSecond); !limit.isNull()) {
        bool ok = false;
        const qint64 value = limit.toLongLong(&ok);
        if (ok && value >= 0)
            entry.maxBytesPerSecond = value;
        else
            problems.append(QStringLiteral("The saved speed limit could not be read; the settings' is used."));
    }
}

} // namespace

QString SnapshotCodec::upsertSql()
{
    QStringList marks;
    for (int i = 0; i < ColumnCount; ++i)
        marks.append(u"?"_s);
    return u"INSERT OR REPLACE INTO downloads ("_s + columnList() + u") VALUES ("_s + marks.join(u',') + u')';
}

QString SnapshotCodec::selectSql()
{
    return u"SELECT "_s + columnList() + u" FROM downloads ORDER BY id"_s;
}

void SnapshotCodec::bind(QSqlQuery &query, const DownloadSnapshot &s)
{
    const UrlEntry &entry = s.entry;
    query.bindValue(Id, static_cast<qint64>(s.id));  // SQLite integers are signed 64-bit
    query.bindValue(Position, s.position);
    query.bindValue(Url, entry.url.toString(QUrl::FullyEncoded));
    query.bindValue(Line, entry.line);
    query.bindValue(OutName, entry.outName);
    query.bindValue(Dir, entry.dir);
    query.bindValue(Checksum, entry.checksum ? QVariant(entry.checksum->algorithmName() + u'=' + entry.checksum->expectedHex())
                                             : QVariant());
    query.bindValue(Headers, headersText(entry.headers));
    query.bindValue(FinalUrl, s.finalUrl.toString(QUrl::FullyEncoded));
    query.bindValue(State, StoreNames::stateName(s.state));
    query.bindValue(FileName, s.fileName);
    query.bindValue(PartPath, s.partPath);
    query.bindValue(FinalPath, s.finalPath);
    query.bindValue(ExistingFile, DownloadSettings::nameOf(s.existingFile));
    query.bindValue(TotalBytes, s.totalBytes);
    query.bindValue(BytesWritten, s.bytesWritten);
    query.bindValue(Durable, rangesText(s.durable));
    query.bindValue(Etag, s.etag);
    query.bindValue(LastModified, s.lastModified);
    query.bindValue(AddedAt, timeValue(s.addedAt));
    query.bindValue(FinishedAt, timeValue(s.finishedAt));
    query.bindValue(Attempts, s.attempts);
    query.bindValue(ErrorKindColumn, StoreNames::errorKindName(s.error.kind));
    query.bindValue(ErrorMessage, s.error.message);
    query.bindValue(ErrorRetryable, s.error.retryable ? 1 : 0);
    query.bindValue(Note, s.note);
    query.bindValue(Split, entry.split ? QVariant(*entry.split) : QVariant());
    query.bindValue(MaxBytesPerSecond, entry.maxBytesPerSecond ? QVariant(*entry.maxBytesPerSecond) : QVariant());
}

DownloadSnapshot SnapshotCodec::read(const QSqlQuery &query)
{
    const auto text = [&query](Column column) { return query.value(column).toString(); };
    const auto integer = [&query](Column column) { return query.value(column).toLongLong(); };
    QStringList problems;
    DownloadSnapshot s;
    s.id = static_cast<DownloadId>(integer(Id));
    s.position = integer(Position);
    s.entry.url = QUrl(text(Url));
    s.entry.line = intFrom(query.value(Line));
    s.entry.outName = text(OutName);
    s.entry.dir = text(Dir);
    s.finalUrl = QUrl(text(FinalUrl));
    s.fileName = text(FileName);
    s.partPath = text(PartPath);
    s.finalPath = text(FinalPath);
    s.totalBytes = query.value(TotalBytes).isNull() ? -1 : integer(TotalBytes);
    s.bytesWritten = integer(BytesWritten);
    s.etag = query.value(Etag).toByteArray();
    s.lastModified = query.value(LastModified).toByteArray();
    s.addedAt = timeFrom(query.value(AddedAt));
    s.finishedAt = timeFrom(query.value(FinishedAt));
    s.attempts = intFrom(query.value(Attempts));
    s.error = errorFrom(query);
    s.state = stateFrom(text(State), s.finishedAt.isValid(), problems);

    if (!query.value(Checksum).isNull()) {
        const Result<ChecksumSpec> checksum = ChecksumSpec::parse(text(Checksum));
        if (checksum.ok()) {
            s.entry.checksum = checksum.value();
        } else if (!DownloadStates::isFinal(s.state)) {
            // Finishing without the check the user asked for would pass off an unverified file.
            s.state = DownloadState::Failed;
            s.error = DownloadError::make(ErrorKind::InvalidInput,
                                          QStringLiteral("The expected checksum could not be read back (%1).")
                                              .arg(checksum.problem()));
        }
    }
    if (const auto headers = parseHeaders(text(Headers))) {
        s.entry.headers = *headers;
    } else {
        problems.append(QStringLiteral("The saved request headers could not be read; the download goes on without them."));
    }
    if (const auto durable = parseRanges(text(Durable))) {
        s.durable = *durable;
    } else if (!DownloadStates::isFinal(s.state)) {
        s.bytesWritten = 0;
        problems.append(QStringLiteral("Restarted from zero: the saved progress could not be read."));
    }
    const QString existing = text(ExistingFile);
    if (const auto policy = DownloadSettings::existingFileNamed(existing)) {
        s.existingFile = *policy;
    } else if (!existing.isEmpty()) {
        problems.append(QStringLiteral("The saved choice for an existing file (\u201c%1\u201d) is unknown; "
                                       "a free name is used instead.").arg(existing));
    }

    readOwnLimits(query, s.entry, problems);

    s.note = text(Note);
    if (!problems.isEmpty())
        s.note = (s.note.isEmpty() ? QString() : s.note + u' ') + problems.join(u' ');
    return s;
}

QString SnapshotCodec::rangesText(const QList<ByteRange> &ranges)
{
    QStringList parts;
    parts.reserve(ranges.size());
    for (const ByteRange &range : ranges)
        parts.append(QString::number(range.begin) + u'-' + QString::number(range.end));
    return parts.join(u',');
}

std::optional<QList<ByteRange>> SnapshotCodec::parseRanges(QStringView text)
{
    QList<ByteRange> ranges;
    if (text.trimmed().isEmpty())
        return ranges;
    for (QStringView part : text.split(u',')) {
        const qsizetype dash = part.indexOf(u'-');
        if (dash <= 0)
            return std::nullopt;
        bool beginOk = false;
        bool endOk = false;
        const qint64 begin = part.left(dash).trimmed().toLongLong(&beginOk);
        const qint64 end = part.mid(dash + 1).trimmed().toLongLong(&endOk);
        if (!beginOk || !endOk || begin < 0 || end <= begin)
            return std::nullopt;
        ByteRanges::insert(ranges, ByteRange{begin, end});
    }
    return ranges;
}

QString SnapshotCodec::headersText(const QList<Header> &headers)
{
    QJsonArray array;
    for (const Header &header : headers)
        array.append(QJsonArray{QString::fromLatin1(header.first), QString::fromLatin1(header.second)});
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

std::optional<QList<SnapshotCodec::Header>> SnapshotCodec::parseHeaders(QStringView text)
{
    QList<Header> headers;
    if (text.trimmed().isEmpty())
        return headers;
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isArray())
        return std::nullopt;
    const QJsonArray array = document.array();
    for (const QJsonValue &value : array) {
        const QJsonArray pair = value.toArray();
        if (pair.size() != 2 || !pair.at(0).isString() || !pair.at(1).isString())
            return std::nullopt;
        const QString name = pair.at(0).toString();
        const QString headerValue = pair.at(1).toString();
        // Anything past U+00FF was never a byte: the text was not written by headersText().
        const auto isLatin1 = [](const QString &s) {
            return std::all_of(s.cbegin(), s.cend(), [](QChar c) { return c.unicode() <= 0xff; });
        };
        if (!isLatin1(name) || !isLatin1(headerValue))
            return std::nullopt;
        headers.append(Header{name.toLatin1(), headerValue.toLatin1()});
    }
    return headers;
}
