#pragma once

#include <QString>
#include <QStringList>

class QSqlDatabase;

// Opens the store's SQLite connection whatever is found at the path, so Gather always starts:
// creates a new file (0600, in a 0700 folder), migrates an older one, moves a damaged one or one
// from a newer Gather aside and starts again, and falls back to a database in memory when the
// path cannot hold one at all. Used by the StoreWorker, on the store thread that owns the
// connection (SQLite connections stay in the thread that made them).
class DatabaseOpener final
{
public:
    struct Outcome {
        bool persistent = false;  // false: in memory, nothing outlives the session
        QStringList problems;     // one sentence for a person per bad state found
    };

    // Opens db (a QSQLITE connection, not yet open) on path, ready for reads and writes.
    static Outcome open(QSqlDatabase &db, const QString &path);

private:
    enum class Verdict {
        Ready,
        Damaged,   // not a database, or a broken one: move it aside
        Newer,     // written by a newer Gather: move it aside, never touch it
        Unusable,  // the path cannot hold a database: use memory
    };
    struct Attempt {
        Verdict verdict = Verdict::Ready;
        QString reason;  // in words, for Damaged and Unusable
        int version = 0;
    };

    static Attempt attempt(QSqlDatabase &db, const QString &name);
    static QString prepare(const QString &path, bool *permissionsFixed);
    static Outcome inMemory(QSqlDatabase &db, Outcome outcome, const QString &why);
};
