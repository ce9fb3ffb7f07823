#pragma once

#include "base/result.h"
#include "engine/download.h"
#include "engine/linkcheck.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <optional>

class DownloadManager;
class LinkProbe;
class NetworkPool;

// Gives unfinished downloads new links: refuses what cannot be changed (a completed download, a
// link that is not http or https), pauses a download that is on its way, asks the new link what
// it serves (LinkProbe) and compares it with what the download has (LinkCheck). The same file
// gets the new link at once and goes on with every byte kept; otherwise the caller is told what
// differs and decides. Owned by the DownloadManager; GUI thread.
class LinkChanges final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LinkChanges)

public:
    // What the caller decides after checked() reported differences.
    enum class Choice {
        KeepData,   // take the new link and continue the bytes kept (only when LinkCheck::keepAllowed)
        StartOver,  // take the new link and fetch from zero: the .part is truncated
        Cancel,     // nothing changes
    };

    LinkChanges(DownloadManager *manager, NetworkPool *network, QObject *parent = nullptr);
    ~LinkChanges() override;

    // Whether a download in state can be given a new link at all: unfinished and not being verified.
    static bool allows(DownloadState state);
    // Why download cannot be given a new link now (complete, cancelled, verified, moved), or ok.
    static Result<void> refusal(const Download &download);
    // The same, and why url cannot be that link (not http or https, the link it has), or ok.
    static Result<void> refusal(const Download &download, const QUrl &url);
    // Checks url as the new link of download id, pausing it first when it is queued, waiting or
    // running; checked() follows, never from inside this call. The refusal when it cannot start.
    Result<void> check(DownloadId id, const QUrl &url);
    // After checked() with Verdict::Differs: applies the choice. Refused when no check awaits a
    // decision for id, or KeepData is not allowed by it.
    Result<void> decide(DownloadId id, Choice choice);

    // Drops id's check, asking or awaiting a decision: nothing changes, and a download paused for
    // it goes on (the person closed the dialog).
    void cancel(DownloadId id);

    bool isChecking(DownloadId id) const;
    // The check that waits for decide(), if any.
    std::optional<LinkCheck> awaiting(DownloadId id) const;

Q_SIGNALS:
    // Same: the new link is in place and the download goes on. Differs: nothing changed yet, a
    // decide() is awaited. Failed: nothing changed (a download paused for the check goes on).
    void checked(DownloadId id, const LinkCheck &check);
    // A new link was put in place, keeping the bytes or not.
    void linkChanged(DownloadId id, const QUrl &url, bool keptData);

private:
    struct Pending {
        QUrl url;
        LinkFacts here;
        bool wasGoing = false;  // queued, waiting or running before the check paused it
        LinkProbe *probe = nullptr;  // while asking; owned (child)
        std::optional<LinkCheck> result;  // Differs, awaiting decide()
    };

    void answered(DownloadId id, const LinkFacts &there, const QUrl &finalUrl);
    void failed(DownloadId id, const DownloadError &error);
    void apply(DownloadId id, const QUrl &url, const LinkFacts &facts, bool keepData);
    void goOnIfPaused(DownloadId id, bool wasGoing);
    void forget(const QList<DownloadId> &ids);

    DownloadManager *m_manager;
    NetworkPool *m_network;
    QHash<DownloadId, Pending> m_pending;
};
