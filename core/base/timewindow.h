#pragma once

#include <QString>
#include <QStringView>
#include <QTime>

#include <optional>

// A daily span of local time: "09:00-18:00", or "22:00-06:00" across midnight; from == to is the
// whole day. Unset (invalid times) means no window. Plain data; any thread.
struct TimeWindow {
    QTime from;
    QTime to;

    bool isSet() const { return from.isValid() && to.isValid(); }
    bool contains(QTime time) const;
    // Milliseconds from now until the window next opens or closes; a whole day when it never does.
    qint64 msecsToNextEdge(QTime now) const;
    QString toString() const;  // "22:00-06:00"; empty when unset
    // "HH:MM-HH:MM" (spaces allowed around the dash); empty text is an unset window, anything
    // else that does not read as two times is nullopt.
    static std::optional<TimeWindow> parse(QStringView text);

    friend bool operator==(const TimeWindow &, const TimeWindow &) = default;
};
