#include "queueactions.h"

#include "downloadactions.h"
#include "engine/downloadmanager.h"

#include <QAction>
#include <QItemSelectionModel>

QueueActions::QueueActions(DownloadManager *manager, DownloadActions *actions, QItemSelectionModel *selection,
                           QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_downloadActions(actions)
    , m_selection(selection)
{
    // Ctrl with the arrows and Home/End, as the list's own keys move the current row.
    const QList<std::pair<QueueMove, QAction *>> moves{
        {QueueMove::Up, make(Id::MoveUp, tr("Move &Up"), QKeySequence(Qt::CTRL | Qt::Key_Up),
                             tr("Start the selected downloads one place earlier"))},
        {QueueMove::Down, make(Id::MoveDown, tr("Move &Down"), QKeySequence(Qt::CTRL | Qt::Key_Down),
                               tr("Start the selected downloads one place later"))},
        {QueueMove::Top, make(Id::MoveToTop, tr("Move to &Top"), QKeySequence(Qt::CTRL | Qt::Key_Home),
                              tr("Start the selected downloads before every other one"))},
        {QueueMove::Bottom, make(Id::MoveToBottom, tr("Move to &Bottom"), QKeySequence(Qt::CTRL | Qt::Key_End),
                                 tr("Start the selected downloads after every other one"))},
    };
    for (const auto &[how, action] : moves) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);  // the table's keys, like its other commands
        connect(action, &QAction::triggered, this, [this, how = how] {
            m_manager->moveInQueue(m_downloadActions->selectedIds(), how);
        });
    }
    make(Id::PauseAll, tr("P&ause All"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P),
         tr("Pause every download, queued ones included, so nothing starts by itself"));
    make(Id::ResumeAll, tr("Resu&me All"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
         tr("Resume every paused download"));
    connect(action(Id::PauseAll), &QAction::triggered, m_manager, &DownloadManager::pauseAll);
    connect(action(Id::ResumeAll), &QAction::triggered, m_manager, &DownloadManager::resumeAll);

    // Rows going away can empty the selection without selectionChanged().
    connect(selection, &QItemSelectionModel::selectionChanged, this, &QueueActions::updateEnabled);
    connect(selection->model(), &QAbstractItemModel::rowsRemoved, this, &QueueActions::updateEnabled);
    connect(selection->model(), &QAbstractItemModel::layoutChanged, this, &QueueActions::updateEnabled);
    connect(selection->model(), &QAbstractItemModel::modelReset, this, &QueueActions::updateEnabled);
    updateEnabled();
}

QAction *QueueActions::make(Id id, const QString &text, const QKeySequence &key, const QString &tip)
{
    auto *action = new QAction(text, this);
    action->setShortcut(key);
    action->setToolTip(tip);
    action->setStatusTip(tip);
    m_actions[size_t(id)] = action;
    return action;
}

QList<QAction *> QueueActions::moveActions() const
{
    return {action(Id::MoveUp), action(Id::MoveDown), action(Id::MoveToTop), action(Id::MoveToBottom)};
}

void QueueActions::updateEnabled()
{
    const bool any = m_selection->hasSelection();
    for (QAction *move : moveActions())
        move->setEnabled(any);
}
