#pragma once

#include "base/byteranges.h"
#include "base/downloaderror.h"
#include "base/urlentry.h"
#include "engine/bodyhandoff.h"
#include "engine/remotefile.h"
#include "engine/segmentlist.h"
#include "engine/segmentview.h"
#include "engine/transferlistener.h"
#include "engine/transferpace.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include <optional>

class ConnectionBudget;
class DownloadFile;
class NetworkPool;
class QObject;
struct AttemptResult;
struct DownloadSettings;
struct ResponseInfo;

// The network side of one Download: fetches the file over one connection or, when the server
// takes ranges and names a validator, over several at once, each with its own byte range; moves
// what they read to the DownloadFile in batches and knows which ranges it handed over. Tells its
// Download what the answers mean through its TransferListener, each call the last thing a handler does.
// A plain object, not a QObject: a list holds 100,000 downloads, and its attempts' signals are
// delivered to the Download (the receiver) instead. GUI thread; owned by its Download.
class SegmentedTransfer final
{
    Q_DISABLE_COPY_MOVE(SegmentedTransfer)

public:
    struct Context {
        NetworkPool *network = nullptr;
        const DownloadSettings *settings = nullptr;
        ConnectionBudget *connections = nullptr;  // extra connections; null = no limit
        QString origin;                           // the budget's key
        QUrl url;
        QObject *receiver = nullptr;              // parent of the attempts, context of their signals
        TransferListener *listener = nullptr;
        RateLimiter *overallLimit = nullptr;      // shared by all downloads; null = none
        // The download's headers, split and speed limit, read as each is needed so a change
        // in its properties reaches the running transfer; outlives the transfer.
        const UrlEntry *entry = nullptr;
    };

    SegmentedTransfer(Context context, DownloadFile *file);
    ~SegmentedTransfer();

    // The server's file as its answers describe it.
    const RemoteFile &remote() const { return m_remote; }

    qint64 receivedTotal() const;  // handed to the file plus read and not yet handed
    const QList<ByteRange> &handed() const { return m_handoff.handed(); }
    // What the file is known to hold, after a writer was replaced or gave up.
    void setHanded(QList<ByteRange> ranges) { m_handoff.setHanded(std::move(ranges)); }
    // An earlier run's answers and what its file holds, as the store kept them.
    void restore(RemoteFile remote, QList<ByteRange> handed)
    {
        m_remote = std::move(remote);
        m_handoff.setHanded(std::move(handed));
    }
    // The connections at work, and ended ones whose bytes still wait for the file, as a segment
    // map shows them.
    QList<SegmentView::Connection> fetching() const;
    // A new link for the same download (only while no connection is open): later requests go
    // there, checked against remote, which is what that link's answer said.
    void changeLink(const QUrl &url, const QString &origin, RemoteFile remote)
    {
        m_context.url = url;
        m_context.origin = origin;
        m_remote = std::move(remote);
        m_splittable = false;  // until the new link's first answer says it takes ranges
        m_connectionCap = 0;
    }
    int connectionCount() const { return m_segments.liveCount(); }  // connections fetching right now
    bool isLive() const { return connectionCount() > 0; }
    // A speed limit holds it back: slowness is then no sign of a bad server.
    bool isRateLimited() const { return m_pace.isLimited(); }

    // Opens the first connection, for [begin, end) (end -1: to the end of the file).
    void start(qint64 begin, qint64 end);
    // Forgets every byte received (the file is truncated when some were handed over); true when
    // there were some.
    bool restartFromZero();
    // Moves what the connections read to the file while it accepts more.
    void pump();
    // Hands over what is pending and, when the whole body is in, says transferComplete(); otherwise
    // opens more connections where there is room.
    void settle();
    // Opens more connections while the split setting, the server and the budget allow.
    void plan();
    void flush()  // hands every pending byte to the file
    {
        for (const auto &segment : m_segments)
            m_handoff.flush(*segment);
    }
    void stop();   // ends every connection; what they read still goes to the file
    void drop();   // ends every connection; what they read is dropped
    // Ends the transfer with this error through the usual path (transferFailed()).
    void abort(const DownloadError &error);
    void clear();   // the body is complete: every connection and what they owned goes
    void forget();  // cancelled: also what was handed over (the size stays for the row)

private:
    // An attempt that leaves at least this many more bytes kept than ever before made progress:
    // its failure does not use up a retry.
    static constexpr qint64 kProgressResetsRetries = 64 * 1024;

    void onResponse(DownloadSegment *segment, const ResponseInfo &info);
    void followWithoutRanges(DownloadSegment *segment);
    void onFinished(DownloadSegment *segment, const AttemptResult &result);
    bool finishCleanly(DownloadSegment *segment, const AttemptResult &result);
    DownloadSegment *startSegment(qint64 begin, qint64 end, bool extra);
    void startAttempt(DownloadSegment *segment);
    qint64 sizeLimit() const;  // the first byte offset a download may not have; -1 = no limit
    void end(DownloadSegment *segment, bool keepBytes);
    void releaseConnection(DownloadSegment *segment);
    void noteProgress();
    // Under a speed limit with bytes left in the connections: a pump once more may be read.
    void waitForRoom();

    Context m_context;
    DownloadFile *m_file = nullptr;
    SegmentList m_segments;
    BodyHandoff m_handoff;
    RemoteFile m_remote;
    qint64 m_bestKept = 0;      // the most bytes kept at the end of an attempt, over restarts too
    bool m_running = false;     // started, and neither stopped nor over: may open connections
    bool m_aborting = false;    // abort() waits for its carrier's end: no new connection till then
    bool m_splittable = false;  // the server takes ranges and names a validator
    int m_connectionCap = 0;    // lowered when the server refused an extra connection; 0 = settings
    TransferPace m_pace;
    size_t m_pumpTurn = 0;      // which connection reads first next time
    bool m_wakeQueued = false;  // a waitForRoom() timer is pending
};
