#include "urllistloader.h"

#include "guardedreceiver.h"

#include "csvlinks.h"
#include "linkscanner.h"
#include "textfilereader.h"

#include <QFileInfo>
#include <QHash>
#include <QThreadPool>

#include <algorithm>
#include <atomic>

namespace {

struct Source {
    QString name;
    QString path;  // empty for the dropped text
};

// File names, or the full path where two dropped files share a name.
QList<Source> sourcesOf(const DroppedInput &input)
{
    QList<Source> sources;
    if (!input.text.isEmpty())
        sources.append({QStringLiteral("Dropped text"), QString()});
    QHash<QString, int> nameCount;
    for (const QString &path : input.files)
        ++nameCount[QFileInfo(path).fileName()];
    for (const QString &path : input.files) {
        const QString name = QFileInfo(path).fileName();
        sources.append({nameCount.value(name) > 1 || name.isEmpty() ? path : name, path});
    }
    return sources;
}

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
        const QString key = LinkScanner::duplicateKey(entry.url);
        if (const auto it = m_firstByKey.constFind(key); it != m_firstByKey.constEnd()) {
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
        const First first = m_firstByKey.value(LinkScanner::duplicateKey(duplicate.url), {duplicate.firstLine, source});
        duplicate.source = source;
        duplicate.firstLine = first.line;
        duplicate.firstSource = first.source;
        duplicates.append(std::move(duplicate));
    }
    std::stable_sort(duplicates.begin(), duplicates.end(),
                     [](const DuplicateUrl &a, const DuplicateUrl &b) { return a.line < b.line; });
    merged.duplicates.append(std::move(duplicates));
    merged.rejected.append(std::move(parsed.rejected));
}

// One row tells where the limit was reached and how many URLs it left out.
void Merger::skip(const UrlEntry &entry, const QString &source)
{
    QList<RejectedLine> &rejected = m_result.parsed.rejected;
    if (m_skipped++ == 0) {
        m_limitRow = rejected.size();
        rejected.append({entry.line, LinkScanner::displayText(entry.url.toString()), QString(), source});
    }
    rejected[m_limitRow].reason = QStringLiteral("list too long (limit %1); %2 more %3 skipped")
                                      .arg(m_maxEntries)
                                      .arg(m_skipped)
                                      .arg(m_skipped == 1 ? QStringLiteral("URL") : QStringLiteral("URLs"));
}

// The work of load(), which stops between sources once the loader is gone.
LoadedUrlList readSources(const DroppedInput &input, qint64 maxFileBytes, qsizetype maxEntries,
                          const std::atomic_bool *cancelled)
{
    LoadedUrlList result;
    const QList<Source> sources = sourcesOf(input);
    Merger merger(result, sources.size() > 1, maxEntries);
    for (const Source &source : sources) {
        if (cancelled && *cancelled)
            break;
        result.sources.append(source.name);
        if (source.path.isEmpty()) {
            merger.add(UrlListParser::parse(input.text, maxEntries), source.name);
            continue;
        }
        const TextFileReader::Result file = TextFileReader::read(source.path, maxFileBytes);
        if (!file.problem.isEmpty()) {
            result.problems.append({source.name, file.problem});
            continue;
        }
        const QString text = isTable(source.path) ? CsvLinks::toUrlLines(file.text) : file.text;
        merger.add(UrlListParser::parse(text, maxEntries), source.name);
    }
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
        LoadedUrlList result = readSources(input, maxBytes, UrlListParser::kMaxEntries, &receiver->detached());
        // Runs on the loader's thread, and only while the loader exists.
        receiver->post([this, ticket, result = std::move(result)] { Q_EMIT loaded(ticket, result); });
    });
    return ticket;
}

LoadedUrlList UrlListLoader::read(const DroppedInput &input, qint64 maxFileBytes, qsizetype maxEntries)
{
    return readSources(input, maxFileBytes, maxEntries, nullptr);
}
