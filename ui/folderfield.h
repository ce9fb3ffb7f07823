#pragma once

#include <QWidget>

#include <functional>

class QLineEdit;
class QPushButton;

// A folder path to type or pick with "Browse…"; the picker is injectable so tests need no native
// file dialog. GUI thread.
class FolderField final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FolderField)

public:
    // Returns the chosen folder, or an empty string when the person cancelled.
    using Chooser = std::function<QString(QWidget *parent, const QString &current)>;

    explicit FolderField(QWidget *parent = nullptr);

    QString folder() const;  // trimmed, as typed
    void setFolder(const QString &folder);
    void setChooser(Chooser chooser);
    QLineEdit *lineEdit() const { return m_edit; }
    QPushButton *browseButton() const { return m_browse; }

    static QString chooseWithDialog(QWidget *parent, const QString &current);

Q_SIGNALS:
    void folderChanged(const QString &folder);

private:
    void browse();

    QLineEdit *m_edit;
    QPushButton *m_browse;
    Chooser m_chooser = &FolderField::chooseWithDialog;
};
