#pragma once

#include "engine/download.h"
#include "engine/propertychanges.h"

#include <QDialog>
#include <QList>
#include <QStringList>

class DownloadManager;
class FolderField;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

// The Properties dialog of one or more downloads: shows their file name, folder, connections,
// speed limit, checksum and extra headers (a value that differs between them as mixed), checks
// what the person typed before OK closes it, and hands only the edited fields to
// DownloadManager::setProperties(), showing every change a download's state refused. GUI thread.
class PropertiesDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PropertiesDialog)

public:
    PropertiesDialog(DownloadManager *manager, QList<DownloadId> ids, QWidget *parent = nullptr);

    // The edited fields as changes, or an empty optional with a sentence per bad field or line.
    std::optional<PropertyChanges> changes(QStringList *problems) const;
    void accept() override;

    QLineEdit *nameEdit() const { return m_name; }
    FolderField *folderField() const { return m_folder; }
    QComboBox *splitBox() const { return m_split; }
    QComboBox *limitBox() const { return m_limitMode; }
    QSpinBox *limitSpin() const { return m_limit; }
    QLineEdit *checksumEdit() const { return m_checksum; }
    QPlainTextEdit *headersEdit() const { return m_headers; }
    QLabel *messageLabel() const { return m_message; }
    QDialogButtonBox *buttons() const { return m_buttons; }

    // The combo boxes' item data: follow the settings, unlimited, a limit, or mixed (left alone).
    static constexpr int kMixed = -2;
    static constexpr int kDefault = -1;
    static constexpr int kUnlimited = 0;
    static constexpr int kLimited = 1;

private:
    void fill();
    void showMessage(const QStringList &lines);
    QList<const Download *> downloads() const;

    DownloadManager *m_manager;
    QList<DownloadId> m_ids;
    QLineEdit *m_name;
    FolderField *m_folder;
    QComboBox *m_split;
    QComboBox *m_limitMode;
    QSpinBox *m_limit;  // KiB/s
    QLineEdit *m_checksum;
    QPlainTextEdit *m_headers;
    QLabel *m_message;
    QDialogButtonBox *m_buttons;
    // Which fields the person touched: the others are left as they are, mixed or not.
    bool m_nameEdited = false;
    bool m_folderEdited = false;
    bool m_splitEdited = false;
    bool m_limitEdited = false;
    bool m_checksumEdited = false;
    bool m_headersEdited = false;
};
