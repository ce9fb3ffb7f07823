#pragma once

#include <QObject>

#include <functional>

class DownloadActions;
class DownloadManager;
class QAction;
class QItemSelectionModel;
class QString;
class QWidget;

// Owns the Change Link… command (Ctrl+L): enabled when one download is selected and it is
// unfinished, it opens a ChangeLinkDialog for it. GUI thread.
class ChangeLinkAction final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChangeLinkAction)

public:
    // Where the dialog's new-link field looks first; QGuiApplication's clipboard by default.
    using ClipboardText = std::function<QString()>;

    // The command applies to the row selected in selection (DownloadActions::selectedIds);
    // dialogParent parents the dialog and this object.
    ChangeLinkAction(DownloadManager *manager, DownloadActions *actions, QItemSelectionModel *selection,
                     QWidget *dialogParent);

    QAction *action() const { return m_action; }
    void setClipboardText(ClipboardText text) { m_clipboardText = std::move(text); }
    // Opens the dialog for download id (also from the Add dialog's "Use as new link").
    void open(quint64 id);

Q_SIGNALS:
    void message(const QString &text);  // an outcome for the status bar

private:
    void updateEnabled();

    DownloadManager *m_manager;
    DownloadActions *m_actions;
    QItemSelectionModel *m_selection;
    QWidget *m_dialogParent;
    QAction *m_action;
    ClipboardText m_clipboardText;
};
