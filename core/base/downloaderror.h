#pragma once

#include <QString>

// A failure as a value: what kind of thing went wrong and a sentence a person understands.
// Plain data; used on every thread.
enum class ErrorKind {
    None,
    InvalidInput,  // the URL or an option was unusable
    Network,       // refused, reset, DNS, closed early
    Timeout,       // connect, idle or low-speed watchdog
    Tls,           // certificate or handshake problem
    Http,          // the server answered with an error status
    Protocol,      // the server's answer broke the rules (wrong range, bad redirect, ...)
    Disk,          // the folder or the file could not be written
    DiskFull,
    Checksum,
    TooLarge,
    Cancelled,
};

struct DownloadError {
    ErrorKind kind = ErrorKind::None;
    QString message;
    bool retryable = false;
    // At most this many retries for this failure, below the settings' count; -1 = no lower cap.
    int maxRetries = -1;

    bool isError() const { return kind != ErrorKind::None; }
    static DownloadError none() { return {}; }
    static DownloadError make(ErrorKind kind, const QString &message, bool retryable = false)
    {
        return DownloadError{kind, message, retryable};
    }
    friend bool operator==(const DownloadError &, const DownloadError &) = default;
};
