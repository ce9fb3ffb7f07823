#pragma once

#include <QString>
#include <QWidget>

#include <functional>

class QLabel;
class QLineEdit;
class QPushButton;

// A cookies.txt path to type or pick with "Browse…" (empty: no cookies), with a line under it
// saying how many cookies the file holds or why it cannot be used. The picker is injectable so
// tests need no native file dialog. GUI thread.
class CookiesFileField final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CookiesFileField)

public:
    // Returns the chosen file, or an empty string when the person cancelled.
    using Chooser = std::function<QString(QWidget *parent, const QString &current)>;

    explicit CookiesFileField(QWidget *parent = nullptr);

    QString path() const;  // trimmed, as typed
    void setPath(const QString &path);
    void setChooser(Chooser chooser);
    QLineEdit *lineEdit() const { return m_edit; }
    QPushButton *browseButton() const { return m_browse; }

    // Reads the file again and shows what it holds; false with problem() when a path is given
    // and the file cannot be read or holds no usable cookie.
    bool check();
    QString problem() const { return m_problem; }

    static QString chooseWithDialog(QWidget *parent, const QString &current);

Q_SIGNALS:
    void pathChanged(const QString &path);

private:
    void browse();

    QLineEdit *m_edit;
    QPushButton *m_browse;
    QLabel *m_status;
    QString m_problem;
    Chooser m_chooser = &CookiesFileField::chooseWithDialog;
};
