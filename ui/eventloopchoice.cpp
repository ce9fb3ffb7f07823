#include "eventloopchoice.h"

#include <QDesktopServices>
#include <QDir>
#include <QLibraryInfo>

#include <algorithm>

namespace {

constexpr char kVariable[] = "QT_NO_GLIB";

bool gtkPluginInstalled()
{
    const QDir themes(QLibraryInfo::path(QLibraryInfo::PluginsPath) + QStringLiteral("/platformthemes"));
    return !themes.entryList({QStringLiteral("*gtk3*")}, QDir::Files).isEmpty();
}

} // namespace

bool EventLoopChoice::gtkThemeExpected(const QByteArray &platformTheme, const QByteArray &currentDesktop, bool pluginInstalled)
{
    if (!platformTheme.isEmpty())
        return platformTheme.toLower().contains("gtk");
    // The desktops for which Qt 6's generic Unix theme tries "gtk3" first (qgenericunixthemes.cpp).
    static const QByteArrayList gtkDesktops{"GNOME", "X-CINNAMON", "UNITY", "MATE", "XFCE", "LXDE"};
    const QByteArrayList names = currentDesktop.toUpper().split(':');
    const bool gtkDesktop = std::any_of(names.cbegin(), names.cend(), [](const QByteArray &name) { return gtkDesktops.contains(name); });
    return gtkDesktop && pluginInstalled;
}

bool EventLoopChoice::apply(Program program)
{
    if (qEnvironmentVariableIsSet(kVariable))
        return false;
    if (program == Program::Window
        && gtkThemeExpected(qgetenv("QT_QPA_PLATFORMTHEME"), qgetenv("XDG_CURRENT_DESKTOP"), gtkPluginInstalled()))
        return false;
    return qputenv(kVariable, kOurValue.toByteArray());
}

bool EventLoopChoice::openUrl(const QUrl &url)
{
    const bool ours = qgetenv(kVariable) == kOurValue;
    if (ours)
        qunsetenv(kVariable);  // the handler is spawned inside openUrl, on this thread
    const bool opened = QDesktopServices::openUrl(url);
    if (ours)
        qputenv(kVariable, kOurValue.toByteArray());
    return opened;
}
