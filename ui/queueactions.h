#pragma once

#include <QObject>

#include <array>

class DownloadActions;
class DownloadManager;
class QAction;
class QItemSelectionModel;

// Owns the commands that steer the queue: move the selected downloads up, down, to the top or
// the bottom of the queue order (which the scheduler starts them in and the unsorted list
// shows), and Pause All / Resume All for the whole list. GUI thread.
class QueueActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueActions)

public:
    enum class Id { MoveUp, MoveDown, MoveToTop, MoveToBottom, PauseAll, ResumeAll };
    static constexpr int kIdCount = int(Id::ResumeAll) + 1;

    // The moves apply to the rows selected in selection, in the order actions gives them
    // (DownloadActions::selectedIds); parent owns this object.
    QueueActions(DownloadManager *manager, DownloadActions *actions, QItemSelectionModel *selection, QObject *parent);

    QAction *action(Id id) const { return m_actions[size_t(id)]; }
    // The four moves, for the Downloads menu and the table's context menu (keys scoped to it).
    QList<QAction *> moveActions() const;

private:
    QAction *make(Id id, const QString &text, const QKeySequence &key, const QString &tip);
    void updateEnabled();

    DownloadManager *m_manager = nullptr;
    DownloadActions *m_downloadActions = nullptr;
    QItemSelectionModel *m_selection = nullptr;
    std::array<QAction *, kIdCount> m_actions{};
};
