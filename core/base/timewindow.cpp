#include "base/timewindow.h"

#include <algorithm>

namespace {

constexpr qint64 kDayMs = 24 * 60 * 60 * 1000;

// From a to b going forward on the clock, in (0, one day].
qint64 forward(QTime a, QTime b)
{
    const qint64 ms = (qint64(a.msecsTo(b)) + kDayMs) % kDayMs;
    return ms == 0 ? kDayMs : ms;
}

} // namespace

bool TimeWindow::contains(QTime time) const
{
    if (!isSet() || from == to)
        return true;
    if (from < to)
        return time >= from && time < to;
    return time >= from || time < to;  // across midnight
}

qint64 TimeWindow::msecsToNextEdge(QTime now) const
{
    if (!isSet() || from == to)
        return kDayMs;
    return std::min(forward(now, from), forward(now, to));
}

QString TimeWindow::toString() const
{
    if (!isSet())
        return {};
    return from.toString(u"HH:mm") + u'-' + to.toString(u"HH:mm");
}

std::optional<TimeWindow> TimeWindow::parse(QStringView text)
{
    text = text.trimmed();
    if (text.isEmpty())
        return TimeWindow{};
    const qsizetype dash = text.indexOf(u'-');
    if (dash < 0)
        return std::nullopt;
    const auto time = [](QStringView part) {
        part = part.trimmed();
        QTime parsed = QTime::fromString(part.toString(), u"H:mm");
        return parsed;
    };
    TimeWindow window{time(text.first(dash)), time(text.sliced(dash + 1))};
    if (!window.isSet())
        return std::nullopt;
    return window;
}
