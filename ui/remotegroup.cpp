#include "remotegroup.h"

#include "folderfield.h"
#include "rpc/rpcsecret.h"

#include <QCheckBox>
#include <QClipboard>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>

namespace {

const QColor kProblemColour(0xc0, 0x1c, 0x28);  // readable on light and dark window colours

} // namespace

RemoteGroup::RemoteGroup(QWidget *parent)
    : QGroupBox(tr("Remote control (aria2 JSON-RPC)"), parent)
    , m_enabled(new QCheckBox(tr("&Let browser extensions and programs send downloads to Gather"), this))
    , m_port(new QSpinBox(this))
    , m_allInterfaces(new QCheckBox(tr("Listen on all network &interfaces, not only this computer"), this))
    , m_warning(new QLabel(this))
    , m_secret(new QLineEdit(this))
    , m_copySecret(new QPushButton(tr("&Copy"), this))
    , m_newSecret(new QPushButton(tr("&New"), this))
    , m_origins(new QLineEdit(this))
    , m_restrictFolder(new QCheckBox(tr("Allow remote downloads only &into:"), this))
    , m_folder(new FolderField(this))
    , m_endpoint(new QLabel(this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("remote"));
    m_enabled->setObjectName(QStringLiteral("remoteEnabled"));
    m_enabled->setToolTip(tr("Gather answers aria2's JSON-RPC, so extensions and web front ends made for aria2 "
                             "(AriaNg and others) work with it. Each request needs the secret below."));
    m_port->setObjectName(QStringLiteral("remotePort"));
    m_port->setRange(1024, 65535);
    m_port->setValue(RemoteAccess::kDefaultPort);
    m_port->setToolTip(tr("6800 is aria2's port, which extensions try first."));
    m_allInterfaces->setObjectName(QStringLiteral("remoteAllInterfaces"));
    m_warning->setObjectName(QStringLiteral("remoteWarning"));
    m_warning->setWordWrap(true);
    QPalette warningPalette = m_warning->palette();
    warningPalette.setColor(QPalette::WindowText, kProblemColour);
    m_warning->setPalette(warningPalette);
    m_warning->setText(tr("Other computers on your network can reach Gather then. Anyone who learns the secret "
                          "can download files onto this computer."));
    m_secret->setObjectName(QStringLiteral("remoteSecret"));
    m_secret->setReadOnly(true);
    m_secret->setToolTip(tr("Give this to the extension or front end as its \"secret token\"."));
    m_copySecret->setObjectName(QStringLiteral("remoteCopySecret"));
    m_newSecret->setObjectName(QStringLiteral("remoteNewSecret"));
    m_newSecret->setToolTip(tr("Make a new secret; programs that know the old one are refused from then on."));
    m_origins->setObjectName(QStringLiteral("remoteOrigins"));
    m_origins->setPlaceholderText(tr("http://localhost:6880"));
    m_origins->setToolTip(tr("Web pages that may use the endpoint, separated by spaces or commas. Browser "
                             "extensions are always allowed; other web pages are refused."));
    m_restrictFolder->setObjectName(QStringLiteral("remoteRestrictFolder"));
    m_folder->setObjectName(QStringLiteral("remoteFolder"));
    m_endpoint->setObjectName(QStringLiteral("remoteEndpoint"));
    m_endpoint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setObjectName(QStringLiteral("remoteStatus"));
    m_status->setWordWrap(true);

    auto *secretRow = new QHBoxLayout;
    secretRow->addWidget(m_secret, 1);
    secretRow->addWidget(m_copySecret);
    secretRow->addWidget(m_newSecret);
    auto *form = new QFormLayout(this);
    form->addRow(m_enabled);
    form->addRow(tr("&Port:"), m_port);
    form->addRow(m_allInterfaces);
    form->addRow(m_warning);
    form->addRow(tr("Secret:"), secretRow);  // a row of three: no label buddy for a mnemonic
    form->addRow(tr("Allowed web &pages:"), m_origins);
    form->addRow(m_restrictFolder);
    form->addRow(m_folder);
    form->addRow(tr("Address:"), m_endpoint);
    form->addRow(m_status);

    connect(m_enabled, &QCheckBox::toggled, this, [this](bool on) {
        if (on && m_secret->text().isEmpty())
            renewSecret();  // a secret exists before the endpoint can first listen
        updateEnabled();
        Q_EMIT edited();
    });
    connect(m_allInterfaces, &QCheckBox::toggled, this, [this] {
        updateEnabled();
        Q_EMIT edited();
    });
    connect(m_restrictFolder, &QCheckBox::toggled, this, [this] {
        updateEnabled();
        Q_EMIT edited();
    });
    connect(m_port, &QSpinBox::valueChanged, this, [this] {
        updateEnabled();
        Q_EMIT edited();
    });
    connect(m_origins, &QLineEdit::textChanged, this, &RemoteGroup::edited);
    connect(m_folder, &FolderField::folderChanged, this, &RemoteGroup::edited);
    connect(m_copySecret, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_secret->text()); });
    connect(m_newSecret, &QPushButton::clicked, this, &RemoteGroup::renewSecret);
    updateEnabled();
}

RemoteAccess RemoteGroup::access() const
{
    RemoteAccess access;
    access.enabled = m_enabled->isChecked();
    access.port = m_port->value();
    access.allInterfaces = m_allInterfaces->isChecked();
    access.secret = m_secret->text();
    static const QRegularExpression separators(QStringLiteral("[\\s,]+"));
    access.allowedOrigins = m_origins->text().split(separators, Qt::SkipEmptyParts);
    access.allowedFolder = m_restrictFolder->isChecked() ? m_folder->folder() : QString();
    return access;
}

void RemoteGroup::setAccess(const RemoteAccess &access)
{
    const QSignalBlocker blockEnabled(m_enabled);
    m_enabled->setChecked(access.enabled);
    m_port->setValue(access.port);
    m_allInterfaces->setChecked(access.allInterfaces);
    m_secret->setText(access.secret);
    m_origins->setText(access.allowedOrigins.join(QStringLiteral(" ")));
    m_restrictFolder->setChecked(!access.allowedFolder.isEmpty());
    m_folder->setFolder(access.allowedFolder);
    updateEnabled();
}

bool RemoteGroup::restrictsFolder() const
{
    return m_restrictFolder->isChecked();
}

void RemoteGroup::setStatus(const QString &text, bool problem)
{
    m_status->setText(text);
    QPalette palette = this->palette();
    if (problem)
        palette.setColor(QPalette::WindowText, kProblemColour);
    m_status->setPalette(palette);
}

void RemoteGroup::updateEnabled()
{
    const bool on = m_enabled->isChecked();
    for (QWidget *field : std::initializer_list<QWidget *>{m_port, m_allInterfaces, m_secret, m_copySecret, m_newSecret,
                                                           m_origins, m_restrictFolder, m_endpoint})
        field->setEnabled(on);
    m_folder->setEnabled(on && m_restrictFolder->isChecked());
    m_warning->setVisible(on && m_allInterfaces->isChecked());
    const QString host = m_allInterfaces->isChecked() ? tr("this computer's address") : QStringLiteral("127.0.0.1");
    m_endpoint->setText(QStringLiteral("http://%1:%2/jsonrpc  ·  ws://%1:%2/jsonrpc").arg(host).arg(m_port->value()));
}

void RemoteGroup::renewSecret()
{
    m_secret->setText(RpcSecret::generate());
    Q_EMIT edited();
}
