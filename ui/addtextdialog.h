#pragma once

#include <QDialog>

#include <functional>
#include <QString>

class QPlainTextEdit;
class QPushButton;

// Add Downloads…: a box to type or paste links (or any text holding them), starting with the
// http(s) links on the clipboard, selected so typing replaces them. Ctrl+Enter adds; Escape,
// Cancel or closing asks before typed text is thrown away. GUI thread.
class AddTextDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddTextDialog)

public:
    // Asked before typed text is thrown away; true to throw it away. Tests answer it.
    using ConfirmDiscard = std::function<bool(QWidget *parent)>;

    explicit AddTextDialog(const QString &clipboardText, QWidget *parent = nullptr);

    QString text() const;
    QPlainTextEdit *editor() const { return m_edit; }
    void setConfirmDiscard(ConfirmDiscard confirm) { m_confirmDiscard = std::move(confirm); }

    // The http(s) links in text, one per line, in order, each once.
    static QString linksIn(const QString &text);

public Q_SLOTS:
    void reject() override;

private:
    static bool askDiscard(QWidget *parent);

    QPlainTextEdit *m_edit;
    QPushButton *m_add;
    QString m_offered;  // what the box started with: leaving it unchanged needs no question
    ConfirmDiscard m_confirmDiscard = &AddTextDialog::askDiscard;
};
