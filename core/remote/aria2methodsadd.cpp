// Aria2Methods: adding downloads, what Gather refuses to add, and the commands (remove, pause,
// unpause and their "all" forms).
#include "remote/aria2methods.h"

#include "base/safetext.h"
#include "engine/downloadcommands.h"
#include "engine/downloadmanager.h"
#include "remote/aria2optionmap.h"
#include "remote/aria2params.h"
#include "remote/gidtext.h"
#include "rpc/rpcmethods.h"

#include <QUrl>

namespace {

const QString kNoPeerToPeer = QStringLiteral("Gather does not do BitTorrent or Metalink: %1 cannot be honoured. "
                                             "Give the http or https link of the file to aria2.addUri instead.");

QString gidSentence(const char *format, DownloadId id)
{
    return QString::fromLatin1(format).arg(GidText::of(id));
}

RpcAnswer gidAnswer(DownloadId id)
{
    return RpcAnswer::ok(GidText::of(id));
}

// The one link of an addUri, or why there is none Gather can fetch.
Result<QUrl> linkOf(const QJsonArray &uris)
{
    using Link = Result<QUrl>;
    QStringList texts;
    for (const QJsonValue &uri : uris) {
        // aria2 skips what is not a string.
        if (uri.isString() && !texts.contains(uri.toString().trimmed()))
            texts.append(uri.toString().trimmed());
    }
    if (texts.isEmpty())
        return Link::invalid(QStringLiteral("URI is not provided."));
    // aria2 takes further URIs as mirrors of the same file; Gather fetches a file from one link
    // and would never use them, so it says so instead of listing links it ignores.
    if (texts.size() > 1)
        return Link::invalid(QStringLiteral("Gather fetches each download from one link: give one URI per aria2.addUri "
                                            "(%1 were given; mirrors are not supported).").arg(texts.size()));
    const QUrl url(texts.first(), QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (scheme == u"magnet")
        return Link::invalid(kNoPeerToPeer.arg(QStringLiteral("a magnet link")));
    if (!url.isValid() || (scheme != u"http" && scheme != u"https") || url.host().isEmpty())
        return Link::invalid(QStringLiteral("Gather downloads http and https links only; '%1' is not one.")
                                 .arg(SafeText::display(texts.first(), 200)));
    return url;
}

} // namespace

void Aria2Methods::addAdding(RpcMethods &methods)
{
    methods.add(QStringLiteral("aria2.addUri"), [this](const QJsonArray &params) { return addUri(params); });
    const auto refuse = [](const QString &what) {
        return [sentence = kNoPeerToPeer.arg(what)](const QJsonArray &) { return RpcAnswer::error(sentence); };
    };
    methods.add(QStringLiteral("aria2.addTorrent"), refuse(QStringLiteral("a torrent")));
    methods.add(QStringLiteral("aria2.addMetalink"), refuse(QStringLiteral("a Metalink file")));
    methods.add(QStringLiteral("aria2.getPeers"), refuse(QStringLiteral("a list of peers")));
    methods.add(QStringLiteral("aria2.changeUri"), [](const QJsonArray &) {
        return RpcAnswer::error(QStringLiteral("Gather fetches each download from one link, so there are no URIs to add "
                                               "or remove; change the link in Gather's window (Change Link)."));
    });
}

RpcAnswer Aria2Methods::addUri(const QJsonArray &list)
{
    Aria2Params params(list);
    const std::optional<QJsonArray> uris = params.array(0, true);
    if (!uris)
        return RpcAnswer::error(params.error());
    const std::optional<QJsonObject> options = params.object(1);
    if (!options)
        return RpcAnswer::error(params.error());
    std::optional<qint64> position;
    if (!params.optionalInteger(2, position))
        return RpcAnswer::error(params.error());
    if (position && *position < 0)
        return RpcAnswer::error(QStringLiteral("Position must be greater than or equal to 0."));

    const Result<QUrl> url = linkOf(*uris);
    if (!url)
        return RpcAnswer::error(url.problem());
    UrlEntry entry;
    entry.url = *url;
    bool paused = false;
    if (const Result<void> applied = Aria2OptionMap::applyToEntry(*options, entry, paused, m_folders, m_manager.settings().folder); !applied)
        return RpcAnswer::error(applied.problem());

    const QList<DownloadId> ids = m_adder({entry});
    if (ids.isEmpty() || ids.first() == 0)
        return RpcAnswer::error(QStringLiteral("Gather did not add %1.").arg(SafeText::display(url->toDisplayString(), 200)));
    const DownloadId id = ids.first();
    if (m_manager.download(id)) {
        // Before the scheduler's next pass, so a download asked to wait never starts.
        if (paused)
            m_manager.pause(id);
        if (position)
            moveInWaiting(id, *position, QStringLiteral("POS_SET"));
    }
    return gidAnswer(id);
}

void Aria2Methods::addCommands(RpcMethods &methods)
{
    const auto remove = withGid([this](DownloadId id, Aria2Params &) {
        // aria2 keeps a stopped download among its results, where remove does not reach it.
        if (Aria2Statuses::isStopped(statusOf(id)))
            return RpcAnswer::error(gidSentence("Active Download not found for GID#%1", id));
        m_manager.cancel(id);  // Gather's Cancelled is aria2's "removed"; the .part is kept
        return gidAnswer(id);
    });
    methods.add(QStringLiteral("aria2.remove"), remove);
    methods.add(QStringLiteral("aria2.forceRemove"), remove);

    const auto pause = withGid([this](DownloadId id, Aria2Params &) {
        if (!DownloadCommands::allows(DownloadCommand::Pause, download(id).state()))
            return RpcAnswer::error(gidSentence("GID#%1 cannot be paused now", id));
        m_manager.pause(id);
        return gidAnswer(id);
    });
    methods.add(QStringLiteral("aria2.pause"), pause);
    methods.add(QStringLiteral("aria2.forcePause"), pause);

    const auto pauseAll = [this](const QJsonArray &) {
        m_manager.pauseAll();
        return RpcAnswer::ok(QStringLiteral("OK"));
    };
    methods.add(QStringLiteral("aria2.pauseAll"), pauseAll);
    methods.add(QStringLiteral("aria2.forcePauseAll"), pauseAll);

    methods.add(QStringLiteral("aria2.unpause"), withGid([this](DownloadId id, Aria2Params &) {
        if (download(id).state() != DownloadState::Paused)
            return RpcAnswer::error(gidSentence("GID#%1 cannot be unpaused now", id));
        m_manager.resume(id);
        return gidAnswer(id);
    }));
    methods.add(QStringLiteral("aria2.unpauseAll"), [this](const QJsonArray &) {
        m_manager.resumeAll();
        return RpcAnswer::ok(QStringLiteral("OK"));
    });
}
