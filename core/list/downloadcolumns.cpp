#include "list/downloadcolumns.h"

#include "base/humanformat.h"
#include "base/shownurl.h"
#include "list/downloadlistentry.h"

#include <QLocale>

#include <array>
#include <cmath>

namespace {

// One row per column: its title, what it shows and what it sorts by.
struct ColumnSpec {
    const char *title;  // translated in DownloadColumns' context
    QVariant (*display)(const Download &download);
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

bool downloading(const Download &d)
{
    return d.state() == DownloadState::Downloading;
}

// The shared definitions, for a download in state (the list's entries sort by the state they
// last read, which may lag the download's own by one batch).
double progressIn(const Download &d, DownloadState state)
{
    if (state == DownloadState::Completed)
        return 1.0;
    return d.totalBytes() > 0 ? double(d.bytesReceived()) / double(d.totalBytes()) : -1.0;
}

std::optional<qint64> secondsLeftIn(const Download &d, DownloadState state)
{
    if (state != DownloadState::Downloading || d.bytesPerSecond() <= 0 || d.totalBytes() < 0)
        return std::nullopt;
    return (d.totalBytes() - d.bytesReceived()) / d.bytesPerSecond();
}

const std::array<ColumnSpec, DownloadColumns::Count> kColumns{{
    {QT_TRANSLATE_NOOP("DownloadColumns", "Name"),
     [](const Download &d) -> QVariant { return DownloadColumns::shownName(d); },
     [](DownloadListEntry &e) {
         if (e.nameKey.isNull())
             e.nameKey = DownloadSortKey::naturalKey(e.name);
         return text(e.nameKey);
     }},
    {QT_TRANSLATE_NOOP("DownloadColumns", "Size"),
     [](const Download &d) -> QVariant { return d.totalBytes() >= 0 ? HumanFormat::bytes(d.totalBytes()) : QString(); },
     [](DownloadListEntry &e) { return number(e.download->totalBytes(), e.download->totalBytes() < 0); }},
    {QT_TRANSLATE_NOOP("DownloadColumns", "Progress"),
     [](const Download &d) -> QVariant {
         if (d.state() == DownloadState::Completed)
             return QStringLiteral("100%");
         if (d.totalBytes() <= 0)
             return d.bytesReceived() > 0 ? HumanFormat::bytes(d.bytesReceived()) : QString();
         return QStringLiteral("%1%").arg(d.bytesReceived() * 100 / d.totalBytes());
     },
     [](DownloadListEntry &e) {
         // The fraction as a fixed-point integer; an unknown size sorts as -1, before 0%.
         constexpr double kScale = 1e12;
         const double progress = progressIn(*e.download, e.state);
         return number(progress < 0 ? -1 : std::llround(progress * kScale));
     }},
    {QT_TRANSLATE_NOOP("DownloadColumns", "Speed"),
     [](const Download &d) -> QVariant { return downloading(d) ? HumanFormat::speed(d.bytesPerSecond()) : QString(); },
     [](DownloadListEntry &e) {
         const bool shown = e.state == DownloadState::Downloading;
         return number(shown ? e.download->bytesPerSecond() : 0, !shown);
     }},
    {QT_TRANSLATE_NOOP("DownloadColumns", "Time left"),
     [](const Download &d) -> QVariant {
         const auto left = DownloadColumns::secondsLeft(d);
         return left ? HumanFormat::duration(*left) : QString();
     },
     [](DownloadListEntry &e) {
         const auto left = secondsLeftIn(*e.download, e.state);
         return number(left.value_or(0), !left);
     }},
    {QT_TRANSLATE_NOOP("DownloadColumns", "Status"),
     [](const Download &d) -> QVariant { return DownloadColumns::statusText(d); },
     [](DownloadListEntry &e) {
         DownloadSortKey key = number(int(e.state));
         // The states whose status text is the error message.
         if (e.state == DownloadState::Failed || e.state == DownloadState::Waiting)
             key.text = e.download->error().message.toCaseFolded();
         return key;
     }},
    {QT_TRANSLATE_NOOP("DownloadColumns", "URL"),
     [](const Download &d) -> QVariant { return ShownUrl::of(d.url()); },
     [](DownloadListEntry &e) { return text(e.url); }},
    {QT_TRANSLATE_NOOP("DownloadColumns", "Added"),
     // The engine keeps UTC (cheap to take); people read local time.
     [](const Download &d) -> QVariant { return QLocale().toString(d.addedAt().toLocalTime(), QLocale::ShortFormat); },
     [](DownloadListEntry &e) { return number(e.addedMs); }},
    {QT_TRANSLATE_NOOP("DownloadColumns", "Folder"),
     [](const Download &d) -> QVariant { return d.folder(); },
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

QVariant DownloadColumns::display(const Download &download, int column)
{
    return valid(column) ? kColumns[size_t(column)].display(download) : QVariant();
}

DownloadSortKey DownloadColumns::sortKey(DownloadListEntry &entry, int column)
{
    return valid(column) ? kColumns[size_t(column)].sortKey(entry) : DownloadSortKey();
}

double DownloadColumns::progress(const Download &d)
{
    return progressIn(d, d.state());
}

std::optional<qint64> DownloadColumns::secondsLeft(const Download &d)
{
    return secondsLeftIn(d, d.state());
}

QString DownloadColumns::shownName(const Download &d)
{
    const QString leafName = d.fileName();
    return leafName.isEmpty() ? d.url().fileName() : leafName;
}

QString DownloadColumns::statusText(const Download &d)
{
    switch (d.state()) {
    case DownloadState::Failed:
        return d.error().message;
    case DownloadState::Waiting:
        return d.note() % u": " % d.error().message;
    case DownloadState::Completed:
        return d.note().isEmpty() ? QStringLiteral("Completed") : QStringLiteral("Completed (%1)").arg(d.note());
    default:
        return DownloadStates::name(d.state());
    }
}
