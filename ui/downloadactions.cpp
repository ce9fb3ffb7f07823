#include "downloadactions.h"

#include "base/shownurl.h"
#include "clipboardwatcher.h"
#include "engine/downloadcommands.h"
#include "engine/downloadmanager.h"
#include "eventloopchoice.h"
#include "list/downloadlistmodel.h"
#include "fileopener.h"
#include "listexport.h"
#include "propertiesdialog.h"

#include <QAction>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QItemSelectionModel>
#include <QSet>

#include <algorithm>
#include <array>
#include <vector>

namespace {

// The commands that act on the selection's states, and their actions.
constexpr std::array<std::pair<DownloadCommand, DownloadActions::Id>, 7> kStateCommands{{
    {DownloadCommand::StartNow, DownloadActions::Id::Start},
    {DownloadCommand::Pause, DownloadActions::Id::Pause},
    {DownloadCommand::Resume, DownloadActions::Id::Resume},
    {DownloadCommand::Cancel, DownloadActions::Id::Cancel},
    {DownloadCommand::Retry, DownloadActions::Id::Retry},
    {DownloadCommand::OpenFile, DownloadActions::Id::OpenFile},
    {DownloadCommand::Move, DownloadActions::Id::MoveTo},
}};

// Which of those some download in the selection allows (DownloadCommands decides).
struct Allowed {
    std::array<bool, kStateCommands.size()> allowed{};

    bool all() const { return std::all_of(allowed.cbegin(), allowed.cend(), [](bool a) { return a; }); }
    void add(DownloadState state)
    {
        for (size_t i = 0; i < kStateCommands.size(); ++i)
            allowed[i] = allowed[i] || DownloadCommands::allows(kStateCommands[i].first, state);
    }
};

} // namespace

DownloadActions::DownloadActions(DownloadManager *manager, DownloadListModel *model, QItemSelectionModel *selection,
                                 QWidget *dialogParent)
    : QObject(dialogParent)
    , m_manager(manager)
    , m_model(model)
    , m_selection(selection)
    , m_dialogParent(dialogParent)
    , m_removal(manager, dialogParent)
    , m_saver(manager->diskPool())
{
    connect(&m_saver, &ListFileSaver::saved, this, [this](quint64 ticket, const Result<void> &result) {
        const QString words = m_exportWords.take(ticket);
        Q_EMIT message(result ? words : result.problem());
    });
    m_openUrl = &EventLoopChoice::openUrl;
    create();
    // The list-wide actions follow states anywhere in the list, not only in the selection; the
    // manager's batches come a few times a second at most.
    for (auto signal :
         {&DownloadManager::downloadsAdded, &DownloadManager::downloadsChanged, &DownloadManager::downloadsRemoved})
        connect(m_manager, signal, this, &DownloadActions::updateHistoryEnabled);
    // Row changes arrive in bursts (a batch of dataChanged, a sort); one look at the selection
    // after the burst is enough.
    m_update.setSingleShot(true);
    m_update.setInterval(0);
    connect(&m_update, &QTimer::timeout, this, &DownloadActions::updateEnabled);
    connectModel();
    updateEnabled();
}

QAction *DownloadActions::make(Id id, const QString &text, Icons::Id icon, const QList<QKeySequence> &keys)
{
    auto *action = new QAction(Icons::icon(icon), text, this);
    action->setShortcuts(keys);
    m_actions[size_t(id)] = action;
    return action;
}

void DownloadActions::create()
{
    using K = QKeySequence;
    make(Id::Add, tr("&Add Downloads\u2026"), Icons::Id::Add, {K::New});
    make(Id::Import, tr("&Import List\u2026"), Icons::Id::Import, {K(Qt::CTRL | Qt::Key_O)});
    make(Id::ExportList, tr("&Export List\u2026"), Icons::Id::Export);
    make(Id::Paste, tr("&Paste Links"), Icons::Id::Paste, {K::Paste});
    make(Id::Start, tr("&Start Now"), Icons::Id::Start);
    // Gather prints nothing, so Ctrl+P can pause; Ctrl+. is the desktop's "stop"; F5 reloads.
    make(Id::Pause, tr("&Pause"), Icons::Id::Pause, {K(Qt::CTRL | Qt::Key_P)});
    make(Id::Resume, tr("&Resume"), Icons::Id::Resume, {K(Qt::CTRL | Qt::Key_R)});
    make(Id::Cancel, tr("&Cancel"), Icons::Id::Cancel, {K(Qt::CTRL | Qt::Key_Period)});
    make(Id::Retry, tr("Re&try"), Icons::Id::Retry, {K(Qt::Key_F5)});
    make(Id::Remove, tr("Re&move from List"), Icons::Id::Remove, {K(Qt::Key_Delete)});
    make(Id::RemoveAndDelete, tr("Remove and &Delete File"), Icons::Id::Delete, {K(Qt::SHIFT | Qt::Key_Delete)});
    make(Id::RemoveCompleted, tr("Remove C&ompleted"), Icons::Id::RemoveCompleted);
    make(Id::ClearHistory, tr("Clear &History"), Icons::Id::ClearHistory);
    make(Id::OpenFile, tr("&Open File"), Icons::Id::OpenFile, {K(Qt::Key_Return), K(Qt::Key_Enter)});
    make(Id::OpenFolder, tr("Open &Folder"), Icons::Id::OpenFolder, {K(Qt::CTRL | Qt::SHIFT | Qt::Key_O)});
    make(Id::MoveTo, tr("Mo&ve to Folder\u2026"), Icons::Id::OpenFolder, {K(Qt::CTRL | Qt::Key_M)});
    // Alt+Enter: the desktop's "properties" key; Enter alone opens the file.
    make(Id::Properties, tr("P&roperties\u2026"), Icons::Id::Settings, {K(Qt::ALT | Qt::Key_Return), K(Qt::ALT | Qt::Key_Enter)});
    make(Id::CopyUrl, tr("&Copy URL"), Icons::Id::Copy, {K::Copy});
    make(Id::SelectAll, tr("Select &All"), Icons::Id::SelectAll, {K::SelectAll});
    make(Id::Settings, tr("&Settings\u2026"), Icons::Id::Settings, {K(Qt::CTRL | Qt::Key_Comma)});
    make(Id::Quit, tr("&Quit"), Icons::Id::Quit, {K::Quit});
    make(Id::About, tr("&About Gather"), Icons::Id::About);

    action(Id::Add)->setToolTip(tr("Add downloads by URL"));
    action(Id::Import)->setToolTip(tr("Import a list of URLs from a file"));
    action(Id::Start)->setToolTip(tr("Start the selected downloads now, past the queue"));
    action(Id::RemoveAndDelete)->setToolTip(tr("Remove the selected downloads and delete their files"));
    action(Id::MoveTo)->setToolTip(tr("Move the selected downloads that are not under way to another folder, "
                                      "with what they fetched so far"));
    action(Id::Properties)->setToolTip(tr("Name, folder, connections, speed limit, checksum and headers of the "
                                          "selected downloads"));
    action(Id::ExportList)->setToolTip(tr("Save the selected downloads, or all, as a list aria2 and Gather can read"));
    action(Id::RemoveCompleted)->setToolTip(tr("Remove every completed download from the list; the files stay"));
    action(Id::ClearHistory)->setToolTip(tr("Remove every completed, failed and cancelled download from the list; "
                                            "files stay"));
    for (Id id : {Id::Add, Id::Import, Id::ExportList, Id::Paste, Id::Settings, Id::Quit, Id::About,
                  Id::RemoveCompleted, Id::ClearHistory})
        action(id)->setShortcutContext(Qt::WindowShortcut);
    // Keys that mean something else in a text field act only while the table has the focus.
    for (QAction *a : selectionActions()) {
        if (a)
            a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    }
    action(Id::Quit)->setMenuRole(QAction::QuitRole);
    action(Id::About)->setMenuRole(QAction::AboutRole);
    action(Id::Settings)->setMenuRole(QAction::PreferencesRole);

    connect(action(Id::Add), &QAction::triggered, this, &DownloadActions::addRequested);
    connect(action(Id::Import), &QAction::triggered, this, &DownloadActions::importRequested);
    connect(action(Id::ExportList), &QAction::triggered, this, &DownloadActions::exportList);
    connect(action(Id::Paste), &QAction::triggered, this, &DownloadActions::pasteRequested);
    connect(action(Id::Settings), &QAction::triggered, this, &DownloadActions::settingsRequested);
    connect(action(Id::Quit), &QAction::triggered, this, &DownloadActions::quitRequested);
    connect(action(Id::About), &QAction::triggered, this, &DownloadActions::aboutRequested);
    connect(action(Id::Start), &QAction::triggered, this, &DownloadActions::startSelected);
    connect(action(Id::Pause), &QAction::triggered, this, [this] { forEachSelected(&DownloadManager::pause); });
    connect(action(Id::Resume), &QAction::triggered, this, [this] { forEachSelected(&DownloadManager::resume); });
    connect(action(Id::Cancel), &QAction::triggered, this, &DownloadActions::cancelSelected);
    connect(action(Id::Retry), &QAction::triggered, this, [this] { forEachSelected(&DownloadManager::retry); });
    connect(action(Id::Remove), &QAction::triggered, this, &DownloadActions::removeSelected);
    connect(action(Id::RemoveAndDelete), &QAction::triggered, this, &DownloadActions::removeAndDeleteSelected);
    connect(action(Id::RemoveCompleted), &QAction::triggered, this, [this] {
        if (m_removal.removeIn({DownloadState::Completed}))
            updateEnabled();
    });
    connect(action(Id::ClearHistory), &QAction::triggered, this, [this] {
        if (m_removal.removeIn({DownloadState::Completed, DownloadState::Failed, DownloadState::Cancelled}))
            updateEnabled();
    });
    connect(action(Id::OpenFile), &QAction::triggered, this, &DownloadActions::openFiles);
    connect(action(Id::OpenFolder), &QAction::triggered, this, &DownloadActions::openFolders);
    connect(action(Id::MoveTo), &QAction::triggered, this, &DownloadActions::moveSelected);
    connect(action(Id::CopyUrl), &QAction::triggered, this, &DownloadActions::copyUrls);
    connect(action(Id::Properties), &QAction::triggered, this, &DownloadActions::editProperties);
    connect(action(Id::SelectAll), &QAction::triggered, this, &DownloadActions::selectAll);
}

QList<QAction *> DownloadActions::selectionActions() const
{
    return {action(Id::OpenFile), action(Id::OpenFolder), action(Id::MoveTo), nullptr,
            action(Id::Start), action(Id::Pause), action(Id::Resume), action(Id::Cancel), action(Id::Retry), nullptr,
            action(Id::CopyUrl), action(Id::SelectAll), nullptr,
            action(Id::Remove), action(Id::RemoveAndDelete), nullptr,
            action(Id::Properties)};
}

QList<QAction *> DownloadActions::historyActions() const
{
    return {action(Id::RemoveCompleted), action(Id::ClearHistory)};
}

void DownloadActions::connectModel()
{
    // A new selection is answered at once, so a key pressed right after it finds the right actions.
    connect(m_selection, &QItemSelectionModel::selectionChanged, this, &DownloadActions::updateEnabled);
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &top, const QModelIndex &bottom) {
        const QItemSelection selection = m_selection->selection();
        for (const QItemSelectionRange &range : selection) {
            if (range.top() <= bottom.row() && top.row() <= range.bottom()) {
                scheduleUpdate();
                return;
            }
        }
    });
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_model, signal, this, &DownloadActions::scheduleUpdate);
    connect(m_model, &QAbstractItemModel::layoutChanged, this, &DownloadActions::scheduleUpdate);
    connect(m_model, &QAbstractItemModel::modelReset, this, &DownloadActions::scheduleUpdate);
}

void DownloadActions::scheduleUpdate()
{
    m_update.start();
}

QList<DownloadId> DownloadActions::selectedIds() const
{
    // From the ranges: selectedRows() would build and compare a QModelIndex per row.
    const QItemSelection selection = m_selection->selection();
    qsizetype total = 0;
    for (const QItemSelectionRange &range : selection)
        total += range.height();
    std::vector<int> rows;
    rows.reserve(size_t(total));
    bool ordered = true;  // ranges of whole rows, top to bottom, as a selection of rows usually is
    for (const QItemSelectionRange &range : selection) {
        ordered = ordered && (rows.empty() || range.top() > rows.back());
        for (int row = range.top(); row <= range.bottom(); ++row)
            rows.push_back(row);
    }
    if (!ordered) {
        std::sort(rows.begin(), rows.end());
        rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    }
    QList<DownloadId> ids;
    ids.reserve(qsizetype(rows.size()));
    for (int row : std::as_const(rows)) {
        if (const DownloadId id = m_model->idAt(row))
            ids.append(id);
    }
    return ids;
}

void DownloadActions::updateEnabled()
{
    m_update.stop();
    Allowed allowed;
    const QItemSelection selection = m_selection->selection();
    qsizetype selectedRows = 0;
    for (const QItemSelectionRange &range : selection)
        selectedRows += range.height();
    const bool any = selectedRows > 0;
    if (selection.size() == 1 && any && selectedRows == m_model->totalCount()) {
        // Everything is selected (Ctrl+A): the manager's per-state counters answer without a walk.
        for (int s = 0; s <= int(DownloadState::Cancelled); ++s) {
            if (m_manager->countIn(DownloadState(s)) > 0)
                allowed.add(DownloadState(s));
        }
    } else {
        // Stops as soon as every answer is yes.
        for (const QItemSelectionRange &range : selection) {
            for (int row = range.top(); row <= range.bottom() && !allowed.all(); ++row) {
                if (const Download *d = m_manager->download(m_model->idAt(row)))
                    allowed.add(d->state());
            }
        }
    }
    for (size_t i = 0; i < kStateCommands.size(); ++i)
        action(kStateCommands[i].second)->setEnabled(allowed.allowed[i]);
    for (Id id : {Id::Remove, Id::RemoveAndDelete, Id::OpenFolder, Id::CopyUrl, Id::Properties})
        action(id)->setEnabled(any);
    action(Id::SelectAll)->setEnabled(m_model->rowCount() > 0);
    updateHistoryEnabled();
}

void DownloadActions::updateHistoryEnabled()
{
    const int completed = m_manager->countIn(DownloadState::Completed);
    const int finished =
        completed + m_manager->countIn(DownloadState::Failed) + m_manager->countIn(DownloadState::Cancelled);
    action(Id::RemoveCompleted)->setEnabled(completed > 0);
    action(Id::ClearHistory)->setEnabled(finished > 0);
    action(Id::ExportList)->setEnabled(m_manager->count() > 0);
}

void DownloadActions::forEachSelected(void (DownloadManager::*command)(DownloadId))
{
    // Ids first: removing rows while walking the selection would shift it.
    const QList<DownloadId> ids = selectedIds();
    for (DownloadId id : ids)
        (m_manager->*command)(id);
    updateEnabled();
}

void DownloadActions::startSelected()
{
    const QList<DownloadId> ids = selectedIds();
    for (DownloadId id : ids) {
        const Download *d = m_manager->download(id);
        if (d && DownloadCommands::allows(DownloadCommand::StartNow, d->state()))
            m_manager->startNow(id);
    }
    updateEnabled();
}

void DownloadActions::cancelSelected()
{
    if (m_removal.cancel(selectedIds()))
        updateEnabled();
}

void DownloadActions::removeSelected()
{
    if (m_removal.remove(selectedIds()))
        updateEnabled();
}

void DownloadActions::removeAndDeleteSelected()
{
    if (m_removal.removeAndDelete(selectedIds()))
        updateEnabled();
}

void DownloadActions::exportList()
{
    if (m_manager->count() == 0)
        return;
    const QString path = m_chooseExport(m_dialogParent);
    if (!path.isEmpty())
        exportTo(path);
}

void DownloadActions::exportTo(const QString &path)
{
    QList<DownloadId> ids = selectedIds();
    if (ids.isEmpty())
        ids = m_manager->ids();
    const Result<ListExport::Prepared> prepared = ListExport::prepare(*m_manager, ids, QFileInfo(path).fileName());
    if (!prepared) {
        Q_EMIT message(prepared.problem());
        return;
    }
    m_exportWords.insert(m_saver.save(path, prepared.value().text), prepared.value().words);
}

QString DownloadActions::chooseExportWithDialog(QWidget *parent)
{
    return QFileDialog::getSaveFileName(parent, tr("Export the download list"),
                                        QDir::home().filePath(QStringLiteral("downloads.txt")),
                                        tr("aria2 input files (*.txt *.aria2 *.input);;All files (*)"));
}

QString DownloadActions::chooseFolderWithDialog(QWidget *parent, const QString &start)
{
    return QFileDialog::getExistingDirectory(parent, tr("Move to folder"), start);
}

void DownloadActions::moveSelected()
{
    QList<DownloadId> ids;
    QString start;
    for (const DownloadId id : selectedIds()) {
        const Download *d = m_manager->download(id);
        if (!d || !DownloadCommands::allows(DownloadCommand::Move, d->state()) || d->isMoving())
            continue;
        ids.append(id);
        if (start.isEmpty())
            start = d->folder();
    }
    if (ids.isEmpty())
        return;
    const QString chosen = m_chooseFolder(m_dialogParent, start);
    if (chosen.isEmpty())
        return;
    const QString folder = QDir::cleanPath(chosen);
    if (!QDir::isAbsolutePath(folder)) {
        Q_EMIT message(tr("Not moved: %1 is not a full path").arg(folder));
        return;
    }
    m_manager->moveTo(ids, folder);
    Q_EMIT message(ids.size() == 1 ? tr("Moving 1 download to %1").arg(folder)
                                   : tr("Moving %1 downloads to %2").arg(ids.size()).arg(folder));
}

void DownloadActions::editProperties()
{
    const QList<DownloadId> ids = selectedIds();
    if (ids.isEmpty())
        return;
    auto *dialog = new PropertiesDialog(m_manager, ids, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void DownloadActions::openFiles()
{
    int opened = 0;
    const QList<DownloadId> ids = selectedIds();
    for (DownloadId id : ids) {
        const Download *d = m_manager->download(id);
        if (!d || !DownloadCommands::allows(DownloadCommand::OpenFile, d->state()))
            continue;
        if (const QString failure = FileOpener::tryOpen(m_openUrl, d->filePath(), false); !failure.isEmpty())
            Q_EMIT message(failure);  // never only on stderr
        if (++opened == kMaxOpened)
            break;
    }
}

void DownloadActions::openFolders()
{
    QSet<QString> seen;
    const QList<DownloadId> ids = selectedIds();
    for (DownloadId id : ids) {
        const Download *d = m_manager->download(id);
        if (!d || seen.contains(d->folder()))
            continue;
        seen.insert(d->folder());
        if (const QString failure = FileOpener::tryOpen(m_openUrl, d->folder(), true); !failure.isEmpty())
            Q_EMIT message(failure);
        if (seen.size() == kMaxOpened)
            break;
    }
}

void DownloadActions::copyUrls()
{
    QStringList urls;
    const QList<DownloadId> ids = selectedIds();
    for (DownloadId id : ids) {
        if (const Download *d = m_manager->download(id))
            urls.append(ShownUrl::of(d->url(), QUrl::FullyEncoded));  // clipboard managers show and keep it
    }
    if (!urls.isEmpty())
        QGuiApplication::clipboard()->setMimeData(ClipboardWatcher::ownCopy(urls.join(QLatin1Char('\n'))));  // not offered back
}

void DownloadActions::selectAll()
{
    const int rows = m_model->rowCount();
    if (rows == 0)
        return;
    m_selection->select(QItemSelection(m_model->index(0, 0), m_model->index(rows - 1, m_model->columnCount() - 1)),
                        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}
