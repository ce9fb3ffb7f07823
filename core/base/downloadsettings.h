#pragma once

#include "base/categoryfolders.h"
#include "base/proxysettings.h"
#include "base/timewindow.h"
#include "base/version.h"

#include <QByteArray>
#include <QList>
#include <QNetworkCookie>
#include <QPair>
#include <QSslCertificate>
#include <QString>
#include <QStringView>

#include <optional>

// Every knob of the engine, with the defaults a demanding user expects. Plain data, copied into
// the manager; GUI thread.
struct DownloadSettings {
    static constexpr int kMaxPerHostLimit = 64;
    static constexpr int kMaxSplit = 32;
    static constexpr qint64 kMinSegmentSizeFloor = 1024 * 1024;

    // When the file a download would create already exists in the folder.
    enum class ExistingFile {
        Rename,     // keep both: the new file becomes "name (1).ext"
        Overwrite,  // replace the old file, only once the new one is complete and verified
        Skip,       // do not download; the row ends Completed with a note, pointing at the old file
    };
    // These settings with the limits clamped to what the engine supports and the folder made
    // absolute (the current folder when empty): what the engine runs with.
    DownloadSettings normalized() const;

    // "rename", "overwrite", "skip": how the command line and the settings file spell it.
    static QString nameOf(ExistingFile policy);
    static std::optional<ExistingFile> existingFileNamed(QStringView name);  // any case, trimmed

    QString folder;                 // where files go when an entry names no folder
    int maxConcurrent = 5;          // downloads running at once
    int maxPerHost = 8;             // connections per scheme+host+port (1..64)
    // One file fetched over up to this many connections at once, each taking its own byte range,
    // when the server takes ranges and names a validator (1 = one connection per file; 1..32).
    int split = 4;
    qint64 minSegmentSize = 4 * 1024 * 1024;  // a range is never split into parts smaller than this
    int connectTimeoutMs = 30'000;  // from request to response headers
    int idleTimeoutMs = 30'000;     // no byte received for this long aborts the attempt
    qint64 lowSpeedLimit = 1024;    // bytes/s; 0 switches the watchdog off
    int lowSpeedTimeMs = 60'000;    // ...sustained for this long
    int retries = 5;                // further attempts after a transient failure
    int retryBaseDelayMs = 1000;    // first backoff, doubled per attempt, with jitter
    int retryMaxDelayMs = 60'000;
    int retryAfterCapMs = 300'000;  // a longer Retry-After is cut to this
    int maxRedirects = 20;
    ExistingFile existingFile = ExistingFile::Rename;
    qint64 maxSize = 0;             // bytes; 0 = no limit beyond the disk
    // Speed limits in bytes per second (0 = unlimited): all downloads together, and each one
    // (over all its connections). Applied at once to running transfers.
    qint64 maxOverallBytesPerSecond = 0;
    qint64 maxBytesPerSecond = 0;
    // Queued downloads start only inside this daily window (unset: at any time); running ones
    // go on past its end. Inside slowWindow the overall limit is slowOverallBytesPerSecond
    // (0 = unlimited) instead of maxOverallBytesPerSecond.
    TimeWindow startWindow;
    TimeWindow slowWindow;
    qint64 slowOverallBytesPerSecond = 0;
    QByteArray userAgent = Version::userAgent();  // empty is replaced by the default when normalized
    // Cookies read from cookiesFile (a Netscape cookies.txt) by whoever set it; the engine sends
    // each only where its domain, path, secure flag and expiry allow. Changing them replaces the
    // cookies servers set during the session too.
    QString cookiesFile;
    QList<QNetworkCookie> cookies;
    QList<QPair<QByteArray, QByteArray>> headers;   // sent with every request
    QList<QSslCertificate> extraCaCertificates;      // trusted in addition to the system's
    // --ca-certificate's file as read, before the application object exists to make
    // extraCaCertificates from it; empty afterwards.
    QByteArray extraCaPem = {};
    QString extraCaFile = {};
    ProxySettings proxy;  // applied at once to every connection made after a change
    CategoryFolders categories;  // off by default; applies to downloads added afterwards
};
