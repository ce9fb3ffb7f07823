#include "store/storeschema.h"

#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace {

// Append only: a step that shipped is never edited, since files out there were made by it.
const QList<QStringList> &steps()
{
    static const QList<QStringList> all{
        // 0 -> 1: the download list. Texts stay nullable: a null QString binds as NULL.
        {
            u"CREATE TABLE downloads (\n"
            "  id INTEGER PRIMARY KEY,\n"
            "  position INTEGER NOT NULL,\n"
            "  url TEXT,\n"
            "  line INTEGER NOT NULL DEFAULT 0,\n"
            "  out_name TEXT,\n"
            "  dir TEXT,\n"
            "  checksum TEXT,\n"           // "sha-256=HEX"; NULL when none
            "  headers TEXT,\n"            // JSON [[name, value], ...], bytes as Latin-1
            "  final_url TEXT,\n"
            "  state TEXT NOT NULL,\n"     // by name (StoreNames), never the enum's number
            "  file_name TEXT,\n"
            "  part_path TEXT,\n"
            "  final_path TEXT,\n"
            "  existing_file TEXT,\n"      // "rename", "overwrite", "skip"
            "  total_bytes INTEGER NOT NULL DEFAULT -1,\n"
            "  bytes_written INTEGER NOT NULL DEFAULT 0,\n"
            "  durable TEXT,\n"            // "begin-end,begin-end": fsynced ranges of the .part
            "  etag BLOB,\n"
            "  last_modified BLOB,\n"
            "  added_at INTEGER,\n"        // ms since the epoch, UTC; NULL when unknown
            "  finished_at INTEGER,\n"
            "  attempts INTEGER NOT NULL DEFAULT 0,\n"
            "  error_kind TEXT,\n"         // by name (StoreNames)
            "  error_message TEXT,\n"
            "  error_retryable INTEGER NOT NULL DEFAULT 0,\n"
            "  note TEXT\n"
            ")"_s,
        },
        // 1 -> 2: a download's own connections and speed limit; NULL follows the settings.
        {
            u"ALTER TABLE downloads ADD COLUMN split INTEGER"_s,
            u"ALTER TABLE downloads ADD COLUMN max_bytes_per_second INTEGER"_s,  // 0 = unlimited
        },
    };
    return all;
}

} // namespace

int StoreSchema::latestVersion()
{
    return static_cast<int>(steps().size());
}

QStringList StoreSchema::step(int from)
{
    return from >= 0 && from < latestVersion() ? steps().at(from) : QStringList();
}

std::optional<int> StoreSchema::versionOf(const QSqlDatabase &db, QSqlError *error)
{
    QSqlQuery query(db);
    if (!query.exec(u"PRAGMA user_version"_s) || !query.next()) {
        *error = query.lastError();
        return std::nullopt;
    }
    return query.value(0).toInt();
}

QSqlError StoreSchema::migrate(const QSqlDatabase &db, int from)
{
    for (int version = from; version < latestVersion(); ++version) {
        QSqlQuery query(db);
        if (!query.exec(u"BEGIN IMMEDIATE"_s))
            return query.lastError();
        QStringList statements = step(version);
        // PRAGMA takes no placeholders; the number is ours.
        statements.append(u"PRAGMA user_version = "_s + QString::number(version + 1));
        for (const QString &statement : std::as_const(statements)) {
            if (!query.exec(statement)) {
                const QSqlError error = query.lastError();
                query.exec(u"ROLLBACK"_s);
                return error;
            }
        }
        if (!query.exec(u"COMMIT"_s)) {
            const QSqlError error = query.lastError();
            query.exec(u"ROLLBACK"_s);
            return error;
        }
    }
    return {};
}
