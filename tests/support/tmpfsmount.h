#pragma once

#include <QString>
#include <QtGlobal>

// A small tmpfs mounted for one test (needs root), for disk faults a normal folder cannot produce:
// "size=1m" to fill it up, "ro" for a read-only filesystem. Unmounted on destruction; used from
// the test's main thread.
class TmpfsMount final
{
    Q_DISABLE_COPY_MOVE(TmpfsMount)

public:
    // Creates path if needed and mounts there; isMounted() says whether it worked (QSKIP if not).
    TmpfsMount(const QString &path, const QString &options);
    ~TmpfsMount();

    bool isMounted() const { return m_mounted; }

private:
    QString m_path;
    bool m_mounted = false;
};
