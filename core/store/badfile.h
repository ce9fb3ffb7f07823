#pragma once

#include "base/result.h"

#include <QDateTime>
#include <QString>

// Moves a database Gather cannot use out of the way, so a new one can start under the same name
// while the old bytes stay for whoever wants to look at them. Its -wal, -shm and -journal go
// with it: left behind, SQLite would apply them to the new file. Plain functions; store thread,
// with the connection to the file closed.
class BadFile final
{
public:
    // Renames path to "<path>.bad-YYYYMMDD-HHMMSS" (UTC; "-2", "-3", ... when that is taken)
    // and its companions to the same name plus "-wal", "-shm", "-journal". Returns the sentence
    // for a person: "The download list at <path> <what>, so it was moved aside to <new path> and
    // a new, empty list was started." Or, when nothing was moved, "it could not be moved aside
    // (<reason>)".
    static Result<QString> moveAside(const QString &path, const QString &what,
                                     const QDateTime &nowUtc = QDateTime::currentDateTimeUtc());

    // "<path>.bad-YYYYMMDD-HHMMSS" (number > 1 appends "-<number>").
    static QString asideName(const QString &path, const QDateTime &nowUtc, int number = 1);
};
