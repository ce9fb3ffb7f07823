#pragma once

#include <QString>
#include <QStringView>

// Turns a CSV or TSV export into lines the URL list parser reads: each record becomes the links
// found in its cells, on the record's first line, so a separator never ends up inside a URL and
// line numbers stay those of the file. Stateless; any thread.
class CsvLinks final
{
public:
    static QString toUrlLines(QStringView csv);
    // ',', ';' or TAB: whichever the first non-empty line uses most outside quotes.
    static QChar separator(QStringView csv);
};
