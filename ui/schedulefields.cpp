#include "schedulefields.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QLabel>
#include <QSpinBox>
#include <QTimeEdit>

ScheduleFields::ScheduleFields(int maxLimitKiB, QWidget *parent)
    : QWidget(parent)
    , m_startOn(new QCheckBox(tr("Start downloads only &between"), this))
    , m_startFrom(timeEdit("startFrom", QTime(22, 0)))
    , m_startTo(timeEdit("startTo", QTime(6, 0)))
    , m_slowOn(new QCheckBox(tr("Bet&ween"), this))
    , m_slowFrom(timeEdit("slowFrom", QTime(9, 0)))
    , m_slowTo(timeEdit("slowTo", QTime(18, 0)))
    , m_slowLimit(new QSpinBox(this))
{
    m_startOn->setObjectName(QStringLiteral("startWindowOn"));
    m_startOn->setToolTip(tr("Outside these hours queued downloads wait; running ones finish. Start Now still "
                             "starts one at once. The end may be after midnight."));
    m_slowOn->setObjectName(QStringLiteral("slowWindowOn"));
    m_slowOn->setToolTip(tr("During these hours this limit replaces the speed limit for all downloads."));
    m_slowLimit->setObjectName(QStringLiteral("slowLimit"));
    m_slowLimit->setRange(0, maxLimitKiB);
    m_slowLimit->setSingleStep(256);
    m_slowLimit->setSuffix(tr(" KiB/s"));
    m_slowLimit->setSpecialValueText(tr("Unlimited"));
    m_slowLimit->setValue(1024);

    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_startOn, 0, 0);
    grid->addWidget(m_startFrom, 0, 1);
    grid->addWidget(new QLabel(tr("and"), this), 0, 2);
    grid->addWidget(m_startTo, 0, 3);
    grid->addWidget(m_slowOn, 1, 0);
    grid->addWidget(m_slowFrom, 1, 1);
    grid->addWidget(new QLabel(tr("and"), this), 1, 2);
    grid->addWidget(m_slowTo, 1, 3);
    auto *limitLabel = new QLabel(tr("limit all downloads &to"), this);
    limitLabel->setBuddy(m_slowLimit);
    grid->addWidget(limitLabel, 1, 4);
    grid->addWidget(m_slowLimit, 1, 5);
    grid->setColumnStretch(6, 1);

    for (QCheckBox *box : {m_startOn, m_slowOn}) {
        connect(box, &QCheckBox::toggled, this, &ScheduleFields::updateEnabled);
        connect(box, &QCheckBox::toggled, this, &ScheduleFields::edited);
    }
    for (QTimeEdit *edit : {m_startFrom, m_startTo, m_slowFrom, m_slowTo})
        connect(edit, &QTimeEdit::timeChanged, this, &ScheduleFields::edited);
    connect(m_slowLimit, &QSpinBox::valueChanged, this, &ScheduleFields::edited);
    updateEnabled();
}

QTimeEdit *ScheduleFields::timeEdit(const char *name, QTime time)
{
    auto *edit = new QTimeEdit(time, this);
    edit->setObjectName(QString::fromLatin1(name));
    edit->setDisplayFormat(QStringLiteral("HH:mm"));
    edit->setWrapping(true);
    return edit;
}

TimeWindow ScheduleFields::windowOf(const QCheckBox *box, const QTimeEdit *from, const QTimeEdit *to) const
{
    return box->isChecked() ? TimeWindow{from->time(), to->time()} : TimeWindow{};
}

TimeWindow ScheduleFields::startWindow() const
{
    return windowOf(m_startOn, m_startFrom, m_startTo);
}

TimeWindow ScheduleFields::slowWindow() const
{
    return windowOf(m_slowOn, m_slowFrom, m_slowTo);
}

int ScheduleFields::slowLimitKiB() const
{
    return m_slowLimit->value();
}

void ScheduleFields::setValues(const TimeWindow &start, const TimeWindow &slow, int slowLimitKiB)
{
    // An unset window keeps the times shown, so turning it back on offers them again.
    m_startOn->setChecked(start.isSet());
    if (start.isSet()) {
        m_startFrom->setTime(start.from);
        m_startTo->setTime(start.to);
    }
    m_slowOn->setChecked(slow.isSet());
    if (slow.isSet()) {
        m_slowFrom->setTime(slow.from);
        m_slowTo->setTime(slow.to);
    }
    m_slowLimit->setValue(slowLimitKiB);
    updateEnabled();
}

void ScheduleFields::updateEnabled()
{
    m_startFrom->setEnabled(m_startOn->isChecked());
    m_startTo->setEnabled(m_startOn->isChecked());
    for (QWidget *w : std::initializer_list<QWidget *>{m_slowFrom, m_slowTo, m_slowLimit})
        w->setEnabled(m_slowOn->isChecked());
}
