#pragma once

#include <QString>

#include <sys/types.h>

// Keeps the database's files private to their owner: they hold request headers, which may carry
// credentials (Authorization, Cookie). The folder is made 0700, the file created 0600 before
// SQLite opens it (SQLite gives its -wal and -shm the database's mode). Plain POSIX calls with
// errno in words; store thread.
class PrivateFiles final
{
public:
    static constexpr mode_t kFolderMode = 0700;
    static constexpr mode_t kFileMode = 0600;

    // strerror_r as text.
    static QString errorText(int error);
    // 0 when something (even a dangling link) has the name, ENOENT when it is free, else errno;
    // the link itself is examined, never its target.
    static int nameState(const QString &path, mode_t *mode = nullptr);
    // mkdir -p with mode 0700 for each folder it makes: 0, or the errno of the first part that
    // could not be made (ENOTDIR when a file is in the way).
    static int makeFolder(const QString &dir);
    // Creates an empty file with mode 0600 (SQLite takes it as a new database) unless something
    // already has the name: 0, or errno.
    static int createFile(const QString &path);
    // Takes group and other permissions off the database and its -wal, -shm and -journal; true
    // when any of them had some. Links and other non-files are left alone.
    static bool restrict(const QString &databasePath);
    // fsync of the folder holding path, so a rename in it survives a power loss.
    static void syncFolderOf(const QString &path);
};
