#pragma once

#include "base/downloaderror.h"

#include <QString>
#include <QUrl>

#include <optional>

struct ResponseInfo;

// What a SegmentedTransfer tells its Download, each call the last thing the transfer does in
// that handler. An interface, so that 100,000 downloads need no signal connections for it; GUI
// thread.
class TransferListener
{
public:
    virtual void transferResponded(const ResponseInfo &info) = 0;  // a connection's answer was accepted
    virtual void transferRedirected(const QUrl &to) = 0;
    virtual void transferComplete() = 0;                           // every byte is handed to the file
    virtual void transferFailed(const DownloadError &error, std::optional<qint64> retryAfterMs, bool mustRestart) = 0;
    virtual void transferMadeProgress() = 0;                  // a connection delivered real data: retries start over
    virtual void transferRestarted(const QString &why) = 0;   // bytes already received were thrown away

protected:
    ~TransferListener() = default;
};
