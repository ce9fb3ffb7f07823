#pragma once

#include "base/downloaderror.h"

#include <QByteArray>
#include <QString>

#include <sys/types.h>

// The few POSIX file-system calls the .part file needs that Qt does not offer (no symlink
// following, rename without replacing), with errno in words. Plain functions; pool threads.
namespace PosixFs {

// strerror_r as text.
QString errorText(int error);
// The error for a failed call; what completes "Cannot ...", e.g. "write to /home/u/a.iso.part".
// ENOSPC and EDQUOT are DiskFull, everything else Disk.
DownloadError diskError(int error, const QString &what);
// A path as the file system wants it (QFile::encodeName).
QByteArray encoded(const QString &path);
// 0 when something (even a dangling symlink) is there, ENOENT when the name is free, else errno.
int nameState(const QString &path, mode_t *mode = nullptr);
// mkdir -p: 0, or the errno of the first part that could not be made (ENOTDIR for a file).
int makePath(const QByteArray &dir);
// Returns 0 or errno; EEXIST means the target name is taken and nothing was changed.
int renameNoReplace(const QByteArray &from, const QByteArray &to);

} // namespace PosixFs
