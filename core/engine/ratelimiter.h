#pragma once

#include <QtGlobal>

// A token bucket in bytes per second: readers take what allowance() grants, consume() what they
// read (a reader that had to take more leaves a debt the bucket pays back first), and when it is
// empty wait msUntilRoom() before they look again. It holds at most a tenth of a second's bytes,
// so an idle moment never turns into a burst that trips a server's rate limiter. Unlimited when
// the rate is 0. Plain object; GUI thread.
class RateLimiter final
{
public:
    static constexpr qint64 kUnlimited = qint64(1) << 60;
    static constexpr qint64 kMinRate = 1024;  // below a KiB/s a limit means nothing useful

    explicit RateLimiter(qint64 bytesPerSecond = 0) { setRate(bytesPerSecond); }

    // Takes effect at once; a new rate starts with a full bucket.
    void setRate(qint64 bytesPerSecond);
    qint64 rate() const { return m_rate; }
    bool isLimited() const { return m_rate > 0; }

    qint64 allowance();
    void consume(qint64 bytes);
    // How long until a read of a useful size is allowed (at least 1 ms when limited and empty).
    qint64 msUntilRoom();

    // A monotonic clock in microseconds, for the bucket and its tests.
    static qint64 nowUs();

private:
    void refill();
    qint64 capacity() const;

    qint64 m_rate = 0;
    double m_tokens = 0;
    qint64 m_lastUs = 0;
};
