#pragma once

#include "base/categoryfolders.h"

#include <QGroupBox>

#include <array>

class QLineEdit;

// The "Sort by type" part of the Settings dialog: whether new downloads go into a folder per
// file type, and each type's folder (empty: its name inside the download folder). GUI thread.
class CategoryGroup final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CategoryGroup)

public:
    explicit CategoryGroup(QWidget *parent = nullptr);

    CategoryFolders categories() const;
    void setCategories(const CategoryFolders &categories);
    QLineEdit *folderEdit(FileCategory category) const;

Q_SIGNALS:
    void edited();

private:
    std::array<QLineEdit *, FileCategories::kCount> m_folders = {};
};
