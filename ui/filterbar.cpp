#include "filterbar.h"

#include "list/downloadlistmodel.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>

FilterBar::FilterBar(DownloadListModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_text(new QLineEdit(this))
    , m_state(new QComboBox(this))
    , m_focusAction(new QAction(tr("&Find"), this))
{
    m_text->setObjectName(QStringLiteral("filterText"));
    m_text->setAccessibleName(tr("Filter by name or URL"));
    m_text->setClearButtonEnabled(true);
    m_text->setToolTip(tr("Show only downloads whose name or URL contains this text (Ctrl+F)"));
    m_text->setMinimumWidth(m_text->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 26);
    m_text->setPlaceholderText(tr("Filter by name or URL"));
    m_state->setObjectName(QStringLiteral("filterState"));
    m_state->setAccessibleName(tr("Show downloads"));
    using F = DownloadListModel::StateFilter;
    m_state->addItem(tr("All"), int(F::All));
    m_state->addItem(tr("Active"), int(F::Active));
    m_state->addItem(tr("Queued"), int(F::Queued));
    m_state->addItem(tr("Completed"), int(F::Completed));
    m_state->addItem(tr("Failed"), int(F::Failed));
    m_state->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    auto *show = new QLabel(tr("Show:"), this);
    show->setBuddy(m_state);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->addWidget(m_text, 1);
    layout->addSpacing(8);
    layout->addWidget(show);
    layout->addWidget(m_state);

    m_focusAction->setShortcut(QKeySequence::Find);
    connect(m_focusAction, &QAction::triggered, m_text, [this] {
        m_text->setFocus(Qt::ShortcutFocusReason);
        m_text->selectAll();
    });

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &FilterBar::applyText);
    connect(m_text, &QLineEdit::textChanged, &m_debounce, qOverload<>(&QTimer::start));
    connect(m_text, &QLineEdit::returnPressed, this, &FilterBar::applyText);
    connect(m_state, &QComboBox::currentIndexChanged, this, &FilterBar::applyState);
}

void FilterBar::applyText()
{
    m_debounce.stop();
    if (m_model->textFilter() != m_text->text().trimmed())
        m_model->setTextFilter(m_text->text().trimmed());
}

void FilterBar::applyState()
{
    m_model->setStateFilter(DownloadListModel::StateFilter(m_state->currentData().toInt()));
}
