#pragma once

#include "base/proxysettings.h"

#include <QGroupBox>

class QComboBox;
class QLineEdit;
class QRadioButton;
class QSpinBox;

// The Proxy part of the Settings dialog: none, the system's, or one given by hand (HTTP or
// SOCKS5, host, port, credentials) and the hosts reached directly. GUI thread.
class ProxyGroup final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProxyGroup)

public:
    explicit ProxyGroup(QWidget *parent = nullptr);

    ProxySettings proxy() const;
    void setProxy(const ProxySettings &proxy);

Q_SIGNALS:
    void edited();

private:
    void updateEnabled();

    QRadioButton *m_none;
    QRadioButton *m_system;
    QRadioButton *m_manual;
    QComboBox *m_type;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QLineEdit *m_noProxy;
};
