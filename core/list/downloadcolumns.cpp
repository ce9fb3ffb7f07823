#include "list/downloadcolumns.h"

#include "base/humanformat.h"
#include "base/shownurl.h"
#include "list/downloadlistentry.h"

#include <QLocale>

#include <algorithm>
#include <array>
#include <cmath>

namespace {

// One row per column: its title, what it shows and what it sorts by.
struct ColumnSpec {
    const char *title;  // translated in DownloadColumns' context
    QVariant (*display)(const DownloadListEntry &entry);
    DownloadSortKey (*sortKey)(DownloadListEntry &entry);
};

DownloadSortKey number(qint64 value, bool unknown = false)
{
    DownloadSortKey key;
    key.number = value;
    key.unknown = unknown;
    return key;
}

DownloadSortKey text(const QString &value)
{
    DownloadSortKey key;
    key.text = value;
    return key;
}

// The shared definitions, for a download in state (the list's entries sort by the state they
// last read, which may lag the download's own by one batch).
double progressOf(qint64 received, qint64 total, DownloadState state)
{
    if (state == DownloadState::Completed)
        return 1.0;
    return total > 0 ? double(received) / double(total) : -1.0;
}

QString statusTextIn(const Download &d, DownloadState state)
{
    switch (state) {
    case DownloadState::Failed:
        return d.error().message;
    case DownloadState::Waiting:
        return d.note() % u": " % d.error().message;
    case DownloadState::Completed:
        return d.note().isEmpty() ? QStringLiteral("Completed") : QStringLiteral("Completed (%1)").arg(d.note());
    default:
        return DownloadStates::name(state);
    }
}

// From the entry's bytes of the last batch, like Progress, so the two never disagree on a repaint.
std::optional<qint64> secondsLeftIn(const DownloadListEntry &e)
{
    const Download &d = *e.download;
    if (e.state != DownloadState::Downloading || d.bytesPerSecond() <= 0 || d.totalBytes() < 0)
        return std::nullopt;
    return std::max<qint64>(0, d.totalBytes() - e.received) / d.bytesPerSecond();
}

const std::array<ColumnSpec, DownloadColumns::Count> kColumns{{
    {QT_TRANSLATE_NOOP("DownloadColumns", "Name"),
     [](const DownloadListEntry &e) -> QVariant { return DownloadColumns::shownName(*e.download); },
     [](DownloadListEntry &e) {
         if (e.nameKey.isNull())
             e.nameKey = DownloadSortKey::naturalKey(e.name);
         return text(e.nameKey);
     }},
    {QT_TRANSLATE_NOOP("DownloadColumns", "Size"),
     [](const DownloadListEntry &e) -> QVariant {
         const qint64 total = e.download->totalBytes();
         return total >= 0 ? HumanFormat::bytes(total) : QString();
     },
     [](DownloadListEntry &e) { return number(e.download->totalBytes(), e.download->totalBytes() < 0); }},
    {QT_TRANSLATE_NOOP("DownloadColumns", "Progress"),
     [](const DownloadListEntry &e) -> QVariant {
         if (e.state == DownloadState::Completed)
             return QStringLiteral("100%");
         const qint64 total = e.download->totalBytes();
         if (total <= 0)
             return e.received > 0 ? HumanFormat::bytes(e.received) : QString();
         return QStringLiteral("%1%").arg(e.received * 100 / total);
     },
     [](DownloadListEntry &e) {
         // The fraction as a fixed-point integer; an unknown size sorts as -1, before 0%.
         constexpr double kScale = 1e12;
         const double progress = DownloadColumns::progress(e);
         return number(progress < 0 ? -1 : std::llround(progress * kScale));
     }},
    {QT_TRANSLATE_NOOP("DownloadColumns", "Speed"),
     [](const DownloadListEntry &e) -> QVariant {
         return e.state == DownloadState::Downloading ? HumanFormat::speed(e.download->bytesPerSecond()) : QString();
     },
     [](DownloadListEntry &e) {
         const bool shown = e.state == DownloadState::Downloading;
         return number(shown ? e.download->bytesPerSecond() : 0, !shown);
     }},
    {QT_TRANSLATE_NOOP("DownloadColumns", "Time left"),
     [](const DownloadListEntry &e) -> QVariant {
         const auto left = secondsLeftIn(e);
         return left ? HumanFormat::duration(*left) : QString();
     },
     [](DownloadListEntry &e) {
         const auto left = secondsLeftIn(e);
         return number(left.value_or(0), !left);
     }},
    {QT_TRANSLATE_NOOP("DownloadColumns", "Status"),
     [](const DownloadListEntry &e) -> QVariant { return statusTextIn(*e.download, e.state); },
     [](DownloadListEntry &e) {
         DownloadSortKey key = number(int(e.state));
         // The states whose status text is the error message.
         if (e.state == DownloadState::Failed || e.state == DownloadState::Waiting)
             key.text = e.download->error().message.toCaseFolded();
         return key;
     }},
    {QT_TRANSLATE_NOOP("DownloadColumns", "URL"),
     [](const DownloadListEntry &e) -> QVariant { return ShownUrl::of(e.download->url()); },
     [](DownloadListEntry &e) { return text(e.url); }},
    {QT_TRANSLATE_NOOP("DownloadColumns", "Added"),
     // The engine keeps UTC (cheap to take); people read local time.
     [](const DownloadListEntry &e) -> QVariant {
         return QLocale().toString(e.download->addedAt().toLocalTime(), QLocale::ShortFormat);
     },
     [](DownloadListEntry &e) { return number(e.addedMs); }},
    {QT_TRANSLATE_NOOP("DownloadColumns", "Folder"),
     [](const DownloadListEntry &e) -> QVariant { return e.download->folder(); },
     [](DownloadListEntry &e) { return text(e.folder); }},
}};

bool valid(int column)
{
    return column >= 0 && column < DownloadColumns::Count;
}

} // namespace

QString DownloadColumns::title(int column)
{
    return valid(column) ? tr(kColumns[size_t(column)].title) : QString();
}

QVariant DownloadColumns::display(const DownloadListEntry &entry, int column)
{
    return valid(column) ? kColumns[size_t(column)].display(entry) : QVariant();
}

DownloadSortKey DownloadColumns::sortKey(DownloadListEntry &entry, int column)
{
    return valid(column) ? kColumns[size_t(column)].sortKey(entry) : DownloadSortKey();
}

double DownloadColumns::progress(const DownloadListEntry &entry)
{
    return progressOf(entry.received, entry.download->totalBytes(), entry.state);
}

QString DownloadColumns::shownName(const Download &d)
{
    const QString leafName = d.fileName();
    return leafName.isEmpty() ? d.url().fileName() : leafName;
}

QString DownloadColumns::statusText(const Download &d)
{
    return statusTextIn(d, d.state());
}
