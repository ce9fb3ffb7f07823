#pragma once

#include <QIcon>

// The window's icons: the desktop theme's icon when the theme has one, else the bundled SVG
// (":/icons/<name>.svg"), so offscreen and bare desktops still look complete. Stateless; GUI thread.
class Icons final
{
public:
    enum class Id {
        App,
        Add,
        Import,
        Export,
        Paste,
        Start,
        Pause,
        Resume,
        Cancel,
        Retry,
        Remove,
        Delete,
        RemoveCompleted,
        ClearHistory,
        OpenFile,
        OpenFolder,
        Copy,
        SelectAll,
        Settings,
        Quit,
        About,
    };

    static QIcon icon(Id id);
    static QString bundledPath(Id id);  // the SVG fallback's resource path
};
