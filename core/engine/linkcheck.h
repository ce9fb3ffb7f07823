#pragma once

#include "base/downloaderror.h"

#include <QByteArray>
#include <QStringList>
#include <QUrl>

// What answers say of a file: its size and validators. Plain data; any thread.
struct LinkFacts {
    qint64 total = -1;  // -1 unknown
    QByteArray etag;
    QByteArray lastModified;

    bool hasValidator() const;  // a strong ETag or a Last-Modified: what a resume can be checked against
    friend bool operator==(const LinkFacts &, const LinkFacts &) = default;
};

// What a check of a new link for an unfinished download found: whether the new link serves the
// same file as the download's (size, ETag, Last-Modified), what differs in words, and whether the
// bytes kept may still be continued from it. Made by compare() or failed(); plain data; any thread.
struct LinkCheck {
    enum class Verdict {
        Same,     // every known fact agrees and a validator proves it (or the download kept nothing)
        Differs,  // something differs, or nothing could prove it is the same file: the caller chooses
        Failed,   // the new link could not be asked (error says why); nothing changed
    };

    Verdict verdict = Verdict::Failed;
    QUrl url;             // the new link as given
    LinkFacts here;       // the download's file as its earlier answers described it
    LinkFacts there;      // the new link's answer
    QStringList differences;  // "size 3.0 GiB here, 2.9 GiB at the new link", "ETag changed", ...
    bool keepAllowed = false;  // Differs: keeping the bytes is still possible (size agrees or is unknown)
    QString keepRefusal;       // Differs, !keepAllowed: why the bytes cannot be kept
    DownloadError error;       // Failed
    bool nothingKept = false;  // Same because the download had no byte to keep, not by comparison

    // Compares here with there. Same needs both sizes known and equal, and a validator both
    // sides name that agrees (a strong ETag, or Last-Modified); a validator both name must agree.
    static LinkCheck compare(const QUrl &url, const LinkFacts &here, const LinkFacts &there);
    static LinkCheck failed(const QUrl &url, const LinkFacts &here, const DownloadError &error);
    // The differences as one sentence for a note or a status bar.
    QString summary() const;
};
