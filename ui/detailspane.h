#pragma once

#include "engine/download.h"
#include "speedhistory.h"

#include <QElapsedTimer>
#include <QWidget>

#include <array>

class DownloadListModel;
class DownloadManager;
class QLabel;
class QLineEdit;
class QStackedWidget;
class SegmentMap;
class SpeedGraph;

// Everything known about the current download, as selectable text, with a graph of its recent
// speed and a map of its file. Refreshes only when the manager's batched changes name that download; records the speed
// samples of every transferring download so switching rows shows history. GUI thread.
class DetailsPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailsPane)

public:
    enum class Field {
        Name,
        Status,
        Url,
        FinalUrl,
        FilePath,
        Size,
        ETag,
        LastModified,
        Attempts,
        Added,
        Note,
        Error,
    };
    static constexpr int kFieldCount = int(Field::Error) + 1;

    // The byte counts come from model, so the pane and the rows show the same batch's numbers.
    DetailsPane(DownloadManager *manager, const DownloadListModel *model, QWidget *parent = nullptr);

    void setDownload(DownloadId id);  // 0 shows the "nothing selected" hint
    DownloadId downloadId() const { return m_id; }
    QString text(Field field) const;
    const SpeedGraph *speedGraph() const { return m_graph; }
    const SegmentMap *segmentMap() const { return m_map; }

private:
    void onChanged(const QList<DownloadId> &ids);
    void onRemoved(const QList<DownloadId> &ids);
    void refresh();
    void refreshMap();
    void setField(Field field, const QString &text);
    QWidget *buildForm();

    DownloadManager *m_manager = nullptr;
    const DownloadListModel *m_model = nullptr;
    DownloadId m_id = 0;
    // Bytes become durable at syncs, between the batches that name a download: the map follows.
    QMetaObject::Connection m_durableWatch;
    SpeedHistory m_history;
    QElapsedTimer m_clock;
    QStackedWidget *m_stack = nullptr;
    SpeedGraph *m_graph = nullptr;
    SegmentMap *m_map = nullptr;
    std::array<QWidget *, kFieldCount> m_values{};
    std::array<QLabel *, kFieldCount> m_captions{};
};
