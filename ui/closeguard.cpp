#include "closeguard.h"

#include "engine/downloadmanager.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QMessageBox>
#include <QPushButton>

CloseGuard::CloseGuard(AppSettings *settings, const DownloadManager *manager, QWidget *window)
    : m_settings(settings)
    , m_manager(manager)
    , m_window(window)
{
}

void CloseGuard::setAsker(Asker asker)
{
    m_asker = std::move(asker);
}

std::optional<CloseGuard::Decision> CloseGuard::decide(AppSettings::CloseAction action, int unfinished,
                                                       bool trayAvailable)
{
    if (unfinished <= 0)
        return Decision::Quit;
    switch (action) {
    case AppSettings::CloseAction::Quit:
        return Decision::Quit;
    case AppSettings::CloseAction::KeepInTray:
        // Hiding without a tray would leave downloads running in a process nobody can reach.
        if (trayAvailable)
            return Decision::HideToTray;
        return std::nullopt;
    case AppSettings::CloseAction::Ask:
        return std::nullopt;
    }
    return std::nullopt;
}

int CloseGuard::unfinishedCount(const DownloadManager &manager)
{
    return manager.pendingCount();
}

CloseGuard::Decision CloseGuard::onClose(bool trayAvailable)
{
    const int unfinished = unfinishedCount(*m_manager);
    if (const auto decided = decide(m_settings->values().closeAction, unfinished, trayAvailable))
        return *decided;
    const Answer answer = m_asker(m_window, unfinished, trayAvailable);
    if (answer.remember && answer.decision != Decision::Cancel) {
        AppSettings::Values values = m_settings->values();
        values.closeAction = answer.decision == Decision::Quit ? AppSettings::CloseAction::Quit
                                                               : AppSettings::CloseAction::KeepInTray;
        m_settings->setValues(values);
    }
    return answer.decision;
}

CloseGuard::Answer CloseGuard::askWithDialog(QWidget *parent, int unfinished, bool trayAvailable)
{
    QMessageBox box(parent);
    box.setIcon(QMessageBox::Question);
    // Short: the box is narrow, and a window manager cut "Downloads are running" to "Download…re running".
    box.setWindowTitle(QCoreApplication::translate("CloseGuard", "Quit Gather"));
    box.setText(unfinished == 1 ? QCoreApplication::translate("CloseGuard", "Quit and pause 1 download?")
                                : QCoreApplication::translate("CloseGuard", "Quit and pause %1 downloads?").arg(unfinished));
    box.setInformativeText(QCoreApplication::translate("CloseGuard", "The parts already downloaded are kept."));
    QPushButton *quit = box.addButton(QCoreApplication::translate("CloseGuard", "&Quit"), QMessageBox::DestructiveRole);
    QPushButton *tray = nullptr;
    if (trayAvailable)
        tray = box.addButton(QCoreApplication::translate("CloseGuard", "&Keep in tray"), QMessageBox::AcceptRole);
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(tray ? tray : cancel);
    box.setEscapeButton(cancel);
    auto *remember = new QCheckBox(QCoreApplication::translate("CloseGuard", "&Don't ask again"), &box);
    box.setCheckBox(remember);
    box.exec();

    Answer answer;
    if (box.clickedButton() == quit)
        answer.decision = Decision::Quit;
    else if (tray && box.clickedButton() == tray)
        answer.decision = Decision::HideToTray;
    answer.remember = remember->isChecked();
    return answer;
}
