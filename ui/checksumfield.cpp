#include "checksumfield.h"

#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

ChecksumField::ChecksumField(QWidget *parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_problemLabel(new QLabel(this))
{
    m_edit->setObjectName(QStringLiteral("checksum"));
    m_edit->setPlaceholderText(tr("Optional: sha-256=HEX (also sha-512, sha-1, md5)"));
    m_edit->setClearButtonEnabled(true);
    m_edit->setToolTip(tr("The finished file is checked against it; a mismatch fails the download and shows both digests."));
    m_problemLabel->setObjectName(QStringLiteral("checksumProblem"));
    m_problemLabel->setTextFormat(Qt::PlainText);
    m_problemLabel->setWordWrap(true);
    QPalette palette = m_problemLabel->palette();
    palette.setColor(QPalette::WindowText, QColor(0xc0, 0x1c, 0x28));
    m_problemLabel->setPalette(palette);
    m_problemLabel->hide();
    auto *column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->addWidget(m_edit);
    column->addWidget(m_problemLabel);
    setFocusProxy(m_edit);
    connect(m_edit, &QLineEdit::textChanged, this, [this] {
        check();
        Q_EMIT edited();
    });
}

void ChecksumField::setChecksum(const std::optional<ChecksumSpec> &checksum)
{
    m_edit->setText(checksum ? QString(checksum->algorithmName() % u'=' % checksum->expectedHex()) : QString());
    check();
}

std::optional<ChecksumSpec> ChecksumField::checksum() const
{
    if (m_edit->text().trimmed().isEmpty())
        return std::nullopt;
    const Result<ChecksumSpec> parsed = ChecksumSpec::parse(m_edit->text());
    return parsed ? std::optional<ChecksumSpec>(parsed.value()) : std::nullopt;
}

void ChecksumField::check()
{
    const QString text = m_edit->text().trimmed();
    const Result<ChecksumSpec> parsed = ChecksumSpec::parse(text);
    m_problem = text.isEmpty() || parsed ? QString() : tr("Not used: %1").arg(parsed.problem());
    m_problemLabel->setText(m_problem);
    m_problemLabel->setVisible(!m_problem.isEmpty());
}
