#pragma once

#include "base/downloaderror.h"
#include "base/downloadstate.h"

#include <QString>
#include <QStringView>

#include <optional>

// The names the database spells states and error kinds with. Rows keep names, not enum numbers,
// so reordering or inserting an enum value can never change what an old file means; these two
// tables are the only place the spelling lives. Plain functions; any thread.
class StoreNames final
{
public:
    static QString stateName(DownloadState state);
    static std::optional<DownloadState> stateNamed(QStringView name);

    static QString errorKindName(ErrorKind kind);
    static std::optional<ErrorKind> errorKindNamed(QStringView name);
};
