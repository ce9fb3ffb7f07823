#include "engine/deferreddelete.h"

void DeferredDelete::later(std::function<void()> free)
{
    // A bin is a child whose destruction runs one piece; each bin is deleted after the one
    // before it, one per turn of the event loop.
    auto *bin = new QObject(this);
    connect(bin, &QObject::destroyed, this, [free = std::move(free)] { free(); });
    if (m_last)
        connect(m_last, &QObject::destroyed, bin, &QObject::deleteLater);
    else
        bin->deleteLater();
    m_last = bin;
}

void DeferredDelete::runAll()
{
    // Children are listed in the order they were made.
    qDeleteAll(findChildren<QObject *>(Qt::FindDirectChildrenOnly));
}
