#pragma once

#include <QObject>
#include <QPointer>

class DropOverlay;
class QDropEvent;
class QWidget;
class UrlIntake;

// Makes a window a drop target for links, text, HTML and list files: an event filter that
// accepts what MimeUrls can read (always as a copy, so a file manager never moves a dropped
// file), shows a DropOverlay while a drag hovers and hands the drop to UrlIntake. GUI thread.
//
// Qt delivers a drag to the deepest widget under the cursor that accepts drops, else to its
// nearest ancestor that does. The window is watched from the start, which covers item views
// (their viewports refuse drops unless drag and drop is switched on). A child that accepts drops
// itself (QLineEdit and QTextEdit do by default) would take dropped links as text: pass it to
// watch(), or call watchDescendants() once the window is built.
class DropTarget final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DropTarget)

public:
    DropTarget(QWidget *window, UrlIntake *intake, QObject *parent = nullptr);

    void watch(QWidget *child);
    // Watches every widget inside the window that accepts drops now.
    void watchDescendants();
    DropOverlay *overlay() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showOverlay();
    void hideOverlay();
    static bool acceptAsCopy(QDropEvent *event);

    QPointer<QWidget> m_window;
    UrlIntake *m_intake;
    QPointer<DropOverlay> m_overlay;  // a child of the window
};
