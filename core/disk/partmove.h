#pragma once

#include "base/result.h"

#include <QString>

// Moves an unfinished download's ".part" into another folder, durably: a rename within one file
// system, else a copy that is fsynced before the original goes; both folders' entries synced. The
// name never replaces a file that is there (the file or its .part). Stateless; a pool thread.
class PartMove final
{
public:
    // Moves partPath to "<folder>/<leaf>.part", making folder if missing. Returns the new path.
    static Result<QString> move(const QString &partPath, const QString &leaf, const QString &folder);

private:
    static Result<void> copyThenUnlink(const QString &from, const QString &to);
    // Copies size bytes from in to out and fsyncs out: 0, or the errno that stopped it.
    static int copyBytes(int in, int out, qint64 size);
};
