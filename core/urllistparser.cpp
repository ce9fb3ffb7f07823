#include "urllistparser.h"

#include "aria2options.h"
#include "linkscanner.h"

#include <QHash>
#include <QHashSeed>
#include <QLatin1StringView>
#include <QUrl>

#include <algorithm>
#include <utility>
#include <vector>

namespace {

// A dropped binary file must not turn into millions of rows; the rest is summarised in one.
constexpr qsizetype kMaxRejectedRows = 10'000;
// Lines that are exactly one URL are checked in batches and then added in a tight loop with
// their duplicate-table slots prefetched: on a million-line list the table's cache misses
// otherwise each stall a whole URL parse and cost as much as parsing.
constexpr qsizetype kBatchSize = 128;

// What indented aria2 option lines attach to: the entry of the last link line, if it made exactly one.
enum class OptionTarget { None, Entry, Duplicate, Several };

// A URL checked and hashed but not yet added: the part of the work that needs no parse state.
struct PreparedLink {
    int line = 0;
    QStringView text;
    QString problem;
    QUrl url;
    QString formattedKey;  // null when the text is its own duplicate key
    size_t keyHash = 0;
};

// Entry indexes by 64-bit duplicate-key hash: open addressing, linear probing. Unlike QHash its
// slots can be prefetched. Hashes are seeded per process, so a hostile list cannot cluster them.
class KeyHashIndex final
{
public:
    void reserve(qsizetype count)
    {
        qsizetype capacity = 16;
        while (capacity < count * 2)
            capacity *= 2;
        if (capacity > qsizetype(m_slots.size()))
            rehash(capacity);
    }

    void prefetch(size_t hash) const
    {
#if defined(__GNUC__)
        __builtin_prefetch(&m_slots[hash & m_mask]);
#else
        Q_UNUSED(hash);
#endif
    }

    // The index stored for hash; if there is none, stores index and returns -1.
    qsizetype findOrInsert(size_t hash, qsizetype index)
    {
        if ((m_size + 1) * 2 > qsizetype(m_slots.size()))
            rehash(qsizetype(m_slots.size()) * 2);
        size_t i = hash & m_mask;
        for (; m_slots[i].index >= 0; i = (i + 1) & m_mask) {
            if (m_slots[i].hash == hash)
                return m_slots[i].index;
        }
        m_slots[i] = {hash, index};
        ++m_size;
        return -1;
    }

private:
    struct Slot {
        size_t hash = 0;
        qsizetype index = -1;
    };

    void rehash(qsizetype capacity)
    {
        const std::vector<Slot> old = std::exchange(m_slots, std::vector<Slot>(size_t(capacity)));
        m_mask = size_t(capacity) - 1;
        for (const Slot &slot : old) {
            if (slot.index < 0)
                continue;
            size_t i = slot.hash & m_mask;
            while (m_slots[i].index >= 0)
                i = (i + 1) & m_mask;
            m_slots[i] = slot;
        }
    }

    std::vector<Slot> m_slots = std::vector<Slot>(16);
    size_t m_mask = 15;
    qsizetype m_size = 0;
};

// "https://host/path": nothing to split or scan for, so it can go into a batch.
bool isSingleUrlLine(QStringView trimmed)
{
    if (!trimmed.startsWith(QLatin1StringView("http://"), Qt::CaseInsensitive)
        && !trimmed.startsWith(QLatin1StringView("https://"), Qt::CaseInsensitive)) {
        return false;
    }
    return std::none_of(trimmed.begin(), trimmed.end(), [](QChar c) { return c.unicode() <= 0x20 || c.isSpace(); });
}

// The state of one parse call; lives on the caller's stack.
class ListParse final
{
public:
    explicit ListParse(qsizetype maxEntries) : m_maxEntries(maxEntries) {}
    ParsedUrlList run(QStringView text);

private:
    enum class Taken { Added, Duplicate, Rejected, LimitReached };

    void parseLine(QStringView line, int lineNo);
    void parseLinkLine(QStringView line, int lineNo);
    void scanText(QStringView text, int lineNo);
    void parseOption(QStringView option, int lineNo);
    void flushBatch();
    void beginLine();
    void endLine();
    void prepare(PreparedLink &link, QStringView candidate, int lineNo) const;
    Taken commit(PreparedLink &link);
    Taken take(QStringView candidate, int lineNo);
    qsizetype rememberEntry(QStringView key, size_t hash, qsizetype index);
    void reject(int lineNo, QStringView text, const QString &reason);

    ParsedUrlList m_result;
    // Duplicate detection keeps 64-bit hashes of the keys, not the keys: a million-line list
    // would otherwise hold a second copy of every URL. Different keys whose hashes meet are
    // resolved in the exact map.
    size_t m_seed = QHashSeed::globalSeed();
    KeyHashIndex m_entryByKeyHash;
    QHash<QString, qsizetype> m_entryByCollidingKey;
    QList<PreparedLink> m_batch;
    qsizetype m_maxEntries = 0;
    OptionTarget m_target = OptionTarget::None;
    int m_addedOnLine = 0;
    int m_duplicatesOnLine = 0;
    RejectedLine m_limitRow;
    qsizetype m_skippedLines = 0;
    int m_firstUnlistedLine = 0;
    qsizetype m_unlistedRows = 0;
};

ParsedUrlList ListParse::run(QStringView text)
{
    if (text.startsWith(QChar(0xFEFF)))
        text = text.sliced(1);
    const qsizetype lineFeeds = std::count(text.utf16(), text.utf16() + text.size(), u'\n');
    const qsizetype expected = qMin(lineFeeds + 1, m_maxEntries + 1);
    m_result.entries.reserve(expected);
    m_entryByKeyHash.reserve(expected);
    m_batch.reserve(kBatchSize);

    int lineNo = 0;
    qsizetype pos = 0;
    while (pos < text.size()) {
        qsizetype end = pos;
        while (end < text.size() && text[end] != u'\n' && text[end] != u'\r')
            ++end;
        const QStringView line = text.sliced(pos, end - pos);
        ++lineNo;
        if (m_skippedLines == 0)
            parseLine(line, lineNo);
        else if (const QStringView trimmed = line.trimmed(); !trimmed.isEmpty() && trimmed.front() != u'#')
            ++m_skippedLines;
        pos = end + ((end + 1 < text.size() && text[end] == u'\r' && text[end + 1] == u'\n') ? 2 : 1);
    }
    flushBatch();

    if (m_unlistedRows > 0) {
        m_result.rejected.append({m_firstUnlistedLine, QString(),
                                  QStringLiteral("%1 more rejected lines from here on are not listed").arg(m_unlistedRows)});
    }
    if (m_skippedLines > 0) {
        m_limitRow.reason = QStringLiteral("list too long (limit %1); %2 %3 from here on skipped")
                                .arg(m_maxEntries).arg(m_skippedLines)
                                .arg(m_skippedLines == 1 ? QStringLiteral("line") : QStringLiteral("lines"));
        m_result.rejected.append(m_limitRow);
    }
    return std::move(m_result);
}

void ListParse::parseLine(QStringView line, int lineNo)
{
    const QStringView trimmed = line.trimmed();
    if (trimmed.isEmpty() || trimmed.front() == u'#')
        return;
    if (line.size() <= UrlListParser::kMaxLineLength && isSingleUrlLine(trimmed)) {
        prepare(m_batch.emplaceBack(), trimmed, lineNo);
        if (m_batch.size() == kBatchSize)
            flushBatch();
        return;
    }
    flushBatch();
    if (m_skippedLines > 0) {
        ++m_skippedLines;
        return;
    }
    const bool indented = line.front() == u' ' || line.front() == u'\t';
    if (line.size() > UrlListParser::kMaxLineLength) {
        reject(lineNo, line, QStringLiteral("line too long (%1 characters, limit %2)")
                                 .arg(line.size()).arg(UrlListParser::kMaxLineLength));
        if (!indented)
            m_target = OptionTarget::None;
        return;
    }
    if (indented && Aria2Options::isOptionLine(trimmed)) {
        parseOption(trimmed, lineNo);
        return;
    }
    beginLine();
    if (LinkScanner::startsWithLink(trimmed))
        parseLinkLine(trimmed, lineNo);
    else
        scanText(trimmed, lineNo);
    endLine();
}

void ListParse::flushBatch()
{
    for (const PreparedLink &link : std::as_const(m_batch))
        m_entryByKeyHash.prefetch(link.keyHash);
    for (PreparedLink &link : m_batch) {
        if (m_skippedLines > 0) {
            ++m_skippedLines;
            continue;
        }
        beginLine();
        commit(link);
        endLine();
    }
    m_batch.clear();
}

void ListParse::beginLine()
{
    m_addedOnLine = 0;
    m_duplicatesOnLine = 0;
}

void ListParse::endLine()
{
    if (m_addedOnLine + m_duplicatesOnLine > 1)
        m_target = OptionTarget::Several;
    else if (m_addedOnLine == 1)
        m_target = OptionTarget::Entry;
    else if (m_duplicatesOnLine == 1)
        m_target = OptionTarget::Duplicate;
    else
        m_target = OptionTarget::None;
}

// A line that starts with a link is taken whole, as text/uri-list and aria2 mean it: TABs separate
// aria2 mirror URIs; a space inside is an error unless the line is just links separated by spaces.
void ListParse::parseLinkLine(QStringView line, int lineNo)
{
    bool chosen = false;
    qsizetype from = 0;
    while (from <= line.size()) {
        qsizetype tab = line.indexOf(u'\t', from);
        if (tab < 0)
            tab = line.size();
        const QStringView field = line.sliced(from, tab - from).trimmed();
        from = tab + 1;
        if (field.isEmpty())
            continue;
        if (chosen) {
            QUrl mirror;
            const QString problem = LinkScanner::check(field, UrlListParser::kMaxUrlLength, &mirror);
            reject(lineNo, field, problem.isEmpty() ? QStringLiteral("mirror URIs are not supported; using the first") : problem);
            continue;
        }
        const bool hasSpace = std::any_of(field.begin(), field.end(), [](QChar c) { return c.isSpace(); });
        if (hasSpace && field.size() <= UrlListParser::kMaxUrlLength && LinkScanner::isLinksSeparatedBySpaces(field)) {
            scanText(field, lineNo);
            chosen = m_addedOnLine + m_duplicatesOnLine > 0;
            if (m_skippedLines > 0)
                return;
            continue;
        }
        const Taken taken = take(field, lineNo);
        if (taken == Taken::LimitReached)
            return;
        chosen = taken != Taken::Rejected;
    }
}

void ListParse::scanText(QStringView text, int lineNo)
{
    bool found = false;
    for (auto link = LinkScanner::nextLink(text, 0); link; link = LinkScanner::nextLink(text, link->end)) {
        found = true;
        if (!link->http)
            reject(lineNo, link->text, LinkScanner::unsupportedScheme(link->scheme));
        else if (take(link->text, lineNo) == Taken::LimitReached)
            return;
    }
    if (!found)
        reject(lineNo, text, QStringLiteral("no http or https URL on this line"));
}

void ListParse::parseOption(QStringView option, int lineNo)
{
    QString problem;
    switch (m_target) {
    case OptionTarget::None:
        problem = QStringLiteral("option line without a URL line before it");
        break;
    case OptionTarget::Duplicate:
        problem = QStringLiteral("option for a duplicate URL (ignored)");
        break;
    case OptionTarget::Several:
        problem = QStringLiteral("option after a line with several URLs (ignored)");
        break;
    case OptionTarget::Entry:
        problem = Aria2Options::apply(m_result.entries.last(), option);
        break;
    }
    if (!problem.isEmpty())
        reject(lineNo, option, problem);
}

void ListParse::prepare(PreparedLink &link, QStringView candidate, int lineNo) const
{
    link.line = lineNo;
    link.text = candidate;
    link.problem = LinkScanner::check(candidate, UrlListParser::kMaxUrlLength, &link.url);
    if (!link.problem.isEmpty())
        return;
    if (!LinkScanner::isOwnDuplicateKey(candidate))
        link.formattedKey = LinkScanner::duplicateKey(link.url);
    const QStringView key = link.formattedKey.isNull() ? candidate : QStringView(link.formattedKey);
    Q_ASSERT(key == LinkScanner::duplicateKey(link.url));
    link.keyHash = qHash(key, m_seed);
}

ListParse::Taken ListParse::commit(PreparedLink &link)
{
    if (!link.problem.isEmpty()) {
        reject(link.line, link.text, link.problem);
        return Taken::Rejected;
    }
    const QStringView key = link.formattedKey.isNull() ? link.text : QStringView(link.formattedKey);
    if (const qsizetype first = rememberEntry(key, link.keyHash, m_result.entries.size()); first >= 0) {
        m_result.duplicates.append({link.line, std::move(link.url), m_result.entries.at(first).line});
        ++m_duplicatesOnLine;
        return Taken::Duplicate;
    }
    // The key remembered for an entry that will not exist is harmless: the parse ends here.
    if (m_result.entries.size() >= m_maxEntries) {
        m_limitRow = {link.line, LinkScanner::displayText(link.text), QString()};
        m_skippedLines = 1;
        return Taken::LimitReached;
    }
    UrlEntry &entry = m_result.entries.emplaceBack();
    entry.url = std::move(link.url);
    entry.line = link.line;
    ++m_addedOnLine;
    return Taken::Added;
}

ListParse::Taken ListParse::take(QStringView candidate, int lineNo)
{
    PreparedLink link;
    prepare(link, candidate, lineNo);
    return commit(link);
}

// The index of an earlier entry with this duplicate key, or -1 after remembering index for it.
qsizetype ListParse::rememberEntry(QStringView key, size_t hash, qsizetype index)
{
    const qsizetype first = m_entryByKeyHash.findOrInsert(hash, index);
    if (first < 0 || LinkScanner::duplicateKey(m_result.entries.at(first).url) == key)
        return first;
    const qsizetype collided = m_entryByCollidingKey.size();
    qsizetype &exact = m_entryByCollidingKey[key.toString()];
    if (m_entryByCollidingKey.size() == collided)
        return exact;
    exact = index;
    return -1;
}

void ListParse::reject(int lineNo, QStringView text, const QString &reason)
{
    if (m_result.rejected.size() >= kMaxRejectedRows) {
        if (m_unlistedRows++ == 0)
            m_firstUnlistedLine = lineNo;
        return;
    }
    m_result.rejected.append({lineNo, LinkScanner::displayText(text), reason});
}

} // namespace

ParsedUrlList UrlListParser::parse(QStringView text)
{
    return parse(text, kMaxEntries);
}

ParsedUrlList UrlListParser::parse(QStringView text, qsizetype maxEntries)
{
    return ListParse(qMax<qsizetype>(maxEntries, 0)).run(text);
}
