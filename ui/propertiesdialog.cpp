#include "propertiesdialog.h"

#include "base/headerline.h"
#include "base/humanformat.h"
#include "engine/downloadmanager.h"
#include "folderfield.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {

constexpr int kMaxLimitKiB = 10'000'000;

// The value every download has, or nullopt when they differ (or there are none).
template <typename T, typename Get>
std::optional<T> common(const QList<const Download *> &downloads, Get get)
{
    std::optional<T> first;
    for (const Download *download : downloads) {
        T value = get(*download);
        if (!first)
            first = std::move(value);
        else if (*first != value)
            return std::nullopt;
    }
    return first;
}

QString checksumText(const std::optional<ChecksumSpec> &checksum)
{
    return checksum ? checksum->algorithmName() + u'=' + checksum->expectedHex() : QString();
}

QString headersText(const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QStringList lines;
    for (const auto &[name, value] : headers)
        lines.append(QString::fromLatin1(name) + QStringLiteral(": ") + QString::fromUtf8(value));
    return lines.join(u'\n');
}

QString shownName(const Download &download)
{
    return download.fileName().isEmpty() ? download.entry().outName : download.fileName();
}

} // namespace

PropertiesDialog::PropertiesDialog(DownloadManager *manager, QList<DownloadId> ids, QWidget *parent)
    : QDialog(parent)
    , m_manager(manager)
    , m_ids(std::move(ids))
    , m_name(new QLineEdit(this))
    , m_folder(new FolderField(this))
    , m_split(new QComboBox(this))
    , m_limitMode(new QComboBox(this))
    , m_limit(new QSpinBox(this))
    , m_checksum(new QLineEdit(this))
    , m_headers(new QPlainTextEdit(this))
    , m_message(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(m_ids.size() == 1 ? tr("Properties") : tr("Properties of %n Downloads", nullptr, int(m_ids.size())));
    m_name->setObjectName(QStringLiteral("name"));
    m_folder->setObjectName(QStringLiteral("folder"));
    m_split->setObjectName(QStringLiteral("split"));
    m_limitMode->setObjectName(QStringLiteral("limitMode"));
    m_limit->setObjectName(QStringLiteral("limit"));
    m_checksum->setObjectName(QStringLiteral("checksum"));
    m_headers->setObjectName(QStringLiteral("headers"));
    m_message->setObjectName(QStringLiteral("message"));

    m_limit->setRange(1, kMaxLimitKiB);
    m_limit->setSuffix(tr(" KiB/s"));
    m_limit->setValue(1024);
    m_checksum->setPlaceholderText(tr("none, or sha-256=HEX (also sha-512, sha-1, md5)"));
    m_headers->setPlaceholderText(tr("One \u201cName: value\u201d per line, sent with every request"));
    m_headers->setTabChangesFocus(true);
    m_headers->setMinimumHeight(fontMetrics().lineSpacing() * 5);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    auto *limitRow = new QHBoxLayout;
    limitRow->addWidget(m_limitMode, 1);
    limitRow->addWidget(m_limit);
    auto *form = new QFormLayout;
    form->addRow(tr("File &name:"), m_name);
    form->addRow(tr("&Folder:"), m_folder);
    form->addRow(tr("&Connections:"), m_split);
    auto *limitLabel = new QLabel(tr("&Speed limit:"), this);  // a row of two: the label needs its buddy named
    limitLabel->setBuddy(m_limitMode);
    form->addRow(limitLabel, limitRow);
    form->addRow(tr("Chec&ksum:"), m_checksum);
    form->addRow(tr("&Headers:"), m_headers);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &PropertiesDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &PropertiesDialog::reject);

    fill();
    // Connected after filling: only what the person does marks a field edited.
    connect(m_name, &QLineEdit::textEdited, this, [this] { m_nameEdited = true; });
    connect(m_folder, &FolderField::folderChanged, this, [this] { m_folderEdited = true; });
    connect(m_split, &QComboBox::activated, this, [this] { m_splitEdited = true; });
    connect(m_limitMode, &QComboBox::activated, this, [this] {
        m_limitEdited = true;
        m_limit->setEnabled(m_limitMode->currentData().toInt() == kLimited);
    });
    connect(m_limit, &QSpinBox::valueChanged, this, [this] { m_limitEdited = true; });
    connect(m_checksum, &QLineEdit::textEdited, this, [this] { m_checksumEdited = true; });
    connect(m_headers, &QPlainTextEdit::textChanged, this, [this] { m_headersEdited = true; });
}

QList<const Download *> PropertiesDialog::downloads() const
{
    QList<const Download *> list;
    for (const DownloadId id : m_ids) {
        if (const Download *download = m_manager->download(id))
            list.append(download);
    }
    return list;
}

void PropertiesDialog::fill()
{
    const QList<const Download *> list = downloads();
    const QString mixed = tr("Mixed: left as they are unless you change it");
    const DownloadSettings &settings = m_manager->settings();

    if (list.size() == 1) {
        m_name->setText(shownName(*list.first()));
        m_name->setPlaceholderText(tr("chosen from the server's answer"));
        if (list.first()->state() == DownloadState::Completed)
            m_name->setToolTip(tr("A completed file keeps its name"));
    } else {
        m_name->setEnabled(false);
        m_name->setPlaceholderText(tr("%n downloads: each keeps its own name", nullptr, int(list.size())));
    }

    const auto folder = common<QString>(list, [](const Download &d) { return d.folder(); });
    m_folder->setFolder(folder.value_or(QString()));
    if (!folder)
        m_folder->lineEdit()->setPlaceholderText(mixed);

    const auto split = common<std::optional<int>>(list, [](const Download &d) { return d.entry().split; });
    if (!split)
        m_split->addItem(tr("Mixed"), kMixed);
    m_split->addItem(tr("Default (%n, from Settings)", nullptr, settings.split), kDefault);
    for (int n = 1; n <= UrlEntry::kMaxSplit; ++n)
        m_split->addItem(QString::number(n), n);
    m_split->setCurrentIndex(m_split->findData(split ? split->value_or(kDefault) : kMixed));

    const auto limit = common<std::optional<qint64>>(list, [](const Download &d) { return d.entry().maxBytesPerSecond; });
    if (!limit)
        m_limitMode->addItem(tr("Mixed"), kMixed);
    m_limitMode->addItem(settings.maxBytesPerSecond > 0
                             ? tr("Default (%1, from Settings)").arg(HumanFormat::speed(settings.maxBytesPerSecond))
                             : tr("Default (unlimited, from Settings)"),
                         kDefault);
    m_limitMode->addItem(tr("Unlimited"), kUnlimited);
    m_limitMode->addItem(tr("Limit to"), kLimited);
    int mode = kMixed;
    if (limit)
        mode = !limit->has_value() ? kDefault : (**limit == 0 ? kUnlimited : kLimited);
    m_limitMode->setCurrentIndex(m_limitMode->findData(mode));
    if (mode == kLimited)
        m_limit->setValue(int(std::clamp<qint64>((**limit + 1023) / 1024, 1, kMaxLimitKiB)));
    m_limit->setEnabled(mode == kLimited);

    const auto checksum = common<QString>(list, [](const Download &d) { return checksumText(d.entry().checksum); });
    m_checksum->setText(checksum.value_or(QString()));
    if (!checksum)
        m_checksum->setPlaceholderText(mixed);

    const auto headers = common<QString>(list, [](const Download &d) { return headersText(d.entry().headers); });
    m_headers->setPlainText(headers.value_or(QString()));
    if (!headers)
        m_headers->setPlaceholderText(mixed);
}

std::optional<PropertyChanges> PropertiesDialog::changes(QStringList *problems) const
{
    PropertyChanges changes;
    QStringList found;
    if (m_nameEdited) {
        const QString name = m_name->text().trimmed();
        if (name.isEmpty())
            found.append(tr("File name: give the file a name."));
        changes.fileName = name;
    }
    if (m_folderEdited) {
        const QString folder = QDir::cleanPath(m_folder->folder());
        if (m_folder->folder().isEmpty() || !QDir::isAbsolutePath(folder))
            found.append(tr("Folder: \u201c%1\u201d is not a full path (it must start with /).").arg(m_folder->folder()));
        changes.folder = folder;
    }
    if (m_splitEdited && m_split->currentData().toInt() != kMixed) {
        const int split = m_split->currentData().toInt();
        changes.split = split == kDefault ? std::optional<int>() : std::optional<int>(split);
    }
    if (m_limitEdited && m_limitMode->currentData().toInt() != kMixed) {
        switch (m_limitMode->currentData().toInt()) {
        case kDefault: changes.maxBytesPerSecond = std::optional<qint64>(); break;
        case kUnlimited: changes.maxBytesPerSecond = std::optional<qint64>(0); break;
        default: changes.maxBytesPerSecond = std::optional<qint64>(qint64(m_limit->value()) * 1024); break;
        }
    }
    if (m_checksumEdited) {
        const QString text = m_checksum->text().trimmed();
        if (text.isEmpty()) {
            changes.checksum = std::optional<ChecksumSpec>();
        } else if (const Result<ChecksumSpec> parsed = ChecksumSpec::parse(text); parsed.ok()) {
            changes.checksum = std::optional<ChecksumSpec>(parsed.value());
        } else {
            found.append(tr("Checksum: %1.").arg(parsed.problem()));
        }
    }
    if (m_headersEdited) {
        QList<QPair<QByteArray, QByteArray>> headers;
        const QStringList lines = m_headers->toPlainText().split(u'\n');
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (lines.at(i).trimmed().isEmpty())
                continue;
            if (const Result<HeaderLine::Header> header = HeaderLine::parse(lines.at(i)); header.ok())
                headers.append(header.value());
            else
                found.append(tr("Headers, line %1: %2.").arg(i + 1).arg(header.problem()));
        }
        changes.headers = headers;
    }
    if (problems)
        *problems = found;
    if (!found.isEmpty())
        return std::nullopt;
    return changes;
}

void PropertiesDialog::accept()
{
    QStringList problems;
    const std::optional<PropertyChanges> edited = changes(&problems);
    if (!edited) {
        showMessage(problems);
        return;
    }
    const QStringList refused = edited->isEmpty() ? QStringList() : m_manager->setProperties(m_ids, *edited);
    if (refused.isEmpty()) {
        QDialog::accept();
        return;
    }
    // The rest applied: OK again would only repeat the refusals.
    showMessage(QStringList{tr("Everything else was applied, but not this:")} + refused);
    m_buttons->setStandardButtons(QDialogButtonBox::Close);  // rejects, as Cancel did
    for (QWidget *field : std::initializer_list<QWidget *>{m_name, m_folder, m_split, m_limitMode, m_limit, m_checksum, m_headers})
        field->setEnabled(false);
}

void PropertiesDialog::showMessage(const QStringList &lines)
{
    m_message->setText(lines.join(u'\n'));
    m_message->setVisible(!lines.isEmpty());
}
