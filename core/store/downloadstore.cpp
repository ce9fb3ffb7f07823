#include "store/downloadstore.h"

#include "store/storeworker.h"

#include <QMetaType>

using namespace Qt::StringLiterals;

DownloadStore::DownloadStore(QString databasePath, QObject *parent)
    : QObject(parent)
    , m_path(std::move(databasePath))
    , m_worker(new StoreWorker(m_path))
{
    qRegisterMetaType<DownloadSnapshot>();
    qRegisterMetaType<QList<DownloadSnapshot>>();

    m_worker->moveToThread(&m_thread);
    connect(m_worker, &StoreWorker::firstLoaded, this, &DownloadStore::firstLoaded);
    connect(m_worker, &StoreWorker::loaded, this, &DownloadStore::loaded);
    connect(m_worker, &StoreWorker::problem, this, &DownloadStore::problem);
    connect(m_worker, &StoreWorker::flushed, this, &DownloadStore::flushed);
    m_thread.setObjectName(u"gather-store"_s);
    m_thread.start();
}

DownloadStore::~DownloadStore()
{
    // Runs after every call queued before it; what it emits is dropped with this object.
    QMetaObject::invokeMethod(m_worker, &StoreWorker::shutdown, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_worker;
}

void DownloadStore::open()
{
    QMetaObject::invokeMethod(m_worker, &StoreWorker::load, Qt::QueuedConnection);
}

void DownloadStore::save(QList<DownloadSnapshot> snapshots, QList<DownloadId> removed)
{
    m_worker->enqueue(std::move(snapshots), std::move(removed));
}

void DownloadStore::flush()
{
    QMetaObject::invokeMethod(m_worker, &StoreWorker::flush, Qt::QueuedConnection);
}

qint64 DownloadStore::transactionCount() const
{
    return m_worker->transactionCount();
}
