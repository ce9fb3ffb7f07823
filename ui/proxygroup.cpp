#include "proxygroup.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QRadioButton>
#include <QSpinBox>

ProxyGroup::ProxyGroup(QWidget *parent)
    : QGroupBox(tr("Proxy"), parent)
    , m_none(new QRadioButton(tr("&No proxy"), this))
    , m_system(new QRadioButton(tr("S&ystem proxy"), this))
    , m_manual(new QRadioButton(tr("&Manual:"), this))
    , m_type(new QComboBox(this))
    , m_host(new QLineEdit(this))
    , m_port(new QSpinBox(this))
    , m_user(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_noProxy(new QLineEdit(this))
{
    setObjectName(QStringLiteral("proxy"));
    m_none->setObjectName(QStringLiteral("proxyNone"));
    m_system->setObjectName(QStringLiteral("proxySystem"));
    m_system->setToolTip(tr("Use the proxy the environment names: http_proxy, https_proxy, all_proxy and no_proxy."));
    m_manual->setObjectName(QStringLiteral("proxyManual"));
    m_type->setObjectName(QStringLiteral("proxyType"));
    m_type->addItem(tr("HTTP"), int(ProxySettings::Type::Http));
    m_type->addItem(tr("SOCKS5"), int(ProxySettings::Type::Socks5));
    m_host->setObjectName(QStringLiteral("proxyHost"));
    m_host->setPlaceholderText(tr("proxy.example.com"));
    m_port->setObjectName(QStringLiteral("proxyPort"));
    m_port->setRange(1, 65535);
    m_port->setValue(8080);
    m_user->setObjectName(QStringLiteral("proxyUser"));
    m_user->setPlaceholderText(tr("optional"));
    m_password->setObjectName(QStringLiteral("proxyPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setToolTip(tr("Kept in Gather's settings file, which only your user account can read."));
    m_noProxy->setObjectName(QStringLiteral("noProxy"));
    m_noProxy->setPlaceholderText(tr("localhost, .example.com, 10.0.0.0/8"));
    m_noProxy->setToolTip(tr("Hosts reached directly, separated by commas: names (with their subdomains), .domains, "
                             "IP addresses, CIDR ranges, or * for all. With the system proxy, added to no_proxy."));

    auto *modes = new QHBoxLayout;
    modes->addWidget(m_none);
    modes->addWidget(m_system);
    modes->addWidget(m_manual);
    modes->addStretch(1);
    auto *server = new QHBoxLayout;
    server->addWidget(m_type);
    server->addWidget(m_host, 1);
    server->addWidget(m_port);
    auto *form = new QFormLayout(this);
    form->addRow(modes);
    form->addRow(tr("Pro&xy server:"), server);
    form->addRow(tr("&User:"), m_user);
    form->addRow(tr("Pass&word:"), m_password);
    form->addRow(tr("No proxy &for:"), m_noProxy);

    for (QRadioButton *mode : {m_none, m_system, m_manual}) {
        connect(mode, &QRadioButton::toggled, this, &ProxyGroup::updateEnabled);
        connect(mode, &QRadioButton::toggled, this, &ProxyGroup::edited);
    }
    connect(m_type, &QComboBox::currentIndexChanged, this, &ProxyGroup::edited);
    connect(m_port, &QSpinBox::valueChanged, this, &ProxyGroup::edited);
    for (QLineEdit *edit : {m_host, m_user, m_password, m_noProxy})
        connect(edit, &QLineEdit::textChanged, this, &ProxyGroup::edited);
    m_system->setChecked(true);
    updateEnabled();
}

ProxySettings ProxyGroup::proxy() const
{
    ProxySettings proxy;
    proxy.mode = m_none->isChecked() ? ProxySettings::Mode::None
        : m_manual->isChecked()      ? ProxySettings::Mode::Manual
                                     : ProxySettings::Mode::System;
    proxy.type = ProxySettings::Type(m_type->currentData().toInt());
    proxy.host = m_host->text().trimmed();
    proxy.port = quint16(m_port->value());
    proxy.user = m_user->text();
    proxy.password = m_password->text();
    proxy.noProxy = ProxySettings::splitList(m_noProxy->text());
    return proxy;
}

void ProxyGroup::setProxy(const ProxySettings &proxy)
{
    switch (proxy.mode) {
    case ProxySettings::Mode::None: m_none->setChecked(true); break;
    case ProxySettings::Mode::System: m_system->setChecked(true); break;
    case ProxySettings::Mode::Manual: m_manual->setChecked(true); break;
    }
    m_type->setCurrentIndex(std::max(0, m_type->findData(int(proxy.type))));
    m_host->setText(proxy.host);
    if (proxy.port > 0)
        m_port->setValue(proxy.port);
    m_user->setText(proxy.user);
    m_password->setText(proxy.password);
    m_noProxy->setText(proxy.noProxy.join(QStringLiteral(", ")));
    updateEnabled();
}

void ProxyGroup::updateEnabled()
{
    const bool manual = m_manual->isChecked();
    for (QWidget *field : std::initializer_list<QWidget *>{m_type, m_host, m_port, m_user, m_password})
        field->setEnabled(manual);
    m_noProxy->setEnabled(!m_none->isChecked());
}
