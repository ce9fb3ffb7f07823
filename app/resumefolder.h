#pragma once

#include "base/result.h"

#include <QLockFile>
#include <QString>

#include <memory>

class DownloadStore;

// Where a headless run keeps what it needs to continue after Ctrl-C, a crash or a power cut: a
// ".gather" folder inside the download folder, holding the download list (a DownloadStore) and
// a lock, so that two runs into one folder cannot tread on each other's files while runs into
// different folders work side by side. It travels with the folder, like aria2's control files.
// Main thread.
class ResumeFolder final
{
    Q_DISABLE_COPY_MOVE(ResumeFolder)

public:
    static constexpr auto kFolderName = ".gather";

    // Makes "<folder>/.gather" (mode 0700) and takes its lock; says who holds it when another
    // run does. A lock left by a run that died is taken over.
    static Result<std::unique_ptr<ResumeFolder>> open(const QString &folder);
    ~ResumeFolder();

    DownloadStore *store() const { return m_store.get(); }
    // Once nothing is left to continue: closes the store (waiting for its last commit) and
    // removes the folder, so a finished run leaves only its files behind, as aria2 removes its
    // control files. The lock is held until the database is gone.
    void discard();
    QString path() const { return m_path; }

private:
    explicit ResumeFolder(QString path);

    QString m_path;
    QLockFile m_lock;
    std::unique_ptr<DownloadStore> m_store;
};
