#pragma once

#include "base/urlentry.h"

#include <QList>
#include <QString>
#include <QStringView>

// A line of input that did not become a download, with the reason in words. Plain data.
struct RejectedLine {
    int line = 0;   // 1-based
    QString text;   // the offending text, trimmed and cut to a displayable length
    QString reason;
    // The file or text it came from when several were read together, else empty. The initialiser
    // lets brace initialisation leave it out without -Wmissing-field-initializers.
    QString source = {};
};

// A URL seen again; the first occurrence is the one kept. Plain data.
struct DuplicateUrl {
    int line = 0;
    QUrl url;
    int firstLine = 0;
    QString source = {};       // as RejectedLine::source
    QString firstSource = {};  // where the kept first occurrence came from, likewise
};

struct ParsedUrlList {
    QList<UrlEntry> entries;       // input order
    QList<RejectedLine> rejected;  // input order
    QList<DuplicateUrl> duplicates;  // input order; the first kMaxDuplicateRows of them
    qsizetype duplicateCount = 0;    // all of them, listed or not
};

// Turns URL lists as people have them (plain lines, running text, text/uri-list, aria2 input
// files) into entries, rejections and duplicates. Stateless; safe on any thread. A long list is
// parsed on all cores by helper threads that live for one call; the result does not depend on them.
class UrlListParser final
{
public:
    static constexpr qsizetype kMaxLineLength = 64 * 1024;
    static constexpr qsizetype kMaxUrlLength = 16 * 1024;
    static constexpr qsizetype kMaxEntries = 1'000'000;  // URL lines, duplicates included
    // Duplicates past this many are counted, not listed: a list of one URL repeated a million
    // times must not hold a million copies of it.
    static constexpr qsizetype kMaxDuplicateRows = 10'000;

    static ParsedUrlList parse(QStringView text);
    // The same with a different entry limit, so the limit can be tested without a million lines.
    static ParsedUrlList parse(QStringView text, qsizetype maxEntries);
};
