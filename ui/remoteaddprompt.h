#pragma once

#include "engine/download.h"

#include <QDialog>
#include <QList>
#include <QStringList>

class QLabel;

// Asks the person about downloads a browser extension or program sent over remote control while
// the Add dialog is wanted for new links: they are listed at once, paused (the client has its
// GIDs), and wait here for Start or Remove; closing the prompt leaves them paused in the list.
// Sends arriving while it is open join it. GUI thread.
class RemoteAddPrompt final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemoteAddPrompt)

public:
    static constexpr int kNamesShown = 8;

    explicit RemoteAddPrompt(QWidget *parent = nullptr);

    // names: what the list shows for each (file name, else the link without its password).
    void add(const QList<DownloadId> &ids, const QStringList &names);
    QList<DownloadId> ids() const { return m_ids; }

Q_SIGNALS:
    void startRequested(const QList<DownloadId> &ids);
    void removeRequested(const QList<DownloadId> &ids);

private:
    void updateText();
    void finish(bool start);

    QLabel *m_text;
    QList<DownloadId> m_ids;
    QStringList m_names;
};
