#pragma once

#include "base/downloaderror.h"

#include <QString>

// What a DownloadFile tells its Download about the writer. An interface, so that 100,000
// downloads need no signal connections for it; GUI thread.
class FileListener
{
public:
    virtual void fileOpened() = 0;
    virtual void fileSkipped(const QString &existingPath) = 0;  // nothing was made; the writer is gone
    virtual void fileProgressed() = 0;                          // written() grew
    virtual void fileDrained() = 0;                             // canAccept() again
    virtual void fileDurableChanged() = 0;
    virtual void fileFinished() = 0;                            // verified and renamed: finalPath() is the file
    virtual void fileFailed(const DownloadError &error) = 0;    // the .part (if any) is kept and closed
    virtual void fileClosed() = 0;

protected:
    ~FileListener() = default;
};
