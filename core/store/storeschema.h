#pragma once

#include <QSqlError>
#include <QString>
#include <QStringList>

#include <optional>

class QSqlDatabase;

// The database's layout and its versions. PRAGMA user_version says which version a file has;
// each step below brings it one version further in one transaction that also sets user_version,
// so a crash mid-migration leaves the previous version intact. A new database runs every step
// from version 0, so new and migrated files cannot drift apart. Adding version 3 means
// appending a step here and a fixture under tests/data/. Plain functions; store thread.
class StoreSchema final
{
public:
    // The newest version this build writes (and the newest it can read).
    static int latestVersion();

    // The statements that turn version `from` into version from + 1.
    static QStringList step(int from);

    // The file's user_version, or nullopt with error set when it cannot be read.
    static std::optional<int> versionOf(const QSqlDatabase &db, QSqlError *error);

    // Runs the steps from `from` to latestVersion(); an error of type NoError when it worked.
    static QSqlError migrate(const QSqlDatabase &db, int from);
};
