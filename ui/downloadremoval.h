#pragma once

#include "base/downloadstate.h"
#include "engine/download.h"
#include "lossprompt.h"

#include <QCoreApplication>
#include <QList>
#include <QStringList>

#include <functional>
#include <initializer_list>

class AppSettings;
class DownloadManager;
class QWidget;

// Cancels and removes downloads for the window's commands, asking first whatever would be lost:
// progress (LossPrompt) before Cancel or Remove, the files before Remove and Delete File; tidying
// the list by state asks nothing and keeps every file. GUI thread.
class DownloadRemoval final
{
    Q_DECLARE_TR_FUNCTIONS(DownloadRemoval)
    Q_DISABLE_COPY_MOVE(DownloadRemoval)

public:
    // Asked before files are deleted; gets their names, returns true to go ahead.
    using ConfirmDelete = std::function<bool(const QStringList &fileNames)>;
    // Asked before Cancel or Remove loses progress (LossPrompt::ask by default); true to go ahead.
    using ConfirmLoss = std::function<bool(const LossPrompt::Question &question)>;

    // dialogParent is the parent of the confirmation boxes.
    DownloadRemoval(DownloadManager *manager, QWidget *dialogParent);

    void setConfirmDelete(ConfirmDelete confirm) { m_confirmDelete = std::move(confirm); }
    void setConfirmLoss(ConfirmLoss confirm) { m_confirmLoss = std::move(confirm); }
    // Where "Don't ask again" is kept; may stay null (then the prompt always asks).
    void setAppSettings(AppSettings *settings) { m_appSettings = settings; }

    // Each is true when it told the manager: there was something to do and nobody said no.
    bool cancel(const QList<DownloadId> &ids);
    bool remove(const QList<DownloadId> &ids);
    bool removeAndDelete(const QList<DownloadId> &ids);
    // Takes every download in one of these states out of the list, files and .parts kept.
    bool removeIn(std::initializer_list<DownloadState> states);

private:
    // The downloads among ids that would lose progress: unfinished ones with bytes on disk.
    LossPrompt::Question lossIn(const QList<DownloadId> &ids, LossPrompt::Kind kind) const;
    bool defaultConfirm(const QStringList &fileNames);

    DownloadManager *m_manager = nullptr;
    QWidget *m_dialogParent = nullptr;
    ConfirmDelete m_confirmDelete;
    ConfirmLoss m_confirmLoss;
    AppSettings *m_appSettings = nullptr;
};
