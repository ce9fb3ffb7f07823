#pragma once

#include <QString>

class QSqlError;

// What SQLite's result codes mean to the store. QSQLITE turns extended result codes on and puts
// the number in QSqlError::nativeErrorCode(), so only the low 8 bits name the primary code.
// Plain functions; store thread.
namespace SqliteCode {

constexpr int kError = 1;          // SQLITE_ERROR: generic, e.g. a table that is not ours
constexpr int kCorrupt = 11;       // SQLITE_CORRUPT: "database disk image is malformed"
constexpr int kFull = 13;          // SQLITE_FULL: the disk (or quota) is full
constexpr int kNotADatabase = 26;  // SQLITE_NOTADB: "file is not a database"

// The primary result code of a failed statement, 0 when there is none.
int primary(const QSqlError &error);
// The file itself is damaged or not a database: worth moving aside, never worth retrying.
bool isDamage(const QSqlError &error);
// SQLite's own words for the failure ("database or disk is full"), else Qt's.
QString words(const QSqlError &error);

} // namespace SqliteCode
