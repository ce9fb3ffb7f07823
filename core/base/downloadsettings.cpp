#include "base/downloadsettings.h"

#include <QDir>

#include <algorithm>
#include <array>
#include <utility>

namespace {

constexpr std::array<std::pair<DownloadSettings::ExistingFile, QLatin1StringView>, 3> kExistingFileNames{{
    {DownloadSettings::ExistingFile::Rename, QLatin1StringView("rename")},
    {DownloadSettings::ExistingFile::Overwrite, QLatin1StringView("overwrite")},
    {DownloadSettings::ExistingFile::Skip, QLatin1StringView("skip")},
}};

} // namespace

DownloadSettings DownloadSettings::normalized() const
{
    DownloadSettings settings = *this;
    settings.maxConcurrent = std::max(1, settings.maxConcurrent);
    settings.maxPerHost = std::clamp(settings.maxPerHost, 1, kMaxPerHostLimit);
    settings.split = std::clamp(settings.split, 1, kMaxSplit);
    settings.minSegmentSize = std::max(settings.minSegmentSize, kMinSegmentSizeFloor);
    settings.maxOverallBytesPerSecond = std::max<qint64>(0, settings.maxOverallBytesPerSecond);
    settings.maxBytesPerSecond = std::max<qint64>(0, settings.maxBytesPerSecond);
    settings.slowOverallBytesPerSecond = std::max<qint64>(0, settings.slowOverallBytesPerSecond);
    // A line break would end the header early and smuggle in another.
    settings.userAgent = settings.userAgent.trimmed();
    if (settings.userAgent.isEmpty() || settings.userAgent.contains('\r') || settings.userAgent.contains('\n'))
        settings.userAgent = Version::userAgent();
    const QString base = settings.folder.isEmpty() ? QDir::currentPath() : settings.folder;
    settings.folder = QDir::cleanPath(QDir(base).absolutePath());
    return settings;
}

QString DownloadSettings::nameOf(ExistingFile policy)
{
    for (const auto &[value, name] : kExistingFileNames) {
        if (value == policy)
            return name;
    }
    return kExistingFileNames.front().second;
}

std::optional<DownloadSettings::ExistingFile> DownloadSettings::existingFileNamed(QStringView name)
{
    for (const auto &[value, known] : kExistingFileNames) {
        if (name.trimmed().compare(known, Qt::CaseInsensitive) == 0)
            return value;
    }
    return std::nullopt;
}
