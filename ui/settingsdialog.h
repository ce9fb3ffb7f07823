#pragma once

#include "appsettings.h"

#include <QDialog>

class CategoryGroup;
class CookiesFileField;
class FolderField;
class ProxyGroup;
class QCheckBox;
class RemoteGroup;
class QComboBox;
class QDialogButtonBox;
class QLineEdit;
class QSpinBox;
class QTabWidget;
class ScheduleFields;

// The Settings dialog: edits a copy of AppSettings' values and writes them back on OK or Apply
// (AppSettings then emits changed(), which the composition root applies to the engine at once).
// GUI thread.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    explicit SettingsDialog(AppSettings *settings, QWidget *parent = nullptr);

    // What the widgets show now, clamped, whether saved or not.
    AppSettings::Values values() const;
    void setValues(const AppSettings::Values &values);
    FolderField *folderField() const { return m_folder; }
    CookiesFileField *cookiesField() const { return m_cookiesFile; }
    ScheduleFields *scheduleFields() const { return m_schedule; }
    QDialogButtonBox *buttons() const { return m_buttons; }
    CategoryGroup *categoryGroup() const { return m_categories; }
    RemoteGroup *remoteGroup() const { return m_remote; }

    void apply();
    void restoreDefaults();
    void accept() override;

private:
    QSpinBox *spinBox(const char *name, int min, int max, const QString &suffix, const QString &toolTip);
    void updateApplyButton();
    // False, with the reason shown under the field, when the cookies file named cannot be used.
    bool editsUsable();
    void showPageOf(QWidget *field);  // the page holding field becomes the current one
    bool isValid() const;  // a folder that is absolute, and a host for a manual proxy

    AppSettings *m_settings;
    FolderField *m_folder;
    QSpinBox *m_maxConcurrent;
    QSpinBox *m_maxPerHost;
    QSpinBox *m_split;
    QSpinBox *m_minSegment;  // MiB
    QSpinBox *m_connectTimeout;
    QSpinBox *m_idleTimeout;
    QSpinBox *m_retries;
    QSpinBox *m_overallLimit;   // KiB/s; 0 = unlimited
    QSpinBox *m_downloadLimit;
    ScheduleFields *m_schedule;
    QComboBox *m_existingFile;
    QComboBox *m_dropAction;
    QComboBox *m_closeAction;
    QCheckBox *m_notify;
    QCheckBox *m_resumeOnStart;
    QCheckBox *m_askBeforeLosing;
    QCheckBox *m_watchClipboard = nullptr;
    CookiesFileField *m_cookiesFile;
    QLineEdit *m_userAgent;
    ProxyGroup *m_proxy;
    CategoryGroup *m_categories;
    RemoteGroup *m_remote;
    QTabWidget *m_pages;
    QDialogButtonBox *m_buttons;
    // The smallest part in bytes as last set: a stored value that is not whole MiB survives a
    // dialog that did not touch it.
    qint64 m_minSegmentBytes = 0;
};
