#include "remote/aria2globaloptions.h"

#include "base/safetext.h"
#include "base/sizetext.h"
#include "remote/aria2optionmap.h"
#include "remote/remotefolders.h"

namespace {

using Changed = Result<DownloadSettings>;

QString secondsOf(int ms)
{
    return QString::number(ms / 1000);
}

Result<int> countIn(const QString &name, const QString &value, int low, int high)
{
    bool ok = false;
    const int count = value.trimmed().toInt(&ok);
    if (!ok || count < low || count > high)
        return Result<int>::invalid(QStringLiteral("%1 must be a number from %2 to %3, not '%4'")
                                        .arg(name).arg(low).arg(high).arg(SafeText::display(value, 40)));
    return count;
}

Result<qint64> speedIn(const QString &name, const QString &value)
{
    const std::optional<qint64> speed = SizeText::parse(value.trimmed());
    if (!speed)
        return Result<qint64>::invalid(QStringLiteral("%1 must be a speed like 500K or 2M (0 = unlimited), not '%2'")
                                           .arg(name, SafeText::display(value, 40)));
    return *speed;
}

} // namespace

QJsonObject Aria2GlobalOptions::of(const DownloadSettings &settings)
{
    return QJsonObject{
        {QStringLiteral("dir"), settings.folder},
        {QStringLiteral("max-concurrent-downloads"), QString::number(settings.maxConcurrent)},
        {QStringLiteral("max-connection-per-server"), QString::number(settings.maxPerHost)},
        {QStringLiteral("split"), QString::number(settings.split)},
        {QStringLiteral("min-split-size"), QString::number(settings.minSegmentSize)},
        {QStringLiteral("max-overall-download-limit"), QString::number(settings.maxOverallBytesPerSecond)},
        {QStringLiteral("max-download-limit"), QString::number(settings.maxBytesPerSecond)},
        {QStringLiteral("lowest-speed-limit"), QString::number(settings.lowSpeedLimit)},
        // aria2 counts every try, the first included; Gather counts the retries after it.
        {QStringLiteral("max-tries"), QString::number(settings.retries + 1)},
        {QStringLiteral("connect-timeout"), secondsOf(settings.connectTimeoutMs)},
        {QStringLiteral("timeout"), secondsOf(settings.idleTimeoutMs)},
        {QStringLiteral("max-redirect"), QString::number(settings.maxRedirects)},
        {QStringLiteral("user-agent"), QString::fromUtf8(settings.userAgent)},
    };
}

Result<DownloadSettings> Aria2GlobalOptions::changed(DownloadSettings settings, const QJsonObject &options,
                                                     const RemoteFolders &folders)
{
    for (auto it = options.begin(); it != options.end(); ++it) {
        const QString name = it.key();
        if (const QString refused = Aria2OptionMap::refusal(name); !refused.isEmpty())
            return Changed::invalid(refused);
        const bool known = name == u"max-overall-download-limit" || name == u"max-download-limit"
            || name == u"max-concurrent-downloads" || name == u"max-connection-per-server" || name == u"split"
            || name == u"dir" || name == u"user-agent";
        if (!known)
            continue;
        const Result<QStringList> values = Aria2OptionMap::valuesOf(name, it.value());
        if (!values)
            return values.error();
        const QString value = values->value(0);
        if (name == u"max-overall-download-limit" || name == u"max-download-limit") {
            const Result<qint64> speed = speedIn(name, value);
            if (!speed)
                return speed.error();
            (name == u"max-download-limit" ? settings.maxBytesPerSecond : settings.maxOverallBytesPerSecond) = *speed;
        } else if (name == u"max-concurrent-downloads") {
            const Result<int> count = countIn(name, value, 1, 1000);
            if (!count)
                return count.error();
            settings.maxConcurrent = *count;
        } else if (name == u"max-connection-per-server") {
            const Result<int> count = countIn(name, value, 1, DownloadSettings::kMaxPerHostLimit);
            if (!count)
                return count.error();
            settings.maxPerHost = *count;
        } else if (name == u"split") {
            const Result<int> count = countIn(name, value, 1, DownloadSettings::kMaxSplit);
            if (!count)
                return count.error();
            settings.split = *count;
        } else if (name == u"dir") {
            const Result<QString> folder = folders.resolve(value, settings.folder);
            if (!folder)
                return folder.error();
            settings.folder = *folder;
        } else {
            const QString agent = value.trimmed();
            if (agent.isEmpty() || SafeText::hasHiddenCharacter(agent))
                return Changed::invalid(QStringLiteral("user-agent must be one line of visible text"));
            settings.userAgent = agent.toUtf8();
        }
    }
    return settings;
}
