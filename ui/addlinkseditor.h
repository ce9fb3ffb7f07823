#pragma once

#include "base/urlentry.h"

#include <QList>
#include <QWidget>

class AddLinksModel;
class QLabel;
class QTableView;

// The Add dialog's list of links to download, to edit before OK: owns the links model and its
// table, where Space checks and unchecks the selected rows, F2 or a double-click renames and
// Delete removes them; Check All, Check None and Remove Selected below it; and the note that
// says why a typed name was refused. GUI thread.
class AddLinksEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddLinksEditor)

public:
    explicit AddLinksEditor(QList<UrlEntry> links, QWidget *parent = nullptr);

    AddLinksModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QList<int> selectedRows() const;
    void toggleSelected();
    void removeSelected();

    AddLinksModel *m_model;
    QTableView *m_view;
    QLabel *m_note;
};
