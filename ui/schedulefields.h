#pragma once

#include "base/timewindow.h"

#include <QWidget>

class QCheckBox;
class QSpinBox;
class QTimeEdit;

// The Settings rows for the clock: "Start downloads only between [22:00] and [06:00]" and
// "Between [09:00] and [18:00] limit all downloads to [N KiB/s]", each with a check box that
// turns it on. Emits edited() on any change. GUI thread.
class ScheduleFields final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScheduleFields)

public:
    explicit ScheduleFields(int maxLimitKiB, QWidget *parent = nullptr);

    TimeWindow startWindow() const;  // unset when its box is unchecked
    TimeWindow slowWindow() const;
    int slowLimitKiB() const;
    void setValues(const TimeWindow &start, const TimeWindow &slow, int slowLimitKiB);

Q_SIGNALS:
    void edited();

private:
    QTimeEdit *timeEdit(const char *name, QTime time);
    TimeWindow windowOf(const QCheckBox *box, const QTimeEdit *from, const QTimeEdit *to) const;
    void updateEnabled();

    QCheckBox *m_startOn;
    QTimeEdit *m_startFrom;
    QTimeEdit *m_startTo;
    QCheckBox *m_slowOn;
    QTimeEdit *m_slowFrom;
    QTimeEdit *m_slowTo;
    QSpinBox *m_slowLimit;
};
