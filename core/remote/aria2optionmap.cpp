#include "remote/aria2optionmap.h"

#include "base/downloadsettings.h"
#include "base/headerline.h"
#include "base/safetext.h"
#include "engine/download.h"
#include "intake/aria2options.h"
#include "remote/remotefolders.h"

#include <QJsonArray>

#include <algorithm>
#include <array>
#include <cmath>

namespace {

using Applied = Result<void>;

// Options list files take too: checked by Aria2Options, the one parser for them.
constexpr std::array<QLatin1StringView, 5> kListOptions{{
    QLatin1StringView("out"), QLatin1StringView("checksum"), QLatin1StringView("split"),
    QLatin1StringView("max-download-limit"), QLatin1StringView("header"),
}};

constexpr std::array<QLatin1StringView, 9> kPeerToPeerPrefixes{{
    QLatin1StringView("bt-"), QLatin1StringView("seed-"), QLatin1StringView("dht-"),
    QLatin1StringView("metalink-"), QLatin1StringView("follow-"), QLatin1StringView("peer-"),
    QLatin1StringView("enable-dht"), QLatin1StringView("enable-peer-exchange"), QLatin1StringView("torrent-"),
}};

constexpr std::array<QLatin1StringView, 4> kPeerToPeerNames{{
    QLatin1StringView("select-file"), QLatin1StringView("index-out"), QLatin1StringView("pause-metadata"),
    QLatin1StringView("rpc-save-upload-metadata"),
}};

bool isListOption(const QString &name)
{
    return std::find(kListOptions.begin(), kListOptions.end(), name) != kListOptions.end();
}

QString shownName(const QString &name)
{
    return SafeText::display(name, 64);
}

// A header named name with value, replacing any of that name in headers.
Applied putHeader(QList<HeaderLine::Header> &headers, QLatin1StringView name, const QString &value)
{
    Result<HeaderLine::Header> header = HeaderLine::parse(QString(name % u": " % value));
    if (!header)
        return header.error();
    headers.removeIf([name](const HeaderLine::Header &h) { return QLatin1StringView(h.first).compare(name, Qt::CaseInsensitive) == 0; });
    headers.append(std::move(header).value());
    return {};
}

// referer and user-agent become request headers; referer "*" is aria2's "the URL itself".
Applied putNamedHeader(QList<HeaderLine::Header> &headers, const QString &option, const QString &value, const QUrl &url)
{
    if (option == u"referer")
        return putHeader(headers, QLatin1StringView("Referer"), value == u"*" ? url.toString(QUrl::FullyEncoded) : value);
    return putHeader(headers, QLatin1StringView("User-Agent"), value);
}

Result<bool> pauseValue(const QString &value)
{
    if (value == u"true")
        return true;
    if (value == u"false")
        return false;
    return Result<bool>::invalid(QStringLiteral("pause must be true or false, not '%1'").arg(SafeText::display(value, 40)));
}

} // namespace

Result<QStringList> Aria2OptionMap::valuesOf(const QString &name, const QJsonValue &value)
{
    using Values = Result<QStringList>;
    if (value.isString())
        return QStringList{value.toString()};
    if (value.isBool())
        return QStringList{value.toBool() ? QStringLiteral("true") : QStringLiteral("false")};
    if (value.isDouble()) {
        const double number = value.toDouble();
        if (std::isfinite(number) && std::trunc(number) == number && std::fabs(number) < 9.0e15)
            return QStringList{QString::number(qint64(number))};
    }
    if (value.isArray() && name == u"header") {
        QStringList values;
        for (const QJsonValue &item : value.toArray()) {
            if (!item.isString())
                return Values::invalid(QStringLiteral("option 'header' must be a string or an array of strings"));
            values.append(item.toString());
        }
        return values;
    }
    return Values::invalid(QStringLiteral("option '%1' must be a string").arg(shownName(name)));
}

QString Aria2OptionMap::refusal(const QString &name)
{
    if (name == u"gid")
        return QStringLiteral("option 'gid' cannot be honoured: Gather chooses each download's GID itself");
    const bool peerToPeer = std::any_of(kPeerToPeerPrefixes.begin(), kPeerToPeerPrefixes.end(),
                                        [&name](QLatin1StringView prefix) { return name.startsWith(prefix); })
        || std::find(kPeerToPeerNames.begin(), kPeerToPeerNames.end(), name) != kPeerToPeerNames.end();
    if (peerToPeer)
        return QStringLiteral("option '%1' cannot be honoured: Gather does not do BitTorrent or Metalink").arg(shownName(name));
    return {};
}

Result<void> Aria2OptionMap::applyToEntry(const QJsonObject &options, UrlEntry &entry, bool &startPaused,
                                          const RemoteFolders &folders, const QString &downloadFolder)
{
    startPaused = false;
    for (auto it = options.begin(); it != options.end(); ++it) {
        const QString name = it.key();
        if (const QString refused = refusal(name); !refused.isEmpty())
            return Applied::invalid(refused);
        const bool known = isListOption(name) || name == u"dir" || name == u"referer" || name == u"user-agent" || name == u"pause";
        if (!known)
            continue;  // as aria2 does with an option that does not apply here
        Result<QStringList> values = valuesOf(name, it.value());
        if (!values)
            return values.error();
        for (const QString &value : *values) {
            if (name == u"dir") {
                Result<QString> folder = folders.resolve(value, downloadFolder);
                if (!folder)
                    return folder.error();
                entry.dir = folder.value();
            } else if (name == u"pause") {
                const Result<bool> paused = pauseValue(value);
                if (!paused)
                    return paused.error();
                startPaused = *paused;
            } else if (name == u"referer" || name == u"user-agent") {
                if (Applied put = putNamedHeader(entry.headers, name, value, entry.url); !put)
                    return put;
            } else if (Applied applied = Aria2Options::apply(entry, QString(name % u'=' % value)); !applied) {
                return applied;
            }
        }
    }
    return {};
}

Result<PropertyChanges> Aria2OptionMap::changesFor(const QJsonObject &options, const Download &download,
                                                   const RemoteFolders &folders)
{
    using Changes = Result<PropertyChanges>;
    PropertyChanges changes;
    UrlEntry parsed;  // list options land here first, checked by Aria2Options
    parsed.url = download.url();
    bool headersGiven = false;
    QList<HeaderLine::Header> headers = download.entry().headers;
    for (auto it = options.begin(); it != options.end(); ++it) {
        const QString name = it.key();
        if (const QString refused = refusal(name); !refused.isEmpty())
            return Changes::invalid(refused);
        const bool known = isListOption(name) || name == u"dir" || name == u"referer" || name == u"user-agent";
        if (!known)
            continue;
        Result<QStringList> values = valuesOf(name, it.value());
        if (!values)
            return values.error();
        if (name == u"header" && !headersGiven) {
            headersGiven = true;  // the list given replaces the one the download had
            headers.clear();
        }
        for (const QString &value : *values) {
            if (name == u"dir") {
                Result<QString> folder = folders.resolve(value, download.folder());
                if (!folder)
                    return folder.error();
                changes.folder = folder.value();
            } else if (name == u"header") {
                Result<HeaderLine::Header> header = HeaderLine::parse(value);
                if (!header)
                    return header.error();
                headers.append(std::move(header).value());
            } else if (name == u"referer" || name == u"user-agent") {
                // Applied after the loop so that a header list given alongside does not drop them.
                continue;
            } else if (Applied applied = Aria2Options::apply(parsed, QString(name % u'=' % value)); !applied) {
                return applied.error();
            }
        }
    }
    for (const QString &name : {QStringLiteral("referer"), QStringLiteral("user-agent")}) {
        if (!options.contains(name))
            continue;
        Result<QStringList> values = valuesOf(name, options.value(name));
        if (!values)
            return values.error();
        if (Applied put = putNamedHeader(headers, name, values->value(0), download.url()); !put)
            return put.error();
        headersGiven = true;
    }
    if (options.contains(QStringLiteral("out")))
        changes.fileName = parsed.outName;
    if (options.contains(QStringLiteral("split")))
        changes.split = parsed.split;
    if (options.contains(QStringLiteral("max-download-limit")))
        changes.maxBytesPerSecond = parsed.maxBytesPerSecond;
    if (options.contains(QStringLiteral("checksum")))
        changes.checksum = parsed.checksum;
    if (headersGiven)
        changes.headers = headers;
    return changes;
}

QJsonObject Aria2OptionMap::optionsOf(const Download &download, const DownloadSettings &settings)
{
    const UrlEntry &entry = download.entry();
    QJsonObject options{
        {QStringLiteral("dir"), download.folder()},
        {QStringLiteral("split"), QString::number(entry.split.value_or(settings.split))},
        {QStringLiteral("max-download-limit"), QString::number(entry.maxBytesPerSecond.value_or(settings.maxBytesPerSecond))},
        {QStringLiteral("max-connection-per-server"), QString::number(settings.maxPerHost)},
        {QStringLiteral("user-agent"), QString::fromUtf8(settings.userAgent)},
    };
    const QString name = download.fileName().isEmpty() ? entry.outName : download.fileName();
    if (!name.isEmpty())
        options.insert(QStringLiteral("out"), name);
    if (entry.checksum)
        options.insert(QStringLiteral("checksum"), QString(entry.checksum->algorithmName() % u'=' % entry.checksum->expectedHex()));
    QStringList lines;
    for (const auto &[headerName, value] : entry.headers) {
        if (QLatin1StringView(headerName).compare(QLatin1StringView("User-Agent"), Qt::CaseInsensitive) == 0)
            options.insert(QStringLiteral("user-agent"), QString::fromUtf8(value));
        else if (QLatin1StringView(headerName).compare(QLatin1StringView("Referer"), Qt::CaseInsensitive) == 0)
            options.insert(QStringLiteral("referer"), QString::fromUtf8(value));
        lines.append(QString(QString::fromLatin1(headerName) % u": " % QString::fromUtf8(value)));
    }
    // aria2 keeps a cumulative option's values one per line.
    if (!lines.isEmpty())
        options.insert(QStringLiteral("header"), lines.join(u'\n'));
    return options;
}
