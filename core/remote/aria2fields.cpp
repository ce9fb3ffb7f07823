#include "remote/aria2fields.h"

#include "engine/download.h"
#include "remote/aria2status.h"
#include "remote/gidtext.h"

#include <QDir>

namespace {

QString number(qint64 value)
{
    return QString::number(value);
}

QString totalLength(const Download &download)
{
    return number(qMax<qint64>(0, download.totalBytes()));
}

} // namespace

QString Aria2Fields::path(const Download &download)
{
    if (download.state() == DownloadState::Completed)
        return download.filePath();
    QString leaf = download.fileName();
    if (leaf.isEmpty())
        leaf = download.entry().outName;
    return leaf.isEmpty() ? QString() : QDir(download.folder()).filePath(leaf);
}

QJsonArray Aria2Fields::uris(const Download &download)
{
    const QString status = download.attempts() > 0 ? QStringLiteral("used") : QStringLiteral("waiting");
    return QJsonArray{QJsonObject{
        {QStringLiteral("uri"), download.url().toString(QUrl::FullyEncoded)},
        {QStringLiteral("status"), status},
    }};
}

QJsonArray Aria2Fields::files(const Download &download)
{
    return QJsonArray{QJsonObject{
        {QStringLiteral("index"), QStringLiteral("1")},
        {QStringLiteral("path"), path(download)},
        {QStringLiteral("length"), totalLength(download)},
        {QStringLiteral("completedLength"), number(download.bytesReceived())},
        {QStringLiteral("selected"), QStringLiteral("true")},
        {QStringLiteral("uris"), uris(download)},
    }};
}

QJsonArray Aria2Fields::servers(const Download &download)
{
    const QUrl current = download.finalUrl().isEmpty() ? download.url() : download.finalUrl();
    const QJsonObject server{
        {QStringLiteral("uri"), download.url().toString(QUrl::FullyEncoded)},
        {QStringLiteral("currentUri"), current.toString(QUrl::FullyEncoded)},
        {QStringLiteral("downloadSpeed"), number(download.bytesPerSecond())},
    };
    return QJsonArray{QJsonObject{
        {QStringLiteral("index"), QStringLiteral("1")},
        {QStringLiteral("servers"), QJsonArray{server}},
    }};
}

QJsonObject Aria2Fields::status(const Download &download, const QStringList &keys)
{
    const Aria2Status status = Aria2Statuses::of(download.state());
    const bool active = status == Aria2Status::Active;
    QJsonObject fields;
    const auto put = [&](const QString &key, const auto &value) {
        if (keys.isEmpty() || keys.contains(key))
            fields.insert(key, value);
    };
    put(QStringLiteral("gid"), GidText::of(download.id()));
    put(QStringLiteral("status"), Aria2Statuses::name(status));
    put(QStringLiteral("totalLength"), totalLength(download));
    put(QStringLiteral("completedLength"), number(download.bytesReceived()));
    put(QStringLiteral("uploadLength"), QStringLiteral("0"));
    put(QStringLiteral("downloadSpeed"), number(active ? download.bytesPerSecond() : 0));
    put(QStringLiteral("uploadSpeed"), QStringLiteral("0"));
    put(QStringLiteral("connections"), number(active ? download.connectionCount() : 0));
    put(QStringLiteral("dir"), download.folder());
    // aria2 reports an outcome only for stopped downloads (its download results).
    if (Aria2Statuses::isStopped(status)) {
        put(QStringLiteral("errorCode"), number(Aria2Statuses::errorCode(status, download.error())));
        put(QStringLiteral("errorMessage"), status == Aria2Status::Error ? download.error().message : QString());
    }
    if (keys.isEmpty() || keys.contains(QStringLiteral("files")))
        fields.insert(QStringLiteral("files"), files(download));
    return fields;
}
