// Aria2Methods: what clients read (tellStatus and the three lists, files, links, servers and
// the global numbers).
#include "remote/aria2methods.h"

#include "engine/downloadmanager.h"
#include "remote/aria2fields.h"
#include "remote/aria2params.h"
#include "remote/gidtext.h"
#include "rpc/rpcmethods.h"

#include <algorithm>

namespace {

// aria2's AbstractPaginationRpcMethod: num items from offset; a negative offset counts from the
// end (-1 is the last) and the page is listed backwards from there.
QList<DownloadId> page(const QList<DownloadId> &items, qint64 offset, qint64 num)
{
    if (num <= 0)
        return {};
    const qint64 size = items.size();
    if (offset < 0) {
        const qint64 last = offset + size;
        if (last < 0)
            return {};
        offset = last - (num - 1);
        if (offset < 0) {
            offset = 0;
            num = last + 1;
        }
    } else if (size <= offset) {
        return {};
    }
    const qint64 end = std::min(size, offset + num);
    return items.mid(offset, end - offset);
}

} // namespace

RpcAnswer Aria2Methods::tellPage(const QJsonArray &list, const QList<DownloadId> &items)
{
    Aria2Params params(list);
    const std::optional<qint64> offset = params.integer(0);
    if (!offset)
        return RpcAnswer::error(params.error());
    const std::optional<qint64> num = params.integerAtLeast(1, 0);
    if (!num)
        return RpcAnswer::error(params.error());
    const std::optional<QStringList> keys = params.keys(2);
    if (!keys)
        return RpcAnswer::error(params.error());
    QList<DownloadId> ids = page(items, *offset, *num);
    if (*offset < 0)
        std::reverse(ids.begin(), ids.end());
    QJsonArray result;
    for (const DownloadId id : ids)
        result.append(Aria2Fields::status(download(id), *keys));
    return RpcAnswer::ok(result);
}

void Aria2Methods::addQueries(RpcMethods &methods)
{
    methods.add(QStringLiteral("aria2.tellStatus"), withGid([this](DownloadId id, Aria2Params &params) {
        const std::optional<QStringList> keys = params.keys(1);
        if (!keys)
            return RpcAnswer::error(params.error());
        return RpcAnswer::ok(Aria2Fields::status(download(id), *keys));
    }));
    methods.add(QStringLiteral("aria2.tellActive"), [this](const QJsonArray &list) {
        Aria2Params params(list);
        const std::optional<QStringList> keys = params.keys(0);
        if (!keys)
            return RpcAnswer::error(params.error());
        QJsonArray result;
        for (const DownloadId id : active())
            result.append(Aria2Fields::status(download(id), *keys));
        return RpcAnswer::ok(result);
    });
    methods.add(QStringLiteral("aria2.tellWaiting"), [this](const QJsonArray &list) { return tellPage(list, waiting()); });
    methods.add(QStringLiteral("aria2.tellStopped"), [this](const QJsonArray &list) { return tellPage(list, stopped()); });

    methods.add(QStringLiteral("aria2.getUris"), withGid([this](DownloadId id, Aria2Params &) {
        return RpcAnswer::ok(Aria2Fields::uris(download(id)));
    }));
    methods.add(QStringLiteral("aria2.getFiles"), withGid([this](DownloadId id, Aria2Params &) {
        return RpcAnswer::ok(Aria2Fields::files(download(id)));
    }));
    methods.add(QStringLiteral("aria2.getServers"), withGid([this](DownloadId id, Aria2Params &) {
        if (statusOf(id) != Aria2Status::Active)
            return RpcAnswer::error(QStringLiteral("No active download for GID#%1").arg(GidText::of(id)));
        return RpcAnswer::ok(Aria2Fields::servers(download(id)));
    }));

    methods.add(QStringLiteral("aria2.getGlobalStat"), [this](const QJsonArray &) {
        return RpcAnswer::ok(QJsonObject{
            {QStringLiteral("downloadSpeed"), QString::number(m_manager.totalBytesPerSecond())},
            {QStringLiteral("uploadSpeed"), QStringLiteral("0")},
            {QStringLiteral("numActive"), QString::number(active().size())},
            {QStringLiteral("numWaiting"), QString::number(waiting().size())},
            {QStringLiteral("numStopped"), QString::number(stopped().size())},
            {QStringLiteral("numStoppedTotal"), QString::number(m_events.stopped().total())},
        });
    });
}
