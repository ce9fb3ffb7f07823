// Aria2Methods: places in the queue, options per download and global, the stopped results, and
// the session (version, id, save, shutdown).
#include "remote/aria2methods.h"

#include "engine/downloadmanager.h"
#include "remote/aria2globaloptions.h"
#include "remote/aria2optionmap.h"
#include "remote/aria2params.h"
#include "remote/gidtext.h"
#include "rpc/rpcmethods.h"

#include <QMetaObject>

#include <algorithm>

namespace {

RpcAnswer okAnswer()
{
    return RpcAnswer::ok(QStringLiteral("OK"));
}

} // namespace

qsizetype Aria2Methods::moveInWaiting(DownloadId id, qint64 offset, const QString &how)
{
    // aria2's IndexedList::move over its waiting queue, made of moves next to a neighbour in
    // Gather's queue (which holds running and finished downloads between them).
    const QList<DownloadId> queue = waiting();
    const qsizetype from = queue.indexOf(id);
    if (from < 0)
        return -1;
    const qint64 size = queue.size();
    qint64 to = 0;
    if (how == u"POS_CUR")
        to = std::clamp<qint64>(from + offset, 0, size - 1);
    else if (how == u"POS_END")
        to = std::clamp<qint64>(size - 1 + std::min<qint64>(offset, 0), 0, size - 1);
    else
        to = std::clamp<qint64>(offset, 0, size - 1);
    if (to != from)
        m_manager.moveInQueueNextTo({id}, queue.at(to), /*after=*/from < to);
    return qsizetype(to);
}

RpcAnswer Aria2Methods::changePosition(DownloadId id, Aria2Params &params)
{
    const std::optional<qint64> offset = params.integer(1);
    if (!offset)
        return RpcAnswer::error(params.error());
    const std::optional<QString> how = params.string(2);
    if (!how)
        return RpcAnswer::error(params.error());
    if (*how != u"POS_SET" && *how != u"POS_CUR" && *how != u"POS_END")
        return RpcAnswer::error(QStringLiteral("Illegal argument."));
    const qsizetype to = moveInWaiting(id, *offset, *how);
    if (to < 0)
        return RpcAnswer::error(QStringLiteral("GID#%1 not found in the waiting queue.").arg(GidText::of(id)));
    return RpcAnswer::ok(qint64(to));
}

void Aria2Methods::addOptions(RpcMethods &methods)
{
    methods.add(QStringLiteral("aria2.changePosition"), withGid([this](DownloadId id, Aria2Params &params) {
        return changePosition(id, params);
    }));

    methods.add(QStringLiteral("aria2.changeOption"), withGid([this](DownloadId id, Aria2Params &params) {
        const std::optional<QJsonObject> options = params.object(1, true);
        if (!options)
            return RpcAnswer::error(params.error());
        if (Aria2Statuses::isStopped(statusOf(id)))
            return RpcAnswer::error(QStringLiteral("Cannot change option for GID#%1").arg(GidText::of(id)));
        const Result<PropertyChanges> changes = Aria2OptionMap::changesFor(*options, download(id), m_folders);
        if (!changes)
            return RpcAnswer::error(changes.problem());
        if (changes->isEmpty())
            return okAnswer();
        const QStringList refused = m_manager.setProperties({id}, *changes);
        if (!refused.isEmpty())
            return RpcAnswer::error(refused.join(u' '));
        return okAnswer();
    }));
    methods.add(QStringLiteral("aria2.getOption"), withGid([this](DownloadId id, Aria2Params &) {
        return RpcAnswer::ok(Aria2OptionMap::optionsOf(download(id), m_manager.settings()));
    }));

    methods.add(QStringLiteral("aria2.changeGlobalOption"), [this](const QJsonArray &list) {
        Aria2Params params(list);
        const std::optional<QJsonObject> options = params.object(0, true);
        if (!options)
            return RpcAnswer::error(params.error());
        const Result<DownloadSettings> changed = Aria2GlobalOptions::changed(m_manager.settings(), *options, m_folders);
        if (!changed)
            return RpcAnswer::error(changed.problem());
        m_manager.setSettings(*changed);
        Q_EMIT settingsChanged(m_manager.settings());
        return okAnswer();
    });
    methods.add(QStringLiteral("aria2.getGlobalOption"), [this](const QJsonArray &) {
        return RpcAnswer::ok(Aria2GlobalOptions::of(m_manager.settings()));
    });

    // Stopped results leave Gather's list too, as they leave aria2's memory; no file is deleted.
    methods.add(QStringLiteral("aria2.purgeDownloadResult"), [this](const QJsonArray &) {
        m_manager.remove(stopped());
        return okAnswer();
    });
    methods.add(QStringLiteral("aria2.removeDownloadResult"), withGid([this](DownloadId id, Aria2Params &) {
        if (!m_events.stopped().contains(id))
            return RpcAnswer::error(QStringLiteral("Could not remove download result of GID#%1").arg(GidText::of(id)));
        m_manager.remove(id);
        return okAnswer();
    }));
}

void Aria2Methods::addSession(RpcMethods &methods)
{
    methods.add(QStringLiteral("aria2.getVersion"), [this](const QJsonArray &) {
        // Gather's own version: a client that compares it with aria2's numbers sees an old aria2,
        // which is the honest reading. Features are aria2's names for what Gather has.
        return RpcAnswer::ok(QJsonObject{
            {QStringLiteral("version"), m_version},
            {QStringLiteral("enabledFeatures"), QJsonArray{QStringLiteral("HTTPS"), QStringLiteral("Message Digest")}},
        });
    });
    methods.add(QStringLiteral("aria2.getSessionInfo"), [this](const QJsonArray &) {
        return RpcAnswer::ok(QJsonObject{{QStringLiteral("sessionId"), m_sessionId}});
    });
    methods.add(QStringLiteral("aria2.saveSession"), [this](const QJsonArray &) {
        Q_EMIT saveSessionRequested();
        return okAnswer();
    });
    const auto shutdown = [this](bool force) {
        return [this, force](const QJsonArray &) {
            QMetaObject::invokeMethod(this, [this, force] { Q_EMIT shutdownRequested(force); }, Qt::QueuedConnection);
            return okAnswer();
        };
    };
    methods.add(QStringLiteral("aria2.shutdown"), shutdown(false));
    methods.add(QStringLiteral("aria2.forceShutdown"), shutdown(true));
}
