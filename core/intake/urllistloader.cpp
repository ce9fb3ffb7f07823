#include "intake/urllistloader.h"

#include "base/guardedreceiver.h"
#include "base/safetext.h"
#include "base/shownurl.h"
#include "base/urlkey.h"
#include "intake/checksumapplier.h"
#include "intake/checksumfile.h"
#include "intake/csvlinks.h"
#include "intake/textfilereader.h"

#include <QFileInfo>
#include <QHash>
#include <QThreadPool>

#include <algorithm>
#include <atomic>

namespace {

bool isTable(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix();
    return suffix.compare(u"csv", Qt::CaseInsensitive) == 0 || suffix.compare(u"tsv", Qt::CaseInsensitive) == 0;
}

// Adds each source's parse to the result in order. With several sources, a URL that an earlier
// source had is a duplicate of that first occurrence, and the entry limit holds for the whole.
class Merger final
{
public:
    Merger(LoadedUrlList &result, bool several, qsizetype maxEntries)
        : m_result(result), m_several(several), m_maxEntries(maxEntries)
    {
    }

    void add(ParsedUrlList parsed, const QString &source);

private:
    struct First {
        int line = 0;
        QString source;
    };

    void skip(const UrlEntry &entry, const QString &source);

    LoadedUrlList &m_result;
    bool m_several;
    qsizetype m_maxEntries;
    QHash<QString, First> m_firstByKey;
    qsizetype m_skipped = 0;
    qsizetype m_limitRow = -1;
};

void Merger::add(ParsedUrlList parsed, const QString &source)
{
    ParsedUrlList &merged = m_result.parsed;
    if (!m_several) {
        merged = std::move(parsed);
        return;
    }
    for (RejectedLine &row : parsed.rejected)
        row.source = source;

    QList<DuplicateUrl> duplicates;
    merged.entries.reserve(merged.entries.size() + parsed.entries.size());
    for (UrlEntry &entry : parsed.entries) {
        const QString key = UrlKey::of(entry.url);
        if (const auto it = m_firstByKey.constFind(key); it != m_firstByKey.constEnd()) {
            ++merged.duplicateCount;
            duplicates.append({entry.line, entry.url, it->line, source, it->source});
        } else if (merged.entries.size() >= m_maxEntries) {
            skip(entry, source);
        } else {
            m_firstByKey.insert(key, {entry.line, source});
            merged.entries.append(std::move(entry));
        }
    }
    // A repeat within this source points at the occurrence kept, which may be in an earlier one.
    for (DuplicateUrl &duplicate : parsed.duplicates) {
        const First first = m_firstByKey.value(UrlKey::of(duplicate.url), {duplicate.firstLine, source});
        duplicate.source = source;
        duplicate.firstLine = first.line;
        duplicate.firstSource = first.source;
        duplicates.append(std::move(duplicate));
    }
    merged.duplicateCount += parsed.duplicateCount;
    std::stable_sort(duplicates.begin(), duplicates.end(),
                     [](const DuplicateUrl &a, const DuplicateUrl &b) { return a.line < b.line; });
    const qsizetype room = std::max<qsizetype>(0, UrlListParser::kMaxDuplicateRows - merged.duplicates.size());
    if (duplicates.size() > room)
        duplicates.resize(room);
    merged.duplicates.append(std::move(duplicates));
    merged.rejected.append(std::move(parsed.rejected));
}

// One row tells where the limit was reached and how many URLs it left out.
void Merger::skip(const UrlEntry &entry, const QString &source)
{
    QList<RejectedLine> &rejected = m_result.parsed.rejected;
    if (m_skipped++ == 0) {
        m_limitRow = rejected.size();
        rejected.append({entry.line, SafeText::display(ShownUrl::of(entry.url)), QString(), source});
    }
    rejected[m_limitRow].reason = QStringLiteral("list too long (limit %1); %2 more %3 skipped")
                                      .arg(m_maxEntries)
                                      .arg(m_skipped)
                                      .arg(m_skipped == 1 ? QStringLiteral("URL") : QStringLiteral("URLs"));
}

// A checksum file's entries join sums (an earlier file's entry for a name wins); its bad lines
// are rejected rows of that source.
void readChecksums(const ListSource &source, qint64 maxFileBytes, LoadedUrlList &result, ChecksumList &sums)
{
    const Result<QString> file = TextFileReader::read(source.path, std::min(maxFileBytes, ChecksumFile::kMaxBytes));
    if (!file) {
        result.problems.append({source.name, file.problem()});
        return;
    }
    ChecksumList read = ChecksumFile::parse(*file, QFileInfo(source.path).fileName());
    for (RejectedLine &row : read.bad) {
        row.source = source.name;
        result.parsed.rejected.append(std::move(row));
    }
    if (read.badCount > read.bad.size()) {
        result.parsed.rejected.append({0, QString(), QStringLiteral("%1 more lines that are not checksums")
                                                         .arg(read.badCount - read.bad.size()), source.name});
    }
    for (auto it = read.byName.constBegin(); it != read.byName.constEnd(); ++it) {
        if (!sums.byName.contains(it.key()))
            sums.byName.insert(it.key(), it.value());
    }
}

// The work of load(), which stops between sources once the loader is gone.
LoadedUrlList readSources(const QList<ListSource> &sources, qint64 maxFileBytes, qsizetype maxEntries,
                          const std::atomic_bool *cancelled)
{
    LoadedUrlList result;
    Merger merger(result, sources.size() > 1, maxEntries);
    ChecksumList sums;
    for (const ListSource &source : sources) {
        if (cancelled && *cancelled)
            break;
        const qsizetype entriesBefore = result.parsed.entries.size();
        const qsizetype rejectedBefore = result.parsed.rejected.size();
        result.sources.append(source.name);
        if (!source.path.isEmpty() && ChecksumFile::isChecksumFileName(QFileInfo(source.path).fileName())) {
            readChecksums(source, maxFileBytes, result, sums);
        } else if (source.path.isEmpty()) {
            merger.add(UrlListParser::parse(source.text, maxEntries), source.name);
        } else if (const Result<QString> file = TextFileReader::read(source.path, maxFileBytes); !file) {
            result.problems.append({source.name, file.problem()});
        } else {
            const QString text = isTable(source.path) ? CsvLinks::toUrlLines(*file) : *file;
            merger.add(UrlListParser::parse(text, maxEntries), source.name);
        }
        result.entryCounts.append(result.parsed.entries.size() - entriesBefore);
        result.rejectedCounts.append(result.parsed.rejected.size() - rejectedBefore);
    }
    for (const ChecksumConflict &conflict : ChecksumApplier::apply(result.parsed.entries, sums, &result.checksumsApplied))
        result.checksumConflicts.append(ChecksumApplier::describe(conflict));
    return result;
}

} // namespace

UrlListLoader::UrlListLoader(QThreadPool *pool, QObject *parent)
    : QObject(parent)
    , m_pool(pool)
    , m_receiver(std::make_shared<GuardedReceiver>(this))
{
}

UrlListLoader::~UrlListLoader()
{
    m_receiver->detach();  // also tells a running job to stop between sources
}

quint64 UrlListLoader::load(const DroppedInput &input)
{
    const quint64 ticket = m_nextTicket++;
    const qint64 maxBytes = m_maxFileBytes;
    m_pool->start([receiver = m_receiver, input, maxBytes, ticket, this] {
        LoadedUrlList result = readSources(sourcesOf(input), maxBytes, UrlListParser::kMaxEntries, &receiver->detached());
        // Runs on the loader's thread, and only while the loader exists.
        receiver->post([this, ticket, result = std::move(result)] { Q_EMIT loaded(ticket, result); });
    });
    return ticket;
}

LoadedUrlList UrlListLoader::read(const QList<ListSource> &sources, qint64 maxFileBytes, qsizetype maxEntries)
{
    return readSources(sources, maxFileBytes, maxEntries, nullptr);
}

LoadedUrlList UrlListLoader::read(const DroppedInput &input, qint64 maxFileBytes, qsizetype maxEntries)
{
    return readSources(sourcesOf(input), maxFileBytes, maxEntries, nullptr);
}

QList<ListSource> UrlListLoader::sourcesOf(const DroppedInput &input)
{
    QList<ListSource> sources;
    if (!input.text.isEmpty())
        sources.append({input.textName.isEmpty() ? QStringLiteral("Dropped text") : input.textName, input.text, QString()});
    QHash<QString, int> nameCount;
    for (const QString &path : input.files)
        ++nameCount[QFileInfo(path).fileName()];
    for (const QString &path : input.files) {
        const QString name = QFileInfo(path).fileName();
        sources.append({nameCount.value(name) > 1 || name.isEmpty() ? path : name, QString(), path});
    }
    return sources;
}
