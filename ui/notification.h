#pragma once

#include <QMetaType>
#include <QString>

// One message for the person about finished downloads, and what it lets them open: what
// Notifier decides and the desktop's notification service or the tray shows. Plain data.
struct Notification {
    enum class Kind { Success, Failure };

    QString title;
    QString body;
    Kind kind = Kind::Success;
    // The file, when the message is about exactly one download and it completed; else empty.
    QString filePath;
    // The folder every completed download in the message went to, when they share one; else
    // empty (nothing completed, or several folders).
    QString folder;
};

Q_DECLARE_METATYPE(Notification)
