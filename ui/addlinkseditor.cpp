#include "addlinkseditor.h"

#include "adddialoglook.h"
#include "addlinksmodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace {

constexpr int kMinimumLinkRows = 8;

} // namespace

AddLinksEditor::AddLinksEditor(QList<UrlEntry> links, QWidget *parent)
    : QWidget(parent)
    , m_model(new AddLinksModel(std::move(links)))
    , m_view(AddDialogLook::table(m_model, this))
    , m_note(new QLabel(this))
{
    m_view->setObjectName(QStringLiteral("links"));
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                            | QAbstractItemView::SelectedClicked);
    QHeaderView *header = m_view->horizontalHeader();
    header->setSectionResizeMode(AddLinksModel::NameColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(AddLinksModel::LinkColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(AddLinksModel::FolderColumn, QHeaderView::Interactive);
    header->moveSection(header->visualIndex(AddLinksModel::FolderColumn), 1);  // beside the name it goes with
    header->resizeSection(AddLinksModel::FolderColumn, 220);
    header->setStretchLastSection(false);
    m_view->resizeColumnToContents(AddLinksModel::NameColumn);
    header->resizeSection(AddLinksModel::NameColumn, std::clamp(header->sectionSize(AddLinksModel::NameColumn), 160, 340));
    m_view->setMinimumHeight(header->sizeHint().height() + m_view->verticalHeader()->defaultSectionSize() * kMinimumLinkRows);
    m_view->installEventFilter(this);
    connect(m_model, &AddLinksModel::nameRefused, this, [this](const QString &reason) {
        m_note->setText(reason);
        m_note->show();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] { m_note->hide(); });

    auto *column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->addWidget(m_view, 1);
    m_note->setObjectName(QStringLiteral("linksNote"));
    m_note->setTextFormat(Qt::PlainText);
    AddDialogLook::markAsWarning(m_note, true);
    m_note->hide();
    column->addWidget(m_note);

    auto *buttons = new QHBoxLayout;
    auto *hint = new QLabel(tr("Double-click or F2 renames; Space checks; Delete removes."), this);
    hint->setEnabled(false);  // a quiet hint, not a control
    buttons->addWidget(hint, 1);
    auto *checkAll = new QPushButton(tr("Check &All"), this);
    checkAll->setObjectName(QStringLiteral("checkAll"));
    checkAll->setAutoDefault(false);
    connect(checkAll, &QPushButton::clicked, m_model, [this] { m_model->setAllChecked(true); });
    auto *checkNone = new QPushButton(tr("Check &None"), this);
    checkNone->setObjectName(QStringLiteral("checkNone"));
    checkNone->setAutoDefault(false);
    connect(checkNone, &QPushButton::clicked, m_model, [this] { m_model->setAllChecked(false); });
    auto *remove = new QPushButton(tr("&Remove Selected"), this);
    remove->setObjectName(QStringLiteral("removeLinks"));
    remove->setAutoDefault(false);
    connect(remove, &QPushButton::clicked, this, &AddLinksEditor::removeSelected);
    buttons->addWidget(checkAll);
    buttons->addWidget(checkNone);
    buttons->addWidget(remove);
    column->addLayout(buttons);
}

QList<int> AddLinksEditor::selectedRows() const
{
    QList<int> rows;
    const QModelIndexList selected = m_view->selectionModel()->selectedRows();
    rows.reserve(selected.size());
    for (const QModelIndex &index : selected)
        rows.append(index.row());
    if (rows.isEmpty() && m_view->currentIndex().isValid())
        rows.append(m_view->currentIndex().row());
    return rows;
}

// Space over several selected rows checks them all, or unchecks them all when the current one is
// checked: the rows end alike, as in a file manager.
void AddLinksEditor::toggleSelected()
{
    const QList<int> rows = selectedRows();
    if (rows.isEmpty())
        return;
    const QModelIndex current = m_view->currentIndex();
    const int reference = current.isValid() ? current.row() : rows.first();
    const bool checked = m_model->index(reference, AddLinksModel::NameColumn).data(Qt::CheckStateRole).toInt() == Qt::Checked;
    m_model->setChecked(rows, !checked);
}

void AddLinksEditor::removeSelected()
{
    const QList<int> rows = selectedRows();
    if (rows.isEmpty())
        return;
    const int next = *std::min_element(rows.begin(), rows.end());
    m_model->removeRowsAt(rows);
    // The row that moved into the first removed place is current, so Delete can go on.
    if (m_model->rowCount() > 0) {
        const QModelIndex index = m_model->index(std::min(next, m_model->rowCount() - 1), AddLinksModel::NameColumn);
        m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
}

bool AddLinksEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::KeyPress) {  // while a name is edited, its editor has the keys
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Space && key->modifiers() == Qt::NoModifier) {
            toggleSelected();
            return true;
        }
        if (key->matches(QKeySequence::Delete) || key->key() == Qt::Key_Backspace) {
            removeSelected();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}
