#pragma once

#include "base/urlentry.h"
#include "engine/download.h"

#include <QList>
#include <QObject>

class DownloadManager;

// Hands a long list of entries to the manager a slice per event-loop turn, each slice sized to
// take about kSliceBudgetMs, so adding 100,000 URLs never freezes the window. GUI thread.
class ChunkedAdder final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChunkedAdder)

public:
    static constexpr int kSliceBudgetMs = 15;
    static constexpr qsizetype kFirstSlice = 500;

    explicit ChunkedAdder(DownloadManager *manager, QObject *parent = nullptr);

    // Queues entries behind any still being added; the first slice is added before this returns.
    void add(QList<UrlEntry> entries);
    bool isBusy() const { return m_next < m_entries.size(); }
    qsizetype pendingCount() const { return m_entries.size() - m_next; }

Q_SIGNALS:
    void added(const QList<DownloadId> &ids);  // once per slice
    void finished();                           // everything queued so far is in the manager

private:
    void addSlice();

    DownloadManager *m_manager = nullptr;
    QList<UrlEntry> m_entries;
    qsizetype m_next = 0;
    qsizetype m_slice = kFirstSlice;
    bool m_scheduled = false;
};
