#pragma once

#include <QString>
#include <QStringView>

#include <optional>

// Byte counts as aria2 and its lists spell them ("500K", "2M", "1536"): K, M, G and T (or KiB,
// MiB, GiB, TiB) are powers of 1024, any case. Stateless; any thread.
class SizeText final
{
public:
    // nullopt when text is not a non-negative count that fits in 64 bits.
    static std::optional<qint64> parse(QStringView text);
    // The shortest text parse() reads back as bytes: "2M" for 2 MiB, "1536" for 1.5 KiB.
    static QString of(qint64 bytes);
};
