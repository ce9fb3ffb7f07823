#pragma once

#include "appsettings.h"

#include <functional>
#include <optional>

class DownloadManager;
class QWidget;

// What closing the main window does while downloads are unfinished: quit, hide to the tray or
// stay open, from the Settings choice or by asking ("Quit and pause 3 downloads?"). Call
// onClose() from MainWindow::closeEvent. GUI thread.
class CloseGuard final
{
public:
    enum class Decision { Quit, HideToTray, Cancel };
    struct Answer {
        Decision decision = Decision::Cancel;
        bool remember = false;  // "Don't ask again": store the choice in AppSettings
    };
    // Asks the person; injectable so tests need no modal dialog.
    using Asker = std::function<Answer(QWidget *parent, int unfinished, bool trayAvailable)>;

    // All must outlive this.
    CloseGuard(AppSettings *settings, const DownloadManager *manager, QWidget *window);

    void setAsker(Asker asker);
    Decision onClose(bool trayAvailable);

    // nullopt: ask. Nothing unfinished always quits; keeping in a tray that does not exist asks.
    static std::optional<Decision> decide(AppSettings::CloseAction action, int unfinished, bool trayAvailable);
    // Downloads that still progress by themselves and so stop when Gather quits.
    static int unfinishedCount(const DownloadManager &manager);
    static Answer askWithDialog(QWidget *parent, int unfinished, bool trayAvailable);

private:
    AppSettings *m_settings;
    const DownloadManager *m_manager;
    QWidget *m_window;
    Asker m_asker = &CloseGuard::askWithDialog;
};
