#include "speedlimitbutton.h"

#include "appsettings.h"
#include "base/humanformat.h"

#include <QActionGroup>
#include <QInputDialog>
#include <QMenu>

namespace {

constexpr int kPresetsKiB[] = {256, 512, 1024, 2048, 5120, 10240};

QString limitText(int kib)
{
    return HumanFormat::speed(qint64(kib) * 1024);
}

} // namespace

SpeedLimitButton::SpeedLimitButton(AppSettings *settings, QWidget *parent)
    : QToolButton(parent)
    , m_settings(settings)
    , m_group(new QActionGroup(this))
{
    setObjectName(QStringLiteral("speedLimit"));
    setAutoRaise(true);
    setPopupMode(QToolButton::InstantPopup);
    setToolButtonStyle(Qt::ToolButtonTextOnly);
    setAccessibleName(tr("Speed limit for all downloads"));
    setToolTip(tr("Limit the speed of all downloads together; applies at once"));
    auto *menu = new QMenu(this);
    const auto add = [this, menu](const QString &text, int kib) {
        QAction *action = menu->addAction(text);
        action->setCheckable(true);
        action->setData(kib);
        m_group->addAction(action);
        connect(action, &QAction::triggered, this, [this, kib] { choose(kib); });
        return action;
    };
    add(tr("Unlimited"), 0);
    menu->addSeparator();
    for (const int kib : kPresetsKiB)
        add(limitText(kib), kib);
    menu->addSeparator();
    m_custom = menu->addAction(tr("Custom\u2026"));
    m_custom->setCheckable(true);
    m_custom->setData(-1);
    m_group->addAction(m_custom);
    connect(m_custom, &QAction::triggered, this, &SpeedLimitButton::chooseCustom);
    setMenu(menu);
    connect(m_settings, &AppSettings::changed, this, &SpeedLimitButton::follow);
    follow();
}

QAction *SpeedLimitButton::actionFor(int kib) const
{
    const QList<QAction *> actions = m_group->actions();
    for (QAction *action : actions) {
        if (action->data().toInt() == kib)
            return action;
    }
    return nullptr;
}

void SpeedLimitButton::choose(int kib)
{
    AppSettings::Values values = m_settings->values();
    if (values.overallLimitKiB == kib) {
        follow();
        return;
    }
    values.overallLimitKiB = kib;
    m_settings->setValues(values);  // changed() brings follow()
}

void SpeedLimitButton::chooseCustom()
{
    const int kib = m_askCustom(window(), m_settings->values().overallLimitKiB);
    if (kib < 0) {
        follow();  // cancelled: the check goes back where it was
        return;
    }
    choose(kib);
}

void SpeedLimitButton::follow()
{
    const int kib = m_settings->values().overallLimitKiB;
    setText(kib > 0 ? tr("Limit %1").arg(limitText(kib)) : tr("No limit"));
    QAction *checked = actionFor(kib);
    (checked ? checked : m_custom)->setChecked(true);
    if (!checked)
        m_custom->setText(tr("Custom (%1)\u2026").arg(limitText(kib)));
    else
        m_custom->setText(tr("Custom\u2026"));
}

int SpeedLimitButton::askWithDialog(QWidget *parent, int currentKiB)
{
    bool ok = false;
    const int kib = QInputDialog::getInt(parent, tr("Speed limit"), tr("All downloads together, in KiB/s (0 = unlimited):"),
                                         currentKiB, 0, AppSettings::kMaxLimitKiB, 256, &ok);
    return ok ? kib : -1;
}
