#include "mainwindowmenus.h"

#include "downloadactions.h"
#include "downloadtableview.h"
#include "filterbar.h"
#include "queueactions.h"

#include <QAction>
#include <QCoreApplication>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QToolBar>

namespace {

void addAll(QWidget *widget, const QList<QAction *> &actions)
{
    for (QAction *action : actions) {
        if (action) {
            widget->addAction(action);
        } else {
            auto *separator = new QAction(widget);
            separator->setSeparator(true);
            widget->addAction(separator);
        }
    }
}

QToolBar *buildToolBar(const MainWindowMenus::Parts &p)
{
    using Id = DownloadActions::Id;
    DownloadActions *a = p.actions;
    auto *bar = p.window->addToolBar(QObject::tr("Main Toolbar"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setAccessibleName(QCoreApplication::translate("MainWindowMenus", "Download actions"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setIconSize(QSize(22, 22));
    // Text beside the icon for the first few commands; the rest show icons with tooltips.
    for (Id id : {Id::Paste, Id::Start, Id::Pause, Id::Resume, Id::Cancel, Id::Retry, Id::Remove, Id::RemoveAndDelete,
                  Id::OpenFile, Id::OpenFolder, Id::Settings})
        a->action(id)->setPriority(QAction::LowPriority);
    addAll(bar, {a->action(Id::Add), a->action(Id::Import), a->action(Id::Paste), nullptr,
                 a->action(Id::Start), a->action(Id::Pause), a->action(Id::Resume), a->action(Id::Cancel),
                 a->action(Id::Retry), nullptr, a->action(Id::Remove), a->action(Id::RemoveAndDelete), nullptr,
                 a->action(Id::OpenFile), a->action(Id::OpenFolder)});
    return bar;
}

// Puts action right after anchor in widget's actions (at the end when anchor is not there).
void insertAfter(QWidget *widget, QAction *anchor, QAction *action)
{
    const QList<QAction *> actions = widget->actions();
    const qsizetype at = actions.indexOf(anchor);
    widget->insertAction(at >= 0 && at + 1 < actions.size() ? actions.at(at + 1) : nullptr, action);
}

} // namespace

void MainWindowMenus::build(const Parts &p)
{
    using Id = DownloadActions::Id;
    DownloadActions *a = p.actions;
    QMenuBar *menus = p.window->menuBar();

    QMenu *file = menus->addMenu(QObject::tr("&File"));
    addAll(file, {a->action(Id::Add), a->action(Id::Import), a->action(Id::ExportList), a->action(Id::Paste), nullptr,
                  a->action(Id::Settings), nullptr, a->action(Id::Quit)});

    QMenu *edit = menus->addMenu(QObject::tr("&Edit"));
    addAll(edit, {a->action(Id::CopyUrl), a->action(Id::Paste), a->action(Id::SelectAll), nullptr,
                  p.filter->focusAction()});

    QMenu *downloads = menus->addMenu(QObject::tr("&Downloads"));
    using Q = QueueActions::Id;
    addAll(downloads, {a->action(Id::Start), a->action(Id::Pause), a->action(Id::Resume), a->action(Id::Cancel),
                       a->action(Id::Retry), nullptr, p.queue->action(Q::PauseAll), p.queue->action(Q::ResumeAll), nullptr});
    addAll(downloads, p.queue->moveActions());
    addAll(downloads, {nullptr, a->action(Id::OpenFile), a->action(Id::OpenFolder), a->action(Id::MoveTo),
                       a->action(Id::Properties), nullptr, a->action(Id::Remove), a->action(Id::RemoveAndDelete), nullptr});
    addAll(downloads, a->historyActions());

    QMenu *view = menus->addMenu(QObject::tr("&View"));
    QAction *details = p.details->toggleViewAction();
    details->setText(QObject::tr("&Details Pane"));
    details->setShortcut(QKeySequence(Qt::Key_F9));
    view->addAction(details);
    QMenu *columns = view->addMenu(QObject::tr("&Columns"));
    p.table->populateColumnMenu(columns);
    QObject::connect(columns, &QMenu::aboutToShow, p.table, [table = p.table, columns] {
        table->populateColumnMenu(columns);
    });

    QMenu *help = menus->addMenu(QObject::tr("&Help"));
    help->addAction(a->action(Id::About));

    view->insertAction(details, buildToolBar(p)->toggleViewAction());

    // The table's context menu; adding the actions to the table also scopes their keys to it.
    p.table->setContextMenuPolicy(Qt::ActionsContextMenu);
    addAll(p.table, a->selectionActions() + QList<QAction *>{nullptr} + p.queue->moveActions() + QList<QAction *>{nullptr}
                        + a->historyActions());
    // Pause All and Resume All work from anywhere in the window.
    p.window->addAction(p.queue->action(Q::PauseAll));
    p.window->addAction(p.queue->action(Q::ResumeAll));
    p.window->addAction(p.filter->focusAction());
    if (p.changeLink) {
        insertAfter(downloads, a->action(Id::MoveTo), p.changeLink);
        insertAfter(p.table, a->action(Id::MoveTo), p.changeLink);
    }
}
