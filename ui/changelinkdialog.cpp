#include "changelinkdialog.h"

#include "base/safetext.h"
#include "base/shownurl.h"
#include "engine/downloadmanager.h"
#include "engine/linkchanges.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace {

constexpr int kNameLimit = 80;

} // namespace

ChangeLinkDialog::ChangeLinkDialog(DownloadManager *manager, DownloadId id, const QString &clipboardText, QWidget *parent)
    : QDialog(parent)
    , m_manager(manager)
    , m_id(id)
    , m_oldLink(new QLineEdit(this))
    , m_newLink(new QLineEdit(this))
    , m_status(new QLabel(this))
    , m_buttons(new QDialogButtonBox(this))
    , m_check(new QPushButton(tr("C&heck"), this))
    , m_keep(new QPushButton(tr("&Keep the Data"), this))
    , m_startOver(new QPushButton(tr("&Start Over"), this))
{
    const Download *download = manager->download(id);
    m_name = download && !download->fileName().isEmpty() ? download->fileName()
                                                          : (download ? download->url().fileName() : QString());
    setWindowTitle(tr("Change Link \u2014 %1").arg(SafeText::display(m_name, kNameLimit)));
    setObjectName(QStringLiteral("changeLinkDialog"));

    m_oldLink->setObjectName(QStringLiteral("oldLink"));
    m_oldLink->setReadOnly(true);
    m_oldLink->setText(download ? ShownUrl::of(download->url()) : QString());  // a password never shown
    m_oldLink->setCursorPosition(0);
    m_newLink->setObjectName(QStringLiteral("newLink"));
    m_newLink->setPlaceholderText(tr("https://\u2026"));
    m_newLink->setClearButtonEnabled(true);
    m_newLink->setMinimumWidth(fontMetrics().averageCharWidth() * 70);
    if (const QUrl pasted = singleLink(clipboardText); pasted.isValid() && download && pasted != download->url())
        m_newLink->setText(pasted.toString());
    m_status->setObjectName(QStringLiteral("linkStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *intro = new QLabel(tr("Gather checks that the new link serves the same file (size, ETag, "
                                "Last-Modified) before it goes on with the data it has."), this);
    intro->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("Current link:"), m_oldLink);
    form->addRow(tr("&New link:"), m_newLink);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    m_check->setObjectName(QStringLiteral("check"));
    m_keep->setObjectName(QStringLiteral("keep"));
    m_startOver->setObjectName(QStringLiteral("startOver"));
    m_keep->setToolTip(tr("Use the new link and go on from the bytes already fetched"));
    m_startOver->setToolTip(tr("Use the new link and fetch the file again from the start"));
    m_buttons->addButton(m_check, QDialogButtonBox::ActionRole);
    m_buttons->addButton(m_keep, QDialogButtonBox::AcceptRole);
    m_buttons->addButton(m_startOver, QDialogButtonBox::AcceptRole);
    m_buttons->addButton(QDialogButtonBox::Cancel);
    m_keep->hide();
    m_startOver->hide();
    m_check->setDefault(true);

    connect(m_check, &QPushButton::clicked, this, &ChangeLinkDialog::check);
    connect(m_keep, &QPushButton::clicked, this, [this] { decide(int(LinkChanges::Choice::KeepData)); });
    connect(m_startOver, &QPushButton::clicked, this, [this] { decide(int(LinkChanges::Choice::StartOver)); });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_newLink, &QLineEdit::textEdited, this, &ChangeLinkDialog::newLinkEdited);
    connect(&manager->linkChanges(), &LinkChanges::checked, this, &ChangeLinkDialog::onChecked);
    connect(manager, &DownloadManager::downloadsAboutToBeRemoved, this, [this](const QList<DownloadId> &ids) {
        if (ids.contains(m_id)) {
            setStatus(tr("The download was removed from the list."), Tone::Warning);
            m_check->setEnabled(false);
            m_keep->hide();
            m_startOver->hide();
        }
    });

    if (const std::optional<LinkCheck> awaiting = manager->linkChanges().awaiting(id)) {
        m_pendingUrl = awaiting->url;
        m_newLink->setText(ShownUrl::of(m_pendingUrl));  // a password never shown
        showDifferences(*awaiting);
    } else if (manager->linkChanges().isChecking(id)) {
        setChecking(true);
    } else if (download) {
        if (const Result<void> allowed = LinkChanges::refusal(*download); !allowed) {
            setStatus(allowed.problem(), Tone::Warning);
            m_check->setEnabled(false);
        }
    }
    m_newLink->setFocus();
}

ChangeLinkDialog::~ChangeLinkDialog()
{
    // Closed undecided: the old link stays, and what was on its way goes on.
    if (!m_manager)
        return;
    if (m_awaiting || (m_manager->linkChanges().isChecking(m_id) && !m_done))
        m_manager->linkChanges().cancel(m_id);
}

QUrl ChangeLinkDialog::singleLink(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || trimmed.contains(QRegularExpression(QStringLiteral("\\s"))))
        return {};
    const QUrl url = QUrl::fromUserInput(trimmed);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() || (scheme != u"http" && scheme != u"https")
        || !trimmed.startsWith(scheme, Qt::CaseInsensitive))
        return {};
    return url;
}

void ChangeLinkDialog::check()
{
    const QString text = m_newLink->text().trimmed();
    if (text.isEmpty()) {
        setStatus(tr("Enter the new link first."), Tone::Warning);
        return;
    }
    // The pending link's text, password hidden, stands for that link; anything typed is taken as typed.
    const QUrl url = m_pendingUrl.isValid() && text == ShownUrl::of(m_pendingUrl) ? m_pendingUrl : QUrl::fromUserInput(text);
    if (m_awaiting) {
        m_manager->linkChanges().cancel(m_id);
        m_awaiting = false;
    }
    const Result<void> started = m_manager->linkChanges().check(m_id, url);
    if (!started) {
        setStatus(started.problem(), Tone::Warning);
        return;
    }
    setChecking(true);
}

void ChangeLinkDialog::setChecking(bool checking)
{
    m_check->setEnabled(!checking);
    m_newLink->setReadOnly(checking);
    m_keep->hide();
    m_startOver->hide();
    if (checking)
        setStatus(tr("Checking the new link\u2026"), Tone::Plain);
}

void ChangeLinkDialog::onChecked(DownloadId id, const LinkCheck &result)
{
    if (id != m_id)
        return;
    setChecking(false);
    switch (result.verdict) {
    case LinkCheck::Verdict::Same:
        m_done = true;
        setStatus(result.nothingKept ? tr("Nothing was fetched yet, so there was nothing to compare: the download "
                                          "starts from the new link.")
                                     : tr("The new link serves the same file. The download goes on from it with the "
                                          "data it has."),
                  Tone::Good);
        m_check->hide();
        m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("&Close"));
        Q_EMIT message(result.nothingKept ? tr("New link for %1: starting from it").arg(m_name)
                                          : tr("New link for %1: the same file, going on").arg(m_name));
        return;
    case LinkCheck::Verdict::Differs:
        showDifferences(result);
        return;
    case LinkCheck::Verdict::Failed:
        setStatus(tr("The new link could not be checked: %1\nNothing was changed.").arg(result.error.message), Tone::Warning);
        return;
    }
}

void ChangeLinkDialog::showDifferences(const LinkCheck &result)
{
    m_awaiting = true;
    QStringList lines{tr("The new link may serve another file:")};
    for (const QString &difference : result.differences)
        lines.append(u"\u2022 " % difference);
    lines.append(result.keepAllowed ? tr("Keep the data only if you know it is the same file; otherwise start over.")
                                    : tr("The data cannot be kept: %1. Start over with the new link, or cancel.")
                                          .arg(result.keepRefusal));
    setStatus(lines.join(u'\n'), Tone::Warning);
    m_keep->setVisible(result.keepAllowed);
    m_startOver->show();
    m_check->setEnabled(true);
    m_check->setDefault(false);
}

void ChangeLinkDialog::decide(int choice)
{
    const auto chosen = LinkChanges::Choice(choice);
    const Result<void> done = m_manager->linkChanges().decide(m_id, chosen);
    m_awaiting = false;
    if (!done) {
        setStatus(done.problem(), Tone::Warning);
        m_keep->hide();
        m_startOver->hide();
        return;
    }
    m_done = true;
    Q_EMIT message(chosen == LinkChanges::Choice::KeepData ? tr("New link for %1: going on with the data kept").arg(m_name)
                                                           : tr("New link for %1: starting over").arg(m_name));
    accept();
}

void ChangeLinkDialog::newLinkEdited()
{
    // A decision belongs to the link that was checked, not to the text now in the field.
    if (m_awaiting) {
        m_manager->linkChanges().cancel(m_id);
        m_awaiting = false;
        m_keep->hide();
        m_startOver->hide();
        m_check->setDefault(true);
        setStatus({}, Tone::Plain);
    }
}

void ChangeLinkDialog::setStatus(const QString &text, Tone tone)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
    m_status->setProperty("tone", int(tone));
    QPalette palette = this->palette();
    if (tone == Tone::Warning)
        palette.setColor(QPalette::WindowText, QColor(0xc0, 0x1c, 0x28));
    else if (tone == Tone::Good)
        palette.setColor(QPalette::WindowText, QColor(0x26, 0x7a, 0x2e));
    m_status->setPalette(palette);
    // A longer status (the differences) must not be cut off: the dialog grows to show it.
    const int needed = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width()) : sizeHint().height();
    if (isVisible() && needed > height())
        resize(width(), needed);
}
