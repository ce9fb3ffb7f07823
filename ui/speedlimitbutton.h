#pragma once

#include <QToolButton>

#include <functional>

class AppSettings;
class QAction;
class QActionGroup;

// The status bar's quick control for the overall speed limit: shows the limit in force and offers
// Unlimited, a few presets and Custom… in a menu; a choice goes to AppSettings (and from there to
// the engine, at once). Follows changes made elsewhere (the Settings dialog). GUI thread.
class SpeedLimitButton final : public QToolButton
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SpeedLimitButton)

public:
    // Asks for a custom limit in KiB/s, starting at current; nullopt-like -1 when cancelled.
    using CustomAsker = std::function<int(QWidget *parent, int currentKiB)>;

    explicit SpeedLimitButton(AppSettings *settings, QWidget *parent = nullptr);

    void setCustomAsker(CustomAsker asker) { m_askCustom = std::move(asker); }
    // The menu's action for a preset in KiB/s (0 = Unlimited), or Custom… for -1.
    QAction *actionFor(int kib) const;

private:
    void choose(int kib);
    void chooseCustom();
    void follow();
    static int askWithDialog(QWidget *parent, int currentKiB);

    AppSettings *m_settings;
    QActionGroup *m_group;
    QAction *m_custom = nullptr;
    CustomAsker m_askCustom = &SpeedLimitButton::askWithDialog;
};
