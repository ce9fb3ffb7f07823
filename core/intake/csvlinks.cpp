#include "intake/csvlinks.h"

#include "intake/linkscanner.h"

#include <QStringList>

namespace {

// One record (row) of an RFC 4180 file read from pos; quotes are tolerated anywhere, and a quote
// that is never closed takes the rest of the file, as spreadsheets read it.
struct Record {
    QStringList cells;
    int lines = 1;         // physical lines it spans
    qsizetype next = 0;    // where the next record starts
};

bool isLineEnd(QChar c)
{
    return c == u'\n' || c == u'\r';
}

// Past the line end at pos (LF, CRLF or a lone CR).
qsizetype skipLineEnd(QStringView text, qsizetype pos)
{
    if (text[pos] == u'\r' && pos + 1 < text.size() && text[pos + 1] == u'\n')
        return pos + 2;
    return pos + 1;
}

Record readRecord(QStringView text, qsizetype pos, QChar separator)
{
    Record record;
    const qsizetype size = text.size();
    QString cell;
    bool quoted = false;
    while (pos < size) {
        const QChar c = text[pos];
        if (quoted) {
            if (c == u'"' && pos + 1 < size && text[pos + 1] == u'"') {
                cell.append(u'"');
                pos += 2;
                continue;
            }
            if (c == u'"') {
                quoted = false;
            } else if (isLineEnd(c)) {
                ++record.lines;
                cell.append(u' ');
                pos = skipLineEnd(text, pos);
                continue;
            } else {
                cell.append(c);
            }
            ++pos;
        } else if (c == u'"') {
            quoted = true;
            ++pos;
        } else if (c == separator) {
            record.cells.append(cell);
            cell.clear();
            ++pos;
        } else if (isLineEnd(c)) {
            pos = skipLineEnd(text, pos);
            break;
        } else {
            cell.append(c);
            ++pos;
        }
    }
    record.cells.append(cell);
    record.next = pos;
    return record;
}

} // namespace

QChar CsvLinks::separator(QStringView csv)
{
    int commas = 0;
    int semicolons = 0;
    int tabs = 0;
    bool quoted = false;
    qsizetype start = 0;
    while (start < csv.size() && isLineEnd(csv[start]))
        ++start;
    for (const QChar c : csv.sliced(start)) {
        if (c == u'"')
            quoted = !quoted;
        else if (!quoted && isLineEnd(c))
            break;
        else if (!quoted && c == u',')
            ++commas;
        else if (!quoted && c == u';')
            ++semicolons;
        else if (!quoted && c == u'\t')
            ++tabs;
    }
    if (tabs > commas && tabs >= semicolons)
        return u'\t';
    if (semicolons > commas)
        return u';';
    return u',';
}

QString CsvLinks::toUrlLines(QStringView csv)
{
    if (csv.startsWith(QChar(0xFEFF)))
        csv = csv.sliced(1);
    const QChar sep = separator(csv);
    QString out;
    out.reserve(csv.size());
    qsizetype pos = 0;
    bool header = true;
    while (pos < csv.size()) {
        const Record record = readRecord(csv, pos, sep);
        pos = record.next;
        QStringList links;
        QStringList cells;
        for (const QString &cell : record.cells) {
            for (auto link = LinkScanner::nextLink(cell, 0); link; link = LinkScanner::nextLink(cell, link->end))
                links.append(link->text.toString());
            if (const QString trimmed = cell.trimmed(); !trimmed.isEmpty())
                cells.append(trimmed);
        }
        // A header row names the columns, so no link there is no mistake. Other rows without one
        // become the rejected line's text, recognisable; rows of empty cells stay blank.
        if (!links.isEmpty())
            out += links.join(u' ');
        else if (!header)
            out += cells.join(QStringLiteral(", "));
        header = header && cells.isEmpty();
        out += QString(record.lines, u'\n');
    }
    return out;
}
