// Aria2Methods: construction, the GID rule every method shares, and aria2's lists of downloads.
#include "remote/aria2methods.h"

#include "base/version.h"
#include "engine/downloadmanager.h"
#include "remote/aria2params.h"
#include "remote/gidtext.h"
#include "rpc/rpcmethods.h"

#include <QRandomGenerator>

#include <algorithm>
#include <array>

Aria2Methods::Aria2Methods(DownloadManager &manager, QObject *parent)
    : QObject(parent),
      m_manager(manager),
      m_events(manager),
      m_adder([&manager](const QList<UrlEntry> &entries) { return manager.add(entries); }),
      m_version(Version::text())
{
    // aria2's is 20 random bytes in hex; a client tells two runs apart by it.
    std::array<quint32, 5> random{};
    QRandomGenerator::system()->fillRange(random.data(), random.size());
    for (const quint32 word : random)
        m_sessionId += QStringLiteral("%1").arg(word, 8, 16, QLatin1Char('0'));
    connect(&m_events, &Aria2Events::notification, this, &Aria2Methods::notification);
}

Aria2Methods::~Aria2Methods() = default;

void Aria2Methods::addTo(RpcMethods &methods)
{
    addAdding(methods);
    addCommands(methods);
    addQueries(methods);
    addOptions(methods);
    addSession(methods);
    for (const QString &name : Aria2Events::names())
        methods.addNotification(name);
}

std::function<RpcAnswer(const QJsonArray &)> Aria2Methods::withGid(GidHandler body)
{
    return [this, body = std::move(body)](const QJsonArray &list) {
        Aria2Params params(list);
        const std::optional<QString> text = params.string(0);
        if (!text)
            return RpcAnswer::error(params.error());
        const auto exists = [this](DownloadId id) { return m_manager.download(id) != nullptr; };
        const Result<DownloadId> id = GidText::resolve(*text, exists, m_manager.ids());
        if (!id)
            return RpcAnswer::error(id.problem());
        return body(*id, params);
    };
}

const Download &Aria2Methods::download(DownloadId id) const
{
    return *m_manager.download(id);
}

Aria2Status Aria2Methods::statusOf(DownloadId id) const
{
    return Aria2Statuses::of(download(id).state());
}

QList<DownloadId> Aria2Methods::active() const
{
    QList<DownloadId> ids;
    for (const DownloadId id : m_manager.ids()) {
        if (statusOf(id) == Aria2Status::Active)
            ids.append(id);
    }
    std::sort(ids.begin(), ids.end(), [this](DownloadId a, DownloadId b) {
        return m_manager.placeInQueue(a) < m_manager.placeInQueue(b);
    });
    return ids;
}

QList<DownloadId> Aria2Methods::waiting() const
{
    // aria2's waiting queue holds the paused downloads too, in their places.
    QList<DownloadId> ids;
    for (const DownloadId id : m_manager.ids()) {
        const Aria2Status status = statusOf(id);
        if (status == Aria2Status::Waiting || status == Aria2Status::Paused)
            ids.append(id);
    }
    std::sort(ids.begin(), ids.end(), [this](DownloadId a, DownloadId b) {
        return m_manager.placeInQueue(a) < m_manager.placeInQueue(b);
    });
    return ids;
}
