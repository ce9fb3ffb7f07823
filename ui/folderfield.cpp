#include "folderfield.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

FolderField::FolderField(QWidget *parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_browse(new QPushButton(tr("Browse…"), this))
{
    m_edit->setObjectName(QStringLiteral("folderEdit"));
    m_edit->setClearButtonEnabled(true);
    m_browse->setObjectName(QStringLiteral("browseButton"));
    m_browse->setToolTip(tr("Choose the folder in a file dialog"));
    m_edit->setAccessibleName(tr("Folder"));
    m_browse->setAccessibleName(tr("Choose folder"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_browse);
    setFocusProxy(m_edit);

    connect(m_edit, &QLineEdit::textChanged, this, [this] { Q_EMIT folderChanged(folder()); });
    connect(m_browse, &QPushButton::clicked, this, &FolderField::browse);
}

QString FolderField::folder() const
{
    return m_edit->text().trimmed();
}

void FolderField::setFolder(const QString &folder)
{
    m_edit->setText(folder);
}

void FolderField::setChooser(Chooser chooser)
{
    m_chooser = std::move(chooser);
}

QString FolderField::chooseWithDialog(QWidget *parent, const QString &current)
{
    return QFileDialog::getExistingDirectory(parent, tr("Choose a download folder"), current);
}

void FolderField::browse()
{
    const QString chosen = m_chooser(this, folder());
    if (!chosen.isEmpty())
        setFolder(chosen);
}
