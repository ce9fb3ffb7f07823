#include "store/storenames.h"

#include <array>
#include <utility>

namespace {

// Each table lists every enum value once, in enum order, up to the value given as the last; a
// value inserted into the enum without a name here then fails to build.
template<typename Enum, std::size_t N>
constexpr bool coversEnum(const std::array<std::pair<Enum, QLatin1StringView>, N> &table, Enum last)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (static_cast<std::size_t>(table[i].first) != i)
            return false;
    }
    return N == static_cast<std::size_t>(last) + 1;
}

// Written to files: never rename an entry, only add new ones.
constexpr std::array<std::pair<DownloadState, QLatin1StringView>, 9> kStates{{
    {DownloadState::Queued, QLatin1StringView("queued")},
    {DownloadState::Connecting, QLatin1StringView("connecting")},
    {DownloadState::Downloading, QLatin1StringView("downloading")},
    {DownloadState::Waiting, QLatin1StringView("waiting")},
    {DownloadState::Paused, QLatin1StringView("paused")},
    {DownloadState::Verifying, QLatin1StringView("verifying")},
    {DownloadState::Completed, QLatin1StringView("completed")},
    {DownloadState::Failed, QLatin1StringView("failed")},
    {DownloadState::Cancelled, QLatin1StringView("cancelled")},
}};
static_assert(coversEnum(kStates, DownloadState::Cancelled));

constexpr std::array<std::pair<ErrorKind, QLatin1StringView>, 12> kErrorKinds{{
    {ErrorKind::None, QLatin1StringView("none")},
    {ErrorKind::InvalidInput, QLatin1StringView("invalid-input")},
    {ErrorKind::Network, QLatin1StringView("network")},
    {ErrorKind::Timeout, QLatin1StringView("timeout")},
    {ErrorKind::Tls, QLatin1StringView("tls")},
    {ErrorKind::Http, QLatin1StringView("http")},
    {ErrorKind::Protocol, QLatin1StringView("protocol")},
    {ErrorKind::Disk, QLatin1StringView("disk")},
    {ErrorKind::DiskFull, QLatin1StringView("disk-full")},
    {ErrorKind::Checksum, QLatin1StringView("checksum")},
    {ErrorKind::TooLarge, QLatin1StringView("too-large")},
    {ErrorKind::Cancelled, QLatin1StringView("cancelled")},
}};
static_assert(coversEnum(kErrorKinds, ErrorKind::Cancelled));

template<typename Enum, std::size_t N>
QString nameIn(const std::array<std::pair<Enum, QLatin1StringView>, N> &table, Enum value)
{
    for (const auto &[known, name] : table) {
        if (known == value)
            return name;
    }
    return {};
}

template<typename Enum, std::size_t N>
std::optional<Enum> valueIn(const std::array<std::pair<Enum, QLatin1StringView>, N> &table, QStringView name)
{
    for (const auto &[value, known] : table) {
        if (name == known)
            return value;
    }
    return std::nullopt;
}

} // namespace

QString StoreNames::stateName(DownloadState state)
{
    return nameIn(kStates, state);
}

std::optional<DownloadState> StoreNames::stateNamed(QStringView name)
{
    return valueIn(kStates, name);
}

QString StoreNames::errorKindName(ErrorKind kind)
{
    return nameIn(kErrorKinds, kind);
}

std::optional<ErrorKind> StoreNames::errorKindNamed(QStringView name)
{
    return valueIn(kErrorKinds, name);
}
