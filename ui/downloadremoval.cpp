#include "downloadremoval.h"

#include "base/shownurl.h"
#include "engine/downloadcommands.h"
#include "engine/downloadmanager.h"

#include <QMessageBox>
#include <QPushButton>

#include <algorithm>

DownloadRemoval::DownloadRemoval(DownloadManager *manager, QWidget *dialogParent)
    : m_manager(manager)
    , m_dialogParent(dialogParent)
{
    m_confirmDelete = [this](const QStringList &names) { return defaultConfirm(names); };
    m_confirmLoss = [this](const LossPrompt::Question &question) {
        return LossPrompt::ask(m_dialogParent, m_appSettings, question);
    };
}

bool DownloadRemoval::removeIn(std::initializer_list<DownloadState> states)
{
    QList<DownloadId> ids;
    for (DownloadId id : m_manager->ids()) {
        const Download *d = m_manager->download(id);
        if (d && std::find(states.begin(), states.end(), d->state()) != states.end())
            ids.append(id);
    }
    if (ids.isEmpty())
        return false;
    // remove(), not removeAndDelete(): tidying the list never touches a file or a .part.
    m_manager->remove(ids);
    return true;
}

LossPrompt::Question DownloadRemoval::lossIn(const QList<DownloadId> &ids, LossPrompt::Kind kind) const
{
    LossPrompt::Question question;
    question.kind = kind;
    for (DownloadId id : ids) {
        const Download *d = m_manager->download(id);
        if (!d || d->state() == DownloadState::Completed || d->bytesReceived() <= 0)
            continue;
        if (kind == LossPrompt::Kind::Cancel && !DownloadCommands::allows(DownloadCommand::Cancel, d->state()))
            continue;
        question.names.append(d->fileName().isEmpty() ? ShownUrl::of(d->url()) : d->fileName());
        question.bytes += d->bytesReceived();
    }
    return question;
}

bool DownloadRemoval::cancel(const QList<DownloadId> &ids)
{
    if (ids.isEmpty())
        return false;
    const LossPrompt::Question question = lossIn(ids, LossPrompt::Kind::Cancel);
    if (!question.names.isEmpty() && !m_confirmLoss(question))
        return false;
    for (DownloadId id : ids)
        m_manager->cancel(id);
    return true;
}

bool DownloadRemoval::remove(const QList<DownloadId> &ids)
{
    // One call for the whole selection: the manager and the model remove 100,000 rows at once
    // in far less time than a few thousand one by one.
    if (ids.isEmpty())
        return false;
    const LossPrompt::Question question = lossIn(ids, LossPrompt::Kind::Remove);
    if (!question.names.isEmpty() && !m_confirmLoss(question))
        return false;
    m_manager->remove(ids);
    return true;
}

bool DownloadRemoval::removeAndDelete(const QList<DownloadId> &ids)
{
    if (ids.isEmpty())
        return false;
    QStringList names;
    for (DownloadId id : ids) {
        if (const Download *d = m_manager->download(id))
            names.append(d->fileName().isEmpty() ? d->url().fileName() : d->fileName());
    }
    if (!m_confirmDelete(names))
        return false;
    m_manager->removeAndDelete(ids);
    return true;
}

bool DownloadRemoval::defaultConfirm(const QStringList &fileNames)
{
    const int count = int(fileNames.size());
    const QString question = count == 1 ? tr("Delete this file from disk?")
                                        : tr("Delete these %1 files from disk?").arg(count);
    QMessageBox box(QMessageBox::Warning, tr("Delete Files"), question, QMessageBox::Cancel, m_dialogParent);
    QStringList shown = fileNames.mid(0, 8);
    if (count > shown.size())
        shown.append(tr("\u2026and %1 more").arg(count - shown.size()));
    box.setInformativeText((count == 1 ? tr("The download is removed from the list and its file, finished or partial, "
                                            "is deleted. This cannot be undone.\n\n")
                                       : tr("The downloads are removed from the list and their files, finished or "
                                            "partial, are deleted. This cannot be undone.\n\n"))
                           + shown.join(QLatin1Char('\n')));
    QAbstractButton *remove = box.addButton(count == 1 ? tr("Delete File") : tr("Delete %1 Files").arg(count),
                                            QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == remove;
}
