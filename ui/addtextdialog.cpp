#include "addtextdialog.h"

#include "intake/linkscanner.h"

#include <QDialogButtonBox>
#include <QKeySequence>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSet>
#include <QVBoxLayout>

AddTextDialog::AddTextDialog(const QString &clipboardText, QWidget *parent)
    : QDialog(parent)
    , m_edit(new QPlainTextEdit(this))
    , m_offered(linksIn(clipboardText))
{
    setObjectName(QStringLiteral("addTextDialog"));
    setWindowTitle(tr("Add Downloads"));
    auto *label = new QLabel(tr("Links, one per line, or any text that contains them:"), this);
    label->setBuddy(m_edit);
    m_edit->setObjectName(QStringLiteral("linksText"));
    m_edit->setAccessibleName(tr("Links to add"));
    m_edit->setTabChangesFocus(true);
    m_edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_edit->setPlainText(m_offered);
    m_edit->selectAll();  // typing or pasting replaces what the clipboard offered

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_add = buttons->addButton(tr("&Add"), QDialogButtonBox::AcceptRole);
    m_add->setObjectName(QStringLiteral("addButton"));
    m_add->setToolTip(tr("Ctrl+Enter"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &AddTextDialog::reject);
    const auto updateAdd = [this] { m_add->setEnabled(!text().trimmed().isEmpty()); };
    connect(m_edit, &QPlainTextEdit::textChanged, this, updateAdd);
    updateAdd();
    // Enter makes a new line in the box, so the dialog's own key is Ctrl+Enter.
    for (const QKeySequence &keys : {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto *shortcut = new QShortcut(keys, this);
        connect(shortcut, &QShortcut::activated, this, [this] {
            if (m_add->isEnabled())
                accept();
        });
    }

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(label);
    layout->addWidget(m_edit, 1);
    layout->addWidget(buttons);
    resize(640, 360);
    m_edit->setFocus();
}

QString AddTextDialog::text() const
{
    return m_edit->toPlainText();
}

QString AddTextDialog::linksIn(const QString &text)
{
    QStringList links;
    QSet<QStringView> seen;
    for (QStringView line : QStringView(text).split(u'\n')) {
        qsizetype from = 0;
        while (const auto link = LinkScanner::nextLink(line, from)) {
            from = link->end;
            if (link->http && !seen.contains(link->text)) {
                seen.insert(link->text);
                links.append(link->text.toString());
            }
        }
    }
    return links.join(u'\n');
}

void AddTextDialog::reject()
{
    const QString typed = text().trimmed();
    if (!typed.isEmpty() && typed != m_offered.trimmed() && !m_confirmDiscard(this))
        return;
    QDialog::reject();
}

bool AddTextDialog::askDiscard(QWidget *parent)
{
    QMessageBox box(QMessageBox::Question, tr("Discard Links"), tr("Discard the links you typed?"),
                    QMessageBox::NoButton, parent);
    box.setObjectName(QStringLiteral("discardQuestion"));
    QPushButton *discard = box.addButton(tr("Discard"), QMessageBox::DestructiveRole);
    QPushButton *keep = box.addButton(tr("Keep Editing"), QMessageBox::RejectRole);
    box.setDefaultButton(keep);
    box.setEscapeButton(keep);
    box.exec();
    return box.clickedButton() == discard;
}
