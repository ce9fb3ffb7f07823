#pragma once

#include "base/result.h"

#include <QList>
#include <QString>
#include <QStringView>

#include <functional>

using DownloadId = quint64;

// aria2's GID for a Gather download: its DownloadId as 16 lower-case hex digits, so a GID stays
// the same across restarts (the store keeps the ids). Stateless; any thread.
class GidText final
{
public:
    static constexpr qsizetype kDigits = 16;

    static QString of(DownloadId id);
    // The download text names: all 16 digits (any case), or a prefix that names exactly one of
    // ids, as aria2 accepts; otherwise aria2's own sentence ("GID ... is not found", "Invalid
    // GID ...", "GID ... is not unique").
    static Result<DownloadId> resolve(QStringView text, const std::function<bool(DownloadId)> &exists,
                                      const QList<DownloadId> &ids);
};
