// SegmentedTransfer's reading side: bytes move from the connections to the file, under the
// speed limits (TransferPace) and the size limit. The connections' lives are in
// segmentedtransfer.cpp.
#include "base/downloadsettings.h"
#include "base/humanformat.h"
#include "engine/downloadfile.h"
#include "engine/downloadsegment.h"
#include "engine/segmentedtransfer.h"
#include "net/httpattempt.h"

#include <QTimer>

#include <chrono>

void SegmentedTransfer::pump()
{
    if (!m_file->isOpen())
        return;
    // Nothing below adds or removes a connection (an attempt that ends reports it on a later turn
    // of the event loop), so the list is walked as it is.
    const qint64 stopAt = sizeLimit();
    bool ended = false;
    bool tooLarge = false;
    const qint64 granted = m_pace.allowance();  // follows a changed setting first
    qint64 left = granted;
    // Under a limit the connections take turns at being first, so none waits so long for its
    // share that its server gives up on it.
    const size_t count = m_segments.size();
    const size_t first = count > 0 ? m_pumpTurn++ % count : 0;
    const qint64 buffer = m_pace.readBuffer(connectionCount());
    for (size_t i = 0; i < count; ++i) {
        DownloadSegment *segment = m_segments.at((first + i) % count);
        if (!segment->attempt)
            continue;
        segment->attempt->setReadBuffer(buffer);  // follows a limit changed while it runs
        m_handoff.read(*segment, stopAt, left);
        // A body of unknown size that has more to give at the limit is larger than allowed.
        tooLarge = tooLarge || (stopAt >= 0 && segment->attempt && segment->readEnd() >= stopAt
                                && segment->attempt->bytesAvailable() > 0);
        if (segment->readsPast(m_remote.total, segment->attempt && segment->attempt->bytesAvailable() > 0)) {
            // Its range was split while it ran, or the server sends past what was asked: the
            // rest belongs to another connection.
            end(segment, true);
            ended = true;
        }
    }
    m_pace.spend(granted - left);
    if (left <= 0 && m_file->canAccept())
        waitForRoom();
    if (tooLarge) {
        abort(DownloadError::make(ErrorKind::TooLarge,
                                  QStringLiteral("Stopped at the size limit of %1").arg(HumanFormat::bytes(stopAt))));
        return;
    }
    if (ended)
        settle();
}

void SegmentedTransfer::waitForRoom()
{
    // Bytes may sit in the connections with no signal to come for them (Qt says readyRead only
    // for new bytes): look again once the limits allow a read. One wake-up at a time.
    if (m_wakeQueued || !m_running)
        return;
    m_wakeQueued = true;
    QTimer::singleShot(std::chrono::milliseconds(std::max<qint64>(m_pace.msUntilRoom(), 1)), m_context.receiver, [this] {
        m_wakeQueued = false;
        if (m_running)
            pump();
    });
}

qint64 SegmentedTransfer::sizeLimit() const
{
    const qint64 limit = m_context.settings->maxSize;
    return limit > 0 ? limit : -1;
}

QList<SegmentView::Connection> SegmentedTransfer::fetching() const
{
    QList<SegmentView::Connection> connections;
    for (const auto &segment : m_segments) {
        if (segment->attempt)
            connections.append(SegmentView::Connection{segment->next, segment->readEnd(), segment->end});
        else if (!segment->pending.isEmpty())
            connections.append(SegmentView::Connection{segment->next, segment->readEnd(), segment->readEnd()});
    }
    return connections;
}
