#include "droptarget.h"

#include "dropoverlay.h"
#include "intake/mimeurls.h"
#include "urlintake.h"

#include <QDragEnterEvent>
#include <QDragMoveEvent>
#include <QDropEvent>
#include <QEvent>
#include <QMimeData>
#include <QWidget>

DropTarget::DropTarget(QWidget *window, UrlIntake *intake, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_intake(intake)
    , m_overlay(new DropOverlay(window))
{
    watch(window);
}

DropOverlay *DropTarget::overlay() const
{
    return m_overlay;
}

void DropTarget::watch(QWidget *child)
{
    child->setAcceptDrops(true);
    child->installEventFilter(this);
}

void DropTarget::watchDescendants()
{
    if (!m_window)
        return;
    const QList<QWidget *> children = m_window->findChildren<QWidget *>();
    for (QWidget *child : children) {
        if (child->acceptDrops() && child != m_overlay)
            watch(child);
    }
}

bool DropTarget::acceptAsCopy(QDropEvent *event)
{
    const QMimeData *mime = event->mimeData();
    if (!mime || !MimeUrls::canAccept(*mime) || !(event->possibleActions() & Qt::CopyAction))
        return false;
    event->setDropAction(Qt::CopyAction);
    event->accept();
    return true;
}

bool DropTarget::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::Resize:
        if (watched == m_window && m_overlay && m_overlay->isVisible())
            m_overlay->setGeometry(m_window->rect());
        return false;
    case QEvent::DragEnter:
    case QEvent::DragMove: {
        if (!acceptAsCopy(static_cast<QDragMoveEvent *>(event))) {
            hideOverlay();
            // What is not ours goes on to a child, which may want it (an image into an editor).
            if (watched != m_window)
                return false;
            event->ignore();
            return true;
        }
        showOverlay();
        return true;
    }
    case QEvent::DragLeave:
        hideOverlay();
        return false;
    case QEvent::Drop: {
        hideOverlay();
        auto *drop = static_cast<QDropEvent *>(event);
        if (!acceptAsCopy(drop))
            return false;
        m_intake->submit(MimeUrls::extract(*drop->mimeData()));
        return true;
    }
    default:
        return false;
    }
}

void DropTarget::showOverlay()
{
    if (!m_window || !m_overlay || m_overlay->isVisible())
        return;
    m_overlay->setGeometry(m_window->rect());
    m_overlay->raise();
    m_overlay->show();
}

void DropTarget::hideOverlay()
{
    if (m_overlay)
        m_overlay->hide();
}
