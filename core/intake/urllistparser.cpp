#include "intake/urllistparser.h"

#include "base/safetext.h"
#include "base/shownurl.h"
#include "base/urlkey.h"
#include "intake/aria2options.h"
#include "intake/keyhashindex.h"
#include "intake/linkscanner.h"
#include "intake/plainurlparser.h"
#include "intake/preparedlink.h"
#include "intake/workerteam.h"

#include <QHash>
#include <QHashSeed>
#include <QThread>
#include <QUrl>

#include <algorithm>
#include <array>
#include <vector>

namespace {

// A dropped binary file must not turn into millions of rows; the rest is summarised in one.
constexpr qsizetype kMaxRejectedRows = 10'000;
// Lines are split into blocks; the lines of a block that are exactly one URL are checked and
// parsed on all cores, then the block is added in input order on the calling thread, which splits
// and adds the blocks around the one being parsed meanwhile. A block bounds the memory of links
// parsed ahead and the work wasted once the entry limit is reached.
constexpr qsizetype kBlockLines = 16'384;
constexpr qsizetype kSliceLines = 256;
// Below this many characters (some 20,000 lines), waking helper threads costs more than it saves.
constexpr qsizetype kParallelChars = 1'000'000;
// Entries are reserved at one per this many characters, more than real lists hold, so they do not
// move while the list grows; the pages of the reservation that stay unused are never touched, so
// they take no memory. The duplicate index is reserved likewise, at one byte per character.
// Counting the lines instead would cost another pass over a text that is not in the cache.
constexpr qsizetype kCharsPerEntryEstimate = 16;
constexpr int kMaxWorkers = 8;
// How far ahead of the line being added its duplicate-table slot is fetched: on a million-line
// list the table's cache misses otherwise cost as much as everything else the add does.
constexpr qsizetype kPrefetchDistance = 16;

// What indented aria2 option lines attach to: the entry of the last link line, if it made exactly one.
enum class OptionTarget { None, Entry, Duplicate, Several };

// A line that is neither blank nor a comment.
struct BlockLine {
    QStringView line;     // as written, without its line end
    QStringView trimmed;
    int lineNo = 0;
    bool single = false;  // exactly one URL, and link holds it prepared
    PreparedLink link;
};

// "https://host/path": nothing to split or scan for, so it can be prepared ahead.
bool isSingleUrlLine(QStringView trimmed)
{
    if (!LinkScanner::startsWithHttp(trimmed))
        return false;
    return std::none_of(trimmed.begin(), trimmed.end(), [](QChar c) { return c.unicode() <= 0x20 || c.isSpace(); });
}

int workerCount(qsizetype textSize)
{
    if (textSize < kParallelChars)
        return 1;
    return std::clamp(QThread::idealThreadCount(), 1, kMaxWorkers);
}

// The state of one parse call; lives on the caller's stack, its helper threads in m_team.
class ListParse final
{
public:
    ListParse(qsizetype maxEntries, qsizetype textSize);
    ParsedUrlList run(QStringView text);

private:
    enum class Taken { Added, Duplicate, Rejected, LimitReached };

    using Block = std::vector<BlockLine>;

    qsizetype fillBlock(Block &block, QStringView text, qsizetype pos, int &lineNo) const;
    void prepareLines(int worker, qsizetype begin, qsizetype end);
    void addBlock(Block &block);
    void parseLine(const BlockLine &line);
    void parseLinkLine(QStringView line, int lineNo);
    void scanText(QStringView text, int lineNo);
    void parseOption(QStringView option, int lineNo);
    void beginLine();
    void endLine();
    Taken commit(PreparedLink &link);
    Taken take(QStringView candidate, int lineNo);
    qsizetype rememberEntry(QStringView key, size_t hash, qsizetype index);
    void reject(int lineNo, QStringView text, const QString &reason);

    ParsedUrlList m_result;
    // Duplicate detection keeps hashes of the keys, not the keys: a million-line list would
    // otherwise hold a second copy of every URL. Different keys whose hashes meet are resolved in
    // the exact map.
    size_t m_seed = QHashSeed::globalSeed();
    KeyHashIndex m_entryByKeyHash;
    QHash<QString, qsizetype> m_entryByCollidingKey;
    qsizetype m_maxEntries = 0;
    WorkerTeam m_team;
    std::vector<PlainUrlParser> m_plain;  // one per worker
    std::array<Block, 2> m_blocks;
    Block *m_preparing = nullptr;
    WorkerTeam::Job m_prepareJob;
    OptionTarget m_target = OptionTarget::None;
    int m_addedOnLine = 0;
    int m_duplicatesOnLine = 0;
    RejectedLine m_limitRow;
    qsizetype m_skippedLines = 0;
    int m_firstUnlistedLine = 0;
    qsizetype m_unlistedRows = 0;
};

ListParse::ListParse(qsizetype maxEntries, qsizetype textSize)
    : m_maxEntries(maxEntries),
      m_team(workerCount(textSize) - 1),
      m_plain(size_t(m_team.size())),
      m_prepareJob([this](int worker, qsizetype begin, qsizetype end) { prepareLines(worker, begin, end); })
{
}

ParsedUrlList ListParse::run(QStringView text)
{
    const qsizetype expected = qMin(text.size() / kCharsPerEntryEstimate + 1, m_maxEntries + 1);
    m_result.entries.reserve(expected);
    m_entryByKeyHash.reserve(expected);
    for (Block &block : m_blocks)
        block.reserve(size_t(qMin(expected, kBlockLines)));

    // While the helpers prepare one block, this thread adds the block before it and then splits
    // the one after it into the same storage.
    int lineNo = 0;
    Block *current = &m_blocks[0];
    Block *other = &m_blocks[1];
    qsizetype pos = fillBlock(*current, text, 0, lineNo);
    bool otherIsPrepared = false;
    while (!current->empty()) {
        m_preparing = current;
        if (m_skippedLines == 0)
            m_team.start(qsizetype(current->size()), kSliceLines, m_prepareJob);
        if (otherIsPrepared)
            addBlock(*other);
        pos = fillBlock(*other, text, pos, lineNo);
        m_team.finish();
        std::swap(current, other);
        otherIsPrepared = true;
    }
    if (otherIsPrepared)
        addBlock(*other);

    if (m_unlistedRows > 0) {
        const QString more = QStringLiteral("%1 more rejected lines from here on are not listed").arg(m_unlistedRows);
        m_result.rejected.append({m_firstUnlistedLine, QString(), more});
    }
    if (m_skippedLines > 0) {
        const QString lines = m_skippedLines == 1 ? QStringLiteral("line") : QStringLiteral("lines");
        m_limitRow.reason = QStringLiteral("list too long (limit %1); %2 %3 from here on skipped").arg(m_maxEntries).arg(m_skippedLines).arg(lines);
        m_result.rejected.append(m_limitRow);
    }
    return std::move(m_result);
}

// Splits lines at LF, CRLF or a lone CR into block, up to kBlockLines of them that are neither
// blank nor comments; returns where the next block starts.
qsizetype ListParse::fillBlock(Block &block, QStringView text, qsizetype pos, int &lineNo) const
{
    block.clear();
    const char16_t *const data = text.utf16();
    const qsizetype size = text.size();
    while (pos < size && qsizetype(block.size()) < kBlockLines) {
        qsizetype end = pos;
        // One comparison for all but control characters.
        while (end < size && (data[end] > u'\r' || (data[end] != u'\n' && data[end] != u'\r')))
            ++end;
        const QStringView line(data + pos, end - pos);
        ++lineNo;
        if (const QStringView trimmed = line.trimmed(); !trimmed.isEmpty() && trimmed.front() != u'#') {
            BlockLine &kept = block.emplace_back();
            kept.line = line;
            kept.trimmed = trimmed;
            kept.lineNo = lineNo;
        }
        pos = end + ((end + 1 < size && data[end] == u'\r' && data[end + 1] == u'\n') ? 2 : 1);
    }
    return pos;
}

void ListParse::prepareLines(int worker, qsizetype begin, qsizetype end)
{
    for (qsizetype i = begin; i < end; ++i) {
        BlockLine &line = (*m_preparing)[size_t(i)];
        line.single = line.line.size() <= UrlListParser::kMaxLineLength && isSingleUrlLine(line.trimmed);
        if (line.single)
            line.link.prepare(line.trimmed, line.lineNo, UrlListParser::kMaxUrlLength, m_seed, m_plain[size_t(worker)]);
    }
}

void ListParse::addBlock(Block &block)
{
    const qsizetype count = qsizetype(block.size());
    for (qsizetype i = 0; i < count; ++i) {
        if (i + kPrefetchDistance < count)
            m_entryByKeyHash.prefetch(block[size_t(i + kPrefetchDistance)].link.keyHash);
        BlockLine &line = block[size_t(i)];
        if (m_skippedLines > 0) {
            ++m_skippedLines;
        } else if (line.single) {
            beginLine();
            commit(line.link);
            endLine();
        } else {
            parseLine(line);
        }
    }
}

void ListParse::parseLine(const BlockLine &line)
{
    const bool indented = line.line.front() == u' ' || line.line.front() == u'\t';
    if (line.line.size() > UrlListParser::kMaxLineLength) {
        reject(line.lineNo, line.line, QStringLiteral("line too long (%1 characters, limit %2)")
                                           .arg(line.line.size()).arg(UrlListParser::kMaxLineLength));
        if (!indented)
            m_target = OptionTarget::None;
        return;
    }
    if (indented && Aria2Options::isOptionLine(line.trimmed)) {
        parseOption(line.trimmed, line.lineNo);
        return;
    }
    beginLine();
    if (LinkScanner::startsWithLink(line.trimmed))
        parseLinkLine(line.trimmed, line.lineNo);
    else
        scanText(line.trimmed, line.lineNo);
    endLine();
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
            const Result<QUrl> mirror = LinkScanner::check(field, UrlListParser::kMaxUrlLength);
            reject(lineNo, field, mirror ? QStringLiteral("mirror URIs are not supported; using the first") : mirror.problem());
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
        problem = Aria2Options::apply(m_result.entries.last(), option).problem();
        break;
    }
    if (!problem.isEmpty())
        reject(lineNo, option, problem);
}

ListParse::Taken ListParse::commit(PreparedLink &link)
{
    if (!link.problem.isEmpty()) {
        reject(link.line, link.text, link.problem);
        return Taken::Rejected;
    }
    // Every URL line counts toward the limit, a repeated one too.
    if (m_result.entries.size() + m_result.duplicateCount >= m_maxEntries) {
        m_limitRow = {link.line, SafeText::display(ShownUrl::redacted(link.text.toString())), QString()};
        m_skippedLines = 1;
        return Taken::LimitReached;
    }
    if (const qsizetype first = rememberEntry(link.key(), link.keyHash, m_result.entries.size()); first >= 0) {
        if (m_result.duplicates.size() < UrlListParser::kMaxDuplicateRows)
            m_result.duplicates.append({link.line, std::move(link.url), m_result.entries.at(first).line});
        ++m_result.duplicateCount;
        ++m_duplicatesOnLine;
        return Taken::Duplicate;
    }
    UrlEntry &entry = m_result.entries.emplaceBack();
    entry.url = std::move(link.url);
    entry.line = link.line;
    ++m_addedOnLine;
    return Taken::Added;
}

ListParse::Taken ListParse::take(QStringView candidate, int lineNo)
{
    // Only the calling thread runs here, and the helpers are idle between blocks.
    PreparedLink link;
    link.prepare(candidate, lineNo, UrlListParser::kMaxUrlLength, m_seed, m_plain.front());
    return commit(link);
}

// The index of an earlier entry with this duplicate key, or -1 after remembering index for it.
qsizetype ListParse::rememberEntry(QStringView key, size_t hash, qsizetype index)
{
    const qsizetype first = m_entryByKeyHash.findOrInsert(hash, index);
    if (first < 0 || UrlKey::of(m_result.entries.at(first).url) == key)
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
    m_result.rejected.append({lineNo, SafeText::display(ShownUrl::redacted(text.toString())), reason});
}

} // namespace

ParsedUrlList UrlListParser::parse(QStringView text)
{
    return parse(text, kMaxEntries);
}

ParsedUrlList UrlListParser::parse(QStringView text, qsizetype maxEntries)
{
    if (text.startsWith(QChar(0xFEFF)))
        text = text.sliced(1);
    return ListParse(qMax<qsizetype>(maxEntries, 0), text.size()).run(text);
}
