#pragma once

#include "remoteaccess.h"

#include <QGroupBox>

class FolderField;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

// The Remote control part of the Settings dialog: whether browser extensions and programs may
// drive Gather over aria2's JSON-RPC, the port, the secret they need (shown, copied, renewed),
// web origins and the folder remote downloads are kept to, and whether the endpoint is
// listening now. GUI thread.
class RemoteGroup final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemoteGroup)

public:
    explicit RemoteGroup(QWidget *parent = nullptr);

    RemoteAccess access() const;
    void setAccess(const RemoteAccess &access);
    // What the running endpoint says: empty while off, else "Listening on ..." or why it cannot.
    void setStatus(const QString &text, bool problem);
    FolderField *folderField() const { return m_folder; }
    bool restrictsFolder() const;  // the "only into" box is ticked

Q_SIGNALS:
    void edited();

private:
    void updateEnabled();
    void renewSecret();

    QCheckBox *m_enabled;
    QSpinBox *m_port;
    QCheckBox *m_allInterfaces;
    QLabel *m_warning;
    QLineEdit *m_secret;
    QPushButton *m_copySecret;
    QPushButton *m_newSecret;
    QLineEdit *m_origins;
    QCheckBox *m_restrictFolder;
    FolderField *m_folder;
    QLabel *m_endpoint;
    QLabel *m_status;
};
