#include "changelinkaction.h"

#include "changelinkdialog.h"
#include "downloadactions.h"
#include "engine/downloadmanager.h"
#include "engine/linkchanges.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QItemSelectionModel>
#include <QKeySequence>
#include <QWidget>

ChangeLinkAction::ChangeLinkAction(DownloadManager *manager, DownloadActions *actions, QItemSelectionModel *selection,
                                   QWidget *dialogParent)
    : QObject(dialogParent)
    , m_manager(manager)
    , m_actions(actions)
    , m_selection(selection)
    , m_dialogParent(dialogParent)
    , m_action(new QAction(tr("Change &Link\u2026"), this))
    , m_clipboardText([] { return QGuiApplication::clipboard()->text(); })
{
    m_action->setObjectName(QStringLiteral("changeLink"));
    m_action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    // Like the other commands on the selection, the key acts while the table has the focus.
    m_action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_action->setToolTip(tr("Give the selected download a new link (an expired one refreshed) and keep its data"));
    connect(m_action, &QAction::triggered, this, [this] {
        const QList<DownloadId> ids = m_actions->selectedIds();
        if (ids.size() == 1)
            open(ids.first());
    });
    connect(m_selection, &QItemSelectionModel::selectionChanged, this, &ChangeLinkAction::updateEnabled);
    connect(m_manager, &DownloadManager::downloadsChanged, this, &ChangeLinkAction::updateEnabled);
    connect(m_manager, &DownloadManager::downloadsRemoved, this, &ChangeLinkAction::updateEnabled);
    updateEnabled();
}

void ChangeLinkAction::open(quint64 id)
{
    if (!m_manager->download(id))
        return;
    auto *dialog = new ChangeLinkDialog(m_manager, id, m_clipboardText ? m_clipboardText() : QString(), m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ChangeLinkDialog::message, this, &ChangeLinkAction::message);
    dialog->open();
}

void ChangeLinkAction::updateEnabled()
{
    const QModelIndexList rows = m_selection->selectedRows();
    bool enabled = false;
    if (rows.size() == 1) {
        const QList<DownloadId> ids = m_actions->selectedIds();
        const Download *download = ids.size() == 1 ? m_manager->download(ids.first()) : nullptr;
        enabled = download && LinkChanges::allows(download->state());
    }
    m_action->setEnabled(enabled);
}
