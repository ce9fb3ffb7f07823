#pragma once

#include <QString>
#include <QStringView>
#include <QUrl>

#include <optional>

// Finds links in one line of text and judges them: where a link starts and ends in running text,
// whether a URL is one Gather may fetch, and how to show untrusted text. Stateless; any thread.
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

    // Why url cannot be fetched, in words; empty if it can, with *parsed set (StrictMode).
    static QString check(QStringView url, qsizetype maxLength, QUrl *parsed);
    static QString unsupportedScheme(QStringView scheme);
    // Equal for URLs that fetch the same resource: no fragment, no default port, "/" for an empty path.
    static QString duplicateKey(const QUrl &url);
    // Whether duplicateKey() of this already checked URL is the text itself, so it need not be
    // formatted again: true for the common lower-case, unescaped http(s) URL with a path.
    static bool isOwnDuplicateKey(QStringView url);

    // Untrusted text made safe to show: trimmed, controls, bidi and zero-width characters replaced
    // by U+FFFD, cut to about limit characters with an ellipsis.
    static QString displayText(QStringView text, qsizetype limit = 200);
    static bool hasHiddenCharacter(QStringView text);
};
