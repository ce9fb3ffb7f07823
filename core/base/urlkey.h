#pragma once

#include <QString>
#include <QStringView>
#include <QUrl>

// The identity of a resource for duplicate detection: equal keys for URLs that fetch the same
// thing (no fragment, no default port, "/" for an empty path). Used by list parsing and by the
// engine's "already in the list" lookup. Stateless; any thread.
class UrlKey final
{
public:
    static QString of(const QUrl &url);
    // Whether of() of this already checked URL is the text itself, so it need not be formatted
    // again: true for the common lower-case, unescaped http(s) URL with a path.
    static bool isOwnKey(QStringView url);
};
