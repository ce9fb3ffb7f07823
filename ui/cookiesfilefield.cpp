#include "cookiesfilefield.h"

#include "net/netscapecookies.h"

#include <QFileDialog>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

CookiesFileField::CookiesFileField(QWidget *parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_browse(new QPushButton(tr("Browse…"), this))
    , m_status(new QLabel(this))
{
    m_edit->setObjectName(QStringLiteral("cookiesFileEdit"));
    m_edit->setClearButtonEnabled(true);
    m_edit->setPlaceholderText(tr("No cookies"));
    m_edit->setAccessibleName(tr("Cookies file"));
    m_browse->setObjectName(QStringLiteral("cookiesBrowseButton"));
    m_browse->setToolTip(tr("Choose the cookies file in a file dialog"));
    m_browse->setAccessibleName(tr("Choose cookies file"));
    m_status->setObjectName(QStringLiteral("cookiesStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->hide();

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 0, 0);
    layout->addWidget(m_browse, 0, 1);
    layout->addWidget(m_status, 1, 0, 1, 2);
    layout->setColumnStretch(0, 1);
    setFocusProxy(m_edit);

    connect(m_edit, &QLineEdit::textChanged, this, [this] { Q_EMIT pathChanged(path()); });
    // Read when the person is done typing, not per keystroke.
    connect(m_edit, &QLineEdit::editingFinished, this, &CookiesFileField::check);
    connect(m_browse, &QPushButton::clicked, this, &CookiesFileField::browse);
}

QString CookiesFileField::path() const
{
    return m_edit->text().trimmed();
}

void CookiesFileField::setPath(const QString &path)
{
    m_edit->setText(path);
    m_problem.clear();
    m_status->hide();
}

void CookiesFileField::setChooser(Chooser chooser)
{
    m_chooser = std::move(chooser);
}

bool CookiesFileField::check()
{
    m_problem.clear();
    if (path().isEmpty()) {
        m_status->hide();
        return true;
    }
    const Result<NetscapeCookies::Parsed> loaded = NetscapeCookies::load(path());
    if (!loaded) {
        m_problem = loaded.problem();
        m_status->setText(m_problem);
    } else {
        const qsizetype count = loaded->cookies.size();
        QString text = count == 1 ? tr("1 cookie will be sent") : tr("%1 cookies will be sent").arg(count);
        if (loaded->expired > 0)
            text += tr("; %1 expired, left out").arg(loaded->expired);
        if (loaded->malformed > 0)
            text += tr("; lines not understood: %1 (%2)").arg(loaded->malformed).arg(loaded->problems.first());
        m_status->setText(text);
    }
    m_status->show();
    return m_problem.isEmpty();
}

QString CookiesFileField::chooseWithDialog(QWidget *parent, const QString &current)
{
    return QFileDialog::getOpenFileName(parent, tr("Choose a cookies file"), current,
                                        tr("Cookies files (*.txt);;All files (*)"));
}

void CookiesFileField::browse()
{
    const QString chosen = m_chooser(this, path());
    if (chosen.isEmpty())
        return;
    m_edit->setText(chosen);
    check();
}
