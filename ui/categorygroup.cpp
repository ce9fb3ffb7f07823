#include "categorygroup.h"

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>

CategoryGroup::CategoryGroup(QWidget *parent)
    : QGroupBox(tr("Sort new downloads into a folder by &type"), parent)
{
    setObjectName(QStringLiteral("categories"));
    setCheckable(true);
    setToolTip(tr("Video, music, pictures, archives, documents and programs each get a folder, told by the file's "
                  "extension or, when that says nothing, by the type the server sends. A folder chosen in the Add "
                  "dialog or given by a list's dir= wins."));
    auto *grid = new QGridLayout(this);
    int slot = 0;
    for (const FileCategory category : FileCategories::kAll) {
        const QString name = FileCategories::nameOf(category);
        auto *edit = new QLineEdit(this);
        edit->setObjectName(QString(u"categoryFolder" % name));
        edit->setPlaceholderText(name);
        edit->setClearButtonEnabled(true);
        edit->setToolTip(tr("Empty: \"%1\" inside the download folder. A relative path is inside it too.").arg(name));
        auto *label = new QLabel(QString(name % u':'), this);
        label->setBuddy(edit);
        // Two columns of three keep the page short enough for a laptop screen.
        const int row = slot % 3;
        const int column = (slot / 3) * 2;
        grid->addWidget(label, row, column);
        grid->addWidget(edit, row, column + 1);
        m_folders[size_t(slot)] = edit;
        connect(edit, &QLineEdit::textChanged, this, &CategoryGroup::edited);
        ++slot;
    }
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);
    connect(this, &QGroupBox::toggled, this, &CategoryGroup::edited);
}

CategoryFolders CategoryGroup::categories() const
{
    CategoryFolders result;
    result.enabled = isChecked();
    for (size_t i = 0; i < m_folders.size(); ++i)
        result.folders[i] = m_folders[i]->text().trimmed();
    return result;
}

void CategoryGroup::setCategories(const CategoryFolders &categories)
{
    setChecked(categories.enabled);
    for (size_t i = 0; i < m_folders.size(); ++i)
        m_folders[i]->setText(categories.folders[i]);
}

QLineEdit *CategoryGroup::folderEdit(FileCategory category) const
{
    const int index = FileCategories::indexOf(category);
    return index < 0 ? nullptr : m_folders[size_t(index)];
}
