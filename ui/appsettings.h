#pragma once

#include "base/downloadsettings.h"
#include "base/timewindow.h"
#include "net/cookiesfilecache.h"
#include "remoteaccess.h"

#include <QObject>
#include <QString>

class QSettings;

// The preferences a person may change in the Settings dialog, read from and written to one
// QSettings store, validated and clamped on load so a hand-edited file cannot break anything.
// The store holds the proxy password, so its file is kept readable by its owner only. GUI thread.
class AppSettings final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppSettings)

public:
    // What closing the main window does while downloads are unfinished.
    enum class CloseAction { Ask, KeepInTray, Quit };

    // Limits the dialog offers and the loader clamps to.
    static constexpr int kMaxConcurrentLimit = 64;
    static constexpr int kMaxTimeoutSeconds = 3600;
    static constexpr int kMaxRetries = 20;
    static constexpr int kMaxLimitKiB = 10 * 1024 * 1024;  // 10 GiB/s: more is no limit
    static constexpr int kMinRemotePort = 1024;  // below needs privileges a desktop program lacks
    static constexpr qint64 kMaxMinSegmentSize = qint64(1024) * 1024 * 1024;

    struct Values {
        QString folder;                 // absolute
        int maxConcurrent = DownloadSettings{}.maxConcurrent;
        int maxPerHost = DownloadSettings{}.maxPerHost;
        int split = DownloadSettings{}.split;
        qint64 minSegmentSize = DownloadSettings{}.minSegmentSize;  // bytes
        int connectTimeoutSeconds = DownloadSettings{}.connectTimeoutMs / 1000;
        int idleTimeoutSeconds = DownloadSettings{}.idleTimeoutMs / 1000;
        int retries = DownloadSettings{}.retries;
        int overallLimitKiB = 0;        // KiB per second for all downloads together; 0 = unlimited
        int downloadLimitKiB = 0;       // KiB per second for each download; 0 = unlimited
        TimeWindow startWindow;         // queued downloads start only inside it; unset = any time
        TimeWindow slowWindow;          // inside it slowLimitKiB replaces overallLimitKiB
        int slowLimitKiB = 1024;
        DownloadSettings::ExistingFile existingFile = DownloadSettings{}.existingFile;
        bool addDialogOnDrop = true;    // false: dropped or pasted links start at once
        CloseAction closeAction = CloseAction::Ask;
        bool notifyOnFinish = true;
        bool resumeOnStart = true;      // unfinished downloads of the kept list go on when Gather starts
        bool askBeforeLosingProgress = true;  // Cancel, or Remove of unfinished downloads, asks first
        QString cookiesFile;            // a Netscape cookies.txt; empty = no cookies
        QString userAgent;              // empty = the default, Gather/VERSION
        ProxySettings proxy;            // the password too: the store file is made private
        CategoryFolders categories;     // a folder per file type; off by default
        bool watchClipboard = false;    // links copied to the clipboard are offered in the Add dialog
        RemoteAccess remote;            // aria2 JSON-RPC for extensions and scripts; off by default

        bool operator==(const Values &other) const = default;
    };

    // Reads store at once; store must outlive this object.
    explicit AppSettings(QSettings *store, QObject *parent = nullptr);

    const Values &values() const { return m_values; }
    // Clamps, writes to the store and emits changed().
    void setValues(const Values &values);
    // Reads the store again (e.g. after another program edited it); emits changed() if different.
    void reload();

    // base with the fields the user controls replaced; the rest (headers, ...) kept. Reads the
    // cookies file when it changed since the last call (capped at 4 MiB); one that cannot be
    // used gives no cookies, and the dialog says why before it is saved.
    DownloadSettings downloadSettings(DownloadSettings base = {}) const;

    static Values defaults();  // folder: the desktop's Downloads folder
    static Values clamped(Values values);
    // text as an absolute, clean folder path ("~/" expanded), or empty when it is not absolute
    // (a relative path would depend on where the program happened to be started).
    static QString normalizedFolder(const QString &text);
    // The user agent as stored: printable ASCII, trimmed; anything else is empty (the default).
    static QString normalizedUserAgent(const QString &text);

Q_SIGNALS:
    void changed();

private:
    Values read() const;
    void makeStorePrivate() const;

    QSettings *m_store;
    Values m_values;
    mutable CookiesFileCache m_cookiesFile;  // downloadSettings() is a read; the cache is not what it reads
};
