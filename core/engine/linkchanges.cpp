#include "engine/linkchanges.h"

#include "engine/downloadcommands.h"
#include "engine/downloadmanager.h"
#include "engine/linkprobe.h"

namespace {

QString nameOf(const Download &download)
{
    if (!download.fileName().isEmpty())
        return download.fileName();
    if (!download.entry().outName.isEmpty())
        return download.entry().outName;
    const QString leaf = download.url().fileName();
    return leaf.isEmpty() ? download.url().host() : leaf;
}

LinkFacts factsOf(const Download &download)
{
    return LinkFacts{download.totalBytes(), download.etag(), download.lastModified()};
}

} // namespace

LinkChanges::LinkChanges(DownloadManager *manager, NetworkPool *network, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_network(network)
{
    connect(m_manager, &DownloadManager::downloadsAboutToBeRemoved, this, &LinkChanges::forget);
}

LinkChanges::~LinkChanges() = default;

bool LinkChanges::allows(DownloadState state)
{
    return state != DownloadState::Completed && state != DownloadState::Cancelled && state != DownloadState::Verifying;
}

Result<void> LinkChanges::refusal(const Download &download)
{
    const QString name = nameOf(download);
    switch (download.state()) {
    case DownloadState::Completed:
        return Result<void>::invalid(QStringLiteral("%1 is complete: there is nothing left to fetch, so its link stays").arg(name));
    case DownloadState::Cancelled:
        return Result<void>::invalid(QStringLiteral("%1 was cancelled and kept no data: add the new link as a new download").arg(name));
    case DownloadState::Verifying:
        return Result<void>::invalid(QStringLiteral("%1 is being verified; its link can be changed if the check fails").arg(name));
    default:
        break;
    }
    if (download.isMoving())
        return Result<void>::invalid(QStringLiteral("%1 is being moved; change its link once the move is over").arg(name));
    return {};
}

Result<void> LinkChanges::refusal(const Download &download, const QUrl &url)
{
    if (const Result<void> refused = refusal(download); !refused)
        return refused;
    if (!url.isValid() || url.host().isEmpty())
        return Result<void>::invalid(QStringLiteral("That is not a complete link: it needs http:// or https:// and a host"));
    const QString scheme = url.scheme().toLower();
    if (scheme != u"http" && scheme != u"https")
        return Result<void>::invalid(QStringLiteral("Only http and https links can be downloaded, not %1:").arg(scheme));
    if (url.adjusted(QUrl::NormalizePathSegments) == download.url().adjusted(QUrl::NormalizePathSegments))
        return Result<void>::invalid(QStringLiteral("That is the link %1 has already").arg(nameOf(download)));
    return {};
}

Result<void> LinkChanges::check(DownloadId id, const QUrl &url)
{
    const Download *download = m_manager->download(id);
    if (!download)
        return Result<void>::invalid(QStringLiteral("That download is no longer in the list"));
    if (const Result<void> refused = refusal(*download, url); !refused)
        return refused;
    if (m_pending.contains(id) && m_pending.value(id).probe)
        return Result<void>::invalid(QStringLiteral("A new link for %1 is being checked already").arg(nameOf(*download)));

    Pending pending;
    pending.url = url;
    pending.here = factsOf(*download);
    const DownloadState state = download->state();
    // Nothing may be fetched from the old link while the new one is asked. A check that replaces
    // one awaiting a decision inherits whether that one paused the download.
    const bool pausedEarlier = m_pending.contains(id) && m_pending.value(id).wasGoing;
    pending.wasGoing = pausedEarlier || DownloadCommands::allows(DownloadCommand::Pause, state);
    if (DownloadCommands::allows(DownloadCommand::Pause, state))
        m_manager->pause(id);
    pending.probe = new LinkProbe(m_network, m_manager->settings(), url, download->entry().headers, this);
    connect(pending.probe, &LinkProbe::answered, this,
            [this, id](const LinkFacts &there, const QUrl &finalUrl) { answered(id, there, finalUrl); });
    connect(pending.probe, &LinkProbe::failed, this, [this, id](const DownloadError &error) { failed(id, error); });
    LinkProbe *probe = pending.probe;
    m_pending.insert(id, pending);
    probe->start();
    return {};
}

void LinkChanges::answered(DownloadId id, const LinkFacts &there, const QUrl &finalUrl)
{
    Q_UNUSED(finalUrl);
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    it->probe->deleteLater();
    it->probe = nullptr;
    LinkCheck check = LinkCheck::compare(it->url, it->here, there);
    const Download *download = m_manager->download(id);
    if (download && download->durableRanges().isEmpty() && download->bytesReceived() == 0) {
        // Nothing kept, so nothing can be lost or spliced: any file the link serves will do.
        check.verdict = LinkCheck::Verdict::Same;
        check.differences.clear();
        check.nothingKept = true;
    }
    if (check.verdict == LinkCheck::Verdict::Same) {
        const Pending done = m_pending.take(id);
        apply(id, done.url, there, true);
        Q_EMIT checked(id, check);
        return;
    }
    it->result = check;
    Q_EMIT checked(id, check);
}

void LinkChanges::failed(DownloadId id, const DownloadError &error)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    it->probe->deleteLater();
    const Pending done = m_pending.take(id);
    goOnIfPaused(id, done.wasGoing);
    Q_EMIT checked(id, LinkCheck::failed(done.url, done.here, error));
}

Result<void> LinkChanges::decide(DownloadId id, Choice choice)
{
    const auto it = m_pending.constFind(id);
    if (it == m_pending.cend() || !it->result)
        return Result<void>::invalid(QStringLiteral("No checked link waits for a decision"));
    const LinkCheck check = *it->result;
    if (choice == Choice::KeepData && !check.keepAllowed)
        return Result<void>::invalid(QStringLiteral("The data cannot be kept: %1").arg(check.keepRefusal));
    const Pending done = m_pending.take(id);
    if (choice == Choice::Cancel) {
        goOnIfPaused(id, done.wasGoing);
        return {};
    }
    const Download *download = m_manager->download(id);
    if (!download)
        return Result<void>::invalid(QStringLiteral("That download is no longer in the list"));
    // The list may have moved on while the person read the differences.
    if (const Result<void> refused = refusal(*download, done.url); !refused)
        return refused;
    apply(id, done.url, check.there, choice == Choice::KeepData);
    return {};
}

void LinkChanges::apply(DownloadId id, const QUrl &url, const LinkFacts &facts, bool keepData)
{
    const Download *download = m_manager->download(id);
    if (!download)
        return;
    if (DownloadCommands::allows(DownloadCommand::Pause, download->state()))
        m_manager->pause(id);  // resumed by hand meanwhile: it stops before its link changes
    m_manager->setLink(id, url, facts, keepData);
    if (download->state() == DownloadState::Paused)
        m_manager->resume(id);
    else if (download->state() == DownloadState::Failed)
        m_manager->retry(id);
    Q_EMIT linkChanged(id, url, keepData);
}

void LinkChanges::goOnIfPaused(DownloadId id, bool wasGoing)
{
    const Download *download = m_manager->download(id);
    if (wasGoing && download && download->state() == DownloadState::Paused)
        m_manager->resume(id);
}

void LinkChanges::cancel(DownloadId id)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    delete it->probe;
    const bool wasGoing = it->wasGoing;
    m_pending.erase(it);
    goOnIfPaused(id, wasGoing);
}

void LinkChanges::forget(const QList<DownloadId> &ids)
{
    for (const DownloadId id : ids) {
        const auto it = m_pending.find(id);
        if (it == m_pending.end())
            continue;
        delete it->probe;  // its answer would be for a download that is gone
        m_pending.erase(it);
    }
}

bool LinkChanges::isChecking(DownloadId id) const
{
    const auto it = m_pending.constFind(id);
    return it != m_pending.cend() && it->probe;
}

std::optional<LinkCheck> LinkChanges::awaiting(DownloadId id) const
{
    const auto it = m_pending.constFind(id);
    return it == m_pending.cend() ? std::nullopt : it->result;
}
