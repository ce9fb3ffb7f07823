#pragma once

#include "engine/download.h"
#include "engine/linkcheck.h"

#include <QDialog>
#include <QPointer>
#include <QUrl>

class DownloadManager;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

// Gives one unfinished download a new link: shows the old link, takes the new one (filled from
// the clipboard when it holds one http(s) link), has the engine check it (LinkChanges) and says
// what it found; when the new link may serve another file it lists the differences and offers
// Keep the Data (when allowed), Start Over or Cancel. Closing it undecided changes nothing.
// GUI thread.
class ChangeLinkDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChangeLinkDialog)

public:
    // clipboardText: what the clipboard holds (the new-link field takes it when it is one link).
    // A check of id already asking or awaiting a decision (from the Add dialog) is shown as it stands.
    ChangeLinkDialog(DownloadManager *manager, DownloadId id, const QString &clipboardText, QWidget *parent = nullptr);
    ~ChangeLinkDialog() override;

    // The one http(s) link text holds, trimmed, or an empty URL.
    static QUrl singleLink(const QString &text);

    QLineEdit *newLinkField() const { return m_newLink; }
    QLabel *statusLabel() const { return m_status; }
    QPushButton *checkButton() const { return m_check; }
    QPushButton *keepButton() const { return m_keep; }
    QPushButton *startOverButton() const { return m_startOver; }

Q_SIGNALS:
    void message(const QString &text);  // an outcome for the status bar

private:
    enum class Tone { Plain, Good, Warning };
    void check();
    void onChecked(DownloadId id, const LinkCheck &result);
    void showDifferences(const LinkCheck &result);
    void decide(int choice);
    void setStatus(const QString &text, Tone tone);
    void setChecking(bool checking);
    void newLinkEdited();

    QPointer<DownloadManager> m_manager;
    DownloadId m_id;
    QString m_name;
    QLineEdit *m_oldLink;
    QLineEdit *m_newLink;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
    QPushButton *m_check;
    QPushButton *m_keep;
    QPushButton *m_startOver;
    QUrl m_pendingUrl;        // the link of a check awaiting a decision when the dialog opened
    bool m_awaiting = false;  // a checked link waits for Keep, Start Over or Cancel
    bool m_done = false;      // the new link is in place
};
