#pragma once

#include "relinkoffers.h"

#include <QGroupBox>
#include <QList>

class QListWidget;

// The Add dialog's section for links that look like new links of unfinished downloads: one
// checked row each, "Use as new link for <name>"; an unchecked row is added as a separate
// download instead. GUI thread.
class RelinkOfferList final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RelinkOfferList)

public:
    explicit RelinkOfferList(QList<RelinkOffer> offers, QWidget *parent = nullptr);

    QList<RelinkOffer> chosen() const;    // checked: the download gets the link, after a check
    QList<UrlEntry> declined() const;     // unchecked: added as new downloads
    int count() const { return int(m_offers.size()); }
    QListWidget *list() const { return m_list; }

Q_SIGNALS:
    void choiceChanged();

private:
    QList<RelinkOffer> m_offers;
    QListWidget *m_list;
};
