#pragma once

#include "base/result.h"

#include <QByteArrayView>
#include <QDateTime>
#include <QList>
#include <QNetworkCookie>
#include <QString>
#include <QStringList>

// Reads the Netscape cookies.txt format that curl, wget and aria2 write and read: one cookie per
// line, seven tab-separated fields (domain, include subdomains, path, secure, expiry, name,
// value). Stateless; any thread.
class NetscapeCookies final
{
public:
    // A cookies file is a few kilobytes; more than this is not one, and is not read into memory.
    static constexpr qint64 kMaxFileSize = 4 * 1024 * 1024;
    static constexpr int kMaxProblemsKept = 20;

    struct Parsed {
        QList<QNetworkCookie> cookies;  // usable now: expired ones are left out
        QStringList problems;           // "line 3: ...", the first kMaxProblemsKept of them
        int malformed = 0;              // lines that are not a cookie (all of them, not only those kept)
        int expired = 0;
    };

    // The cookies in text, judged against now (UTC). A malformed line is skipped and reported,
    // never fatal: one odd line must not lose a whole browser export.
    static Parsed parse(QByteArrayView text, const QDateTime &now);
    // The cookies in the file at path; an error when it cannot be read, is larger than
    // kMaxFileSize or holds no usable cookie, saying which.
    static Result<Parsed> load(const QString &path, const QDateTime &now = QDateTime::currentDateTimeUtc());

    // cookies as a cookies.txt that parse() reads back: a domain cookie with a leading dot and
    // TRUE, a host-only one with FALSE, "#HttpOnly_" where set, a session cookie with expiry 0
    // (as aria2's --save-cookies writes them). A cookie a line cannot carry (a tab or line break
    // in it) is left out rather than written broken.
    static QByteArray format(const QList<QNetworkCookie> &cookies);
    // format() into path, replacing it whole or not at all (QSaveFile), readable by its owner
    // only: cookies are credentials. The reason in words on failure.
    static Result<void> save(const QString &path, const QList<QNetworkCookie> &cookies);
};
