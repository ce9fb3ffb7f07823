#include "remoteaddprompt.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QStringBuilder>
#include <QVBoxLayout>

RemoteAddPrompt::RemoteAddPrompt(QWidget *parent)
    : QDialog(parent)
    , m_text(new QLabel(this))
{
    setObjectName(QStringLiteral("remoteAddPrompt"));
    setWindowTitle(tr("Downloads from remote control"));
    m_text->setObjectName(QStringLiteral("remoteAddText"));
    m_text->setTextFormat(Qt::PlainText);
    m_text->setWordWrap(true);
    m_text->setMinimumWidth(420);  // links stay on one line each where they can
    auto *buttons = new QDialogButtonBox(this);
    QPushButton *start = buttons->addButton(tr("&Start"), QDialogButtonBox::AcceptRole);
    start->setObjectName(QStringLiteral("remoteAddStart"));
    start->setDefault(true);
    QPushButton *remove = buttons->addButton(tr("&Remove"), QDialogButtonBox::DestructiveRole);
    remove->setObjectName(QStringLiteral("remoteAddRemove"));
    QPushButton *keep = buttons->addButton(tr("&Keep Paused"), QDialogButtonBox::RejectRole);
    keep->setObjectName(QStringLiteral("remoteAddKeep"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    layout->addWidget(buttons);
    connect(start, &QPushButton::clicked, this, [this] { finish(true); });
    connect(remove, &QPushButton::clicked, this, [this] { finish(false); });
    connect(keep, &QPushButton::clicked, this, &QDialog::reject);
    // Kept paused: they are in the list; the next send starts a list of its own.
    connect(this, &QDialog::rejected, this, [this] {
        m_ids.clear();
        m_names.clear();
    });
}

void RemoteAddPrompt::add(const QList<DownloadId> &ids, const QStringList &names)
{
    m_ids += ids;
    m_names += names;
    updateText();
}

void RemoteAddPrompt::updateText()
{
    QStringList shown = m_names.mid(0, kNamesShown);
    if (m_names.size() > kNamesShown)
        shown.append(tr("… and %1 more").arg(m_names.size() - kNamesShown));
    const QString head = m_ids.size() == 1
        ? tr("A browser extension or program sent a download. It waits, paused, until you start it:")
        : tr("A browser extension or program sent %1 downloads. They wait, paused, until you start them:").arg(m_ids.size());
    m_text->setText(head % u"\n\n" % shown.join(u'\n'));
    adjustSize();  // a send that joins an open prompt makes its list longer
}

void RemoteAddPrompt::finish(bool start)
{
    const QList<DownloadId> ids = std::exchange(m_ids, {});
    m_names.clear();
    if (start)
        Q_EMIT startRequested(ids);
    else
        Q_EMIT removeRequested(ids);
    accept();
}
