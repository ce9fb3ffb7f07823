#pragma once

#include <QByteArray>
#include <QUrl>

// Chooses Qt's own event dispatcher over GLib's for every thread of the process (QT_NO_GLIB),
// before the application object exists. GLib's dispatcher wakes a thread with a write() to its
// eventfd for every event posted to it, and QNAM posts several per 16 KiB TLS record between its
// network thread and ours: 851,222 write() calls for one GiB over HTTPS, against 17,144 with
// Qt's dispatcher, which wakes a thread once however many events wait. The window keeps GLib's
// loop when Qt would load its GTK 3 theme, whose native dialogs need it. Programs Gather starts
// (a file's handler) get the environment the person gave Gather. Main thread.
class EventLoopChoice final
{
public:
    enum class Program { Headless, Window };

    // Call before QCoreApplication / QApplication. Sets QT_NO_GLIB unless the person set it
    // (either way) or, for the window, the GTK 3 theme needs GLib; returns whether it did.
    static bool apply(Program program);
    // Whether Qt would pick its GTK 3 platform theme: QT_QPA_PLATFORMTHEME names it, or is unset
    // on a GTK-based desktop (XDG_CURRENT_DESKTOP) where the theme's plugin is installed.
    static bool gtkThemeExpected(const QByteArray &platformTheme, const QByteArray &currentDesktop, bool pluginInstalled);
    // QDesktopServices::openUrl(url) with QT_NO_GLIB as the person had it while the handler starts.
    static bool openUrl(const QUrl &url);

    // The value Gather gives QT_NO_GLIB, so a value the person set is told apart and left alone.
    static constexpr QByteArrayView kOurValue = "set-by-gather";
};
