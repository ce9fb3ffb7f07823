#pragma once

#include "engine/ratelimiter.h"

#include <memory>
#include <optional>

struct DownloadSettings;

// The speed limits one transfer reads under: its own (the download's UrlEntry::maxBytesPerSecond,
// else DownloadSettings::maxBytesPerSecond; made only while set, since a list holds 100,000
// downloads) and the overall one all downloads share.
// Says what may be read now, takes what was read, and how long to wait when nothing may. Plain
// object; GUI thread; owned by a SegmentedTransfer.
class TransferPace final
{
public:
    TransferPace(const DownloadSettings *settings, RateLimiter *overall, const std::optional<qint64> *own = nullptr)
        : m_settings(settings), m_overall(overall), m_ownSetting(own) {}

    bool isLimited() const;
    // Makes, changes or drops the own limit as the download's or the settings' limit says now.
    void followSettings();
    qint64 allowance();  // follows a changed setting first
    void spend(qint64 bytes);
    qint64 msUntilRoom();
    // How much Qt may buffer per connection when connections share the limit: a sixteenth of a
    // second at the tighter limit in all, so the server's view of the rate stays near it; 0 =
    // Qt's default (no limit).
    qint64 readBuffer(int connections) const;

private:

    const DownloadSettings *m_settings;
    RateLimiter *m_overall;
    const std::optional<qint64> *m_ownSetting;  // the download's own; null or nullopt = the settings'
    std::unique_ptr<RateLimiter> m_own;
};
