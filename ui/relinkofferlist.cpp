#include "relinkofferlist.h"

#include "base/safetext.h"

#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

namespace {

constexpr int kNameLimit = 80;
constexpr int kLinkLimit = 200;
constexpr int kRowsShown = 4;

} // namespace

RelinkOfferList::RelinkOfferList(QList<RelinkOffer> offers, QWidget *parent)
    : QGroupBox(parent)
    , m_offers(std::move(offers))
    , m_list(new QListWidget(this))
{
    setObjectName(QStringLiteral("relinkSection"));
    setTitle(tr("New links for unfinished downloads (%1)").arg(m_offers.size()));
    m_list->setObjectName(QStringLiteral("relinks"));
    m_list->setAccessibleName(title());
    for (const RelinkOffer &offer : std::as_const(m_offers)) {
        auto *item = new QListWidgetItem(tr("Use as new link for %1 \u2014 %2")
                                             .arg(SafeText::display(offer.name, kNameLimit),
                                                  SafeText::display(offer.entry.url.toDisplayString(), kLinkLimit)),
                                         m_list);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
        item->setToolTip(tr("Checked: after a check that it serves the same file, %1 goes on from this link with "
                            "the data it has. Unchecked: added as a separate download.")
                             .arg(SafeText::display(offer.name, kNameLimit)));
    }
    const int rows = int(std::min<qsizetype>(m_offers.size(), kRowsShown));
    m_list->setMaximumHeight(m_list->sizeHintForRow(0) * rows + 2 * m_list->frameWidth() + 4);
    auto *hint = new QLabel(tr("A link with the same file name and folder as an unfinished download. "
                               "Uncheck it to add it as a separate download."), this);
    hint->setWordWrap(true);
    hint->setEnabled(false);  // a quiet hint, not a control
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_list);
    layout->addWidget(hint);
    connect(m_list, &QListWidget::itemChanged, this, &RelinkOfferList::choiceChanged);
}

QList<RelinkOffer> RelinkOfferList::chosen() const
{
    QList<RelinkOffer> result;
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->checkState() == Qt::Checked)
            result.append(m_offers.at(row));
    }
    return result;
}

QList<UrlEntry> RelinkOfferList::declined() const
{
    QList<UrlEntry> result;
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->checkState() != Qt::Checked)
            result.append(m_offers.at(row).entry);
    }
    return result;
}
