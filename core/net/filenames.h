#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>
#include <optional>

// Server- and URL-derived file names, made safe: the Content-Disposition parser (RFC 6266 and
// RFC 8187 filename*), the sanitiser (one leaf, no traversal, no control/bidi characters,
// Windows rules everywhere, byte-length cap) and the choice between sources. Stateless.
class FileNames final
{
public:
    static constexpr int kMaxNameBytes = 240;  // leaves room for " (999)" and ".part" under 255

    // The filename from a Content-Disposition header value: filename* preferred, then filename.
    // nullopt when absent, ambiguous or undecodable. Not yet sanitised.
    static std::optional<QString> fromContentDisposition(const QByteArray &headerValue);

    // The last path segment of url, percent-decoded once. Not yet sanitised. Empty if none.
    static QString fromUrl(const QUrl &url);

    // One safe leaf name, or an empty string when nothing usable remains (caller falls back).
    // A name containing '/' or '\\' or equal to "." / ".." is rejected (empty), not repaired.
    static QString sanitize(const QString &name);

    // The whole choice: requested (aria2 out=) > Content-Disposition > URL path > "download"
    // plus an extension from the MIME type. Always returns a non-empty safe leaf.
    static QString choose(const QString &requested, const QByteArray &contentDisposition,
                          const QUrl &url, const QString &mimeType);
};
