#include "instancemessage.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

std::optional<QStringList> strings(const QJsonValue &value)
{
    if (!value.isArray())
        return std::nullopt;
    QStringList list;
    for (const QJsonValue &item : value.toArray()) {
        if (!item.isString())
            return std::nullopt;
        list.append(item.toString());
    }
    return list;
}

} // namespace

InstanceMessage InstanceMessage::fromCommandLine(const QStringList &urls, const QStringList &listFiles,
                                                 const QString &workingDirectory)
{
    InstanceMessage message;
    message.urls = urls;
    message.workingDirectory = QDir::cleanPath(workingDirectory);
    const QDir base(workingDirectory);
    for (const QString &file : listFiles)
        message.listFiles.append(QDir::cleanPath(base.absoluteFilePath(file)));
    return message;
}

QByteArray InstanceMessage::encode() const
{
    QJsonObject object;
    object.insert(QStringLiteral("version"), kVersion);
    object.insert(QStringLiteral("urls"), QJsonArray::fromStringList(urls));
    object.insert(QStringLiteral("listFiles"), QJsonArray::fromStringList(listFiles));
    object.insert(QStringLiteral("workingDirectory"), workingDirectory);
    if (!folder.isEmpty())
        object.insert(QStringLiteral("folder"), folder);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<InstanceMessage> InstanceMessage::decode(const QByteArray &bytes)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    const QJsonObject object = document.object();
    if (object.value(QStringLiteral("version")).toInt() != kVersion)
        return std::nullopt;
    const auto urls = strings(object.value(QStringLiteral("urls")));
    const auto listFiles = strings(object.value(QStringLiteral("listFiles")));
    const QJsonValue workingDirectory = object.value(QStringLiteral("workingDirectory"));
    const QJsonValue folder = object.value(QStringLiteral("folder"));
    if (!urls || !listFiles || !workingDirectory.isString() || !(folder.isUndefined() || folder.isString()))
        return std::nullopt;
    if (folder.isString() && !QDir::isAbsolutePath(folder.toString()))
        return std::nullopt;
    for (const QString &file : *listFiles) {
        if (!QDir::isAbsolutePath(file))
            return std::nullopt;
    }
    InstanceMessage message;
    message.urls = *urls;
    message.listFiles = *listFiles;
    message.workingDirectory = workingDirectory.toString();
    message.folder = folder.toString();
    return message;
}

DroppedInput InstanceMessage::input() const
{
    DroppedInput input;
    input.text = urls.join(u'\n');
    input.files = listFiles;
    input.textName = QStringLiteral("Command line");
    return input;
}
