#pragma once

#include "base/downloadsettings.h"
#include "base/result.h"

#include <QJsonObject>

class RemoteFolders;

// aria2's global options over Gather's settings: what getGlobalOption reports and what
// changeGlobalOption may change (max-overall-download-limit, max-download-limit,
// max-concurrent-downloads, max-connection-per-server, split, dir, user-agent). Every value is
// checked before any applies; other options are ignored as aria2 ignores ones that are not
// changeable, BitTorrent and Metalink ones refused. Stateless; GUI thread.
class Aria2GlobalOptions final
{
public:
    static QJsonObject of(const DownloadSettings &settings);
    // settings with options applied, or the sentence for the first value that is wrong.
    static Result<DownloadSettings> changed(DownloadSettings settings, const QJsonObject &options,
                                           const RemoteFolders &folders);
};
