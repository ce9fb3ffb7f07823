#pragma once

#include <QObject>
#include <QPointer>

#include <functional>

// Frees what a batch removal leaves behind (slices of removed downloads, old indexes) one piece
// per turn of the event loop, in the order given: like deleteLater(), since a removal may run
// inside a download's own signal, but spread out, because freeing 100,000 downloads at once
// would hold the loop for a few hundred ms, mostly in free(). GUI thread; owned by the manager.
class DeferredDelete final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeferredDelete)

public:
    explicit DeferredDelete(QObject *parent = nullptr) : QObject(parent) {}
    ~DeferredDelete() override { runAll(); }

    // Runs free on a later turn of the event loop, after every piece queued before it.
    void later(std::function<void()> free);
    // Runs every piece still waiting, now, in order.
    void runAll();

private:
    QPointer<QObject> m_last;  // the newest bin: the next one waits for it
};
