#pragma once

#include "base/result.h"

#include <QString>
#include <QStringView>
#include <QUrl>

#include <optional>

// Finds links in one line of text and judges them: where a link starts and ends in running text,
// and whether a URL is one Gather may fetch. Stateless; any thread.
class LinkScanner final
{
public:
    struct Link {
        QStringView text;    // the link, without trailing sentence punctuation
        QStringView scheme;  // as written
        bool http = false;
        qsizetype end = 0;   // where scanning goes on
    };

    // Whether text starts with "http://" or "https://", in any case.
    static bool startsWithHttp(QStringView text);
    // Whether text starts with a link of any scheme ("https:", "ftp://", "javascript:") rather
    // than with running text.
    static bool startsWithLink(QStringView text);
    // Whether text is only links separated by whitespace.
    static bool isLinksSeparatedBySpaces(QStringView text);
    // The first link in text at or after from, or nullopt.
    static std::optional<Link> nextLink(QStringView text, qsizetype from);

    // The URL parsed (StrictMode) when Gather can fetch it, else why not, in words.
    static Result<QUrl> check(QStringView url, qsizetype maxLength);
    static QString unsupportedScheme(QStringView scheme);
};
