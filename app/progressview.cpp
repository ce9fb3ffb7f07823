#include "progressview.h"

#include "base/humanformat.h"
#include "base/safetext.h"
#include "base/shownurl.h"
#include "engine/downloadmanager.h"

#include <cstdio>
#include <sys/ioctl.h>
#include <unistd.h>

namespace {

constexpr int kMaxActiveLines = 12;

// Server-supplied text never reaches the terminal raw: no escape sequences, no bidi tricks.
QString printable(const QString &text)
{
    return SafeText::display(text, 4096);
}

QString elide(const QString &text, int width)
{
    if (width <= 1 || text.size() <= width)
        return text;
    return text.left(width - 1) + u'…';
}

} // namespace

ProgressView::ProgressView(bool quiet)
    : m_quiet(quiet)
    , m_terminal(!quiet && ::isatty(STDERR_FILENO))
{
    winsize size{};
    if (m_terminal && ::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 20)
        m_columns = size.ws_col;
}

void ProgressView::write(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

void ProgressView::clear()
{
    if (!m_terminal || m_linesDrawn == 0)
        return;
    // Up to the first line of the block, then erase to the end of the screen.
    write(QStringLiteral("\x1b[%1F\x1b[J").arg(m_linesDrawn));
    m_linesDrawn = 0;
}

void ProgressView::message(const QString &text)
{
    if (m_quiet)
        return;
    clear();
    write(printable(text) + u'\n');
}

void ProgressView::problem(const QString &text)
{
    clear();
    write(QStringLiteral("gather: ") + printable(text) + u'\n');
}

void ProgressView::finished(const Download &download)
{
    if (m_quiet)
        return;
    const QString name = download.fileName().isEmpty() ? ShownUrl::of(download.url()) : download.fileName();
    QString line;
    switch (download.state()) {
    case DownloadState::Completed:
        line = QStringLiteral("done    %1  %2  %3 s").arg(name, HumanFormat::bytes(download.bytesReceived()))
                   .arg(QString::number(double(download.elapsedMs()) / 1000.0, 'f', 2));
        break;
    case DownloadState::Failed:
        line = QStringLiteral("failed  %1  %2").arg(ShownUrl::of(download.url()), ShownUrl::redacted(download.error().message));
        break;
    default:
        line = QStringLiteral("%1  %2").arg(DownloadStates::name(download.state()).toLower(), ShownUrl::of(download.url()));
        break;
    }
    message(line);
}

void ProgressView::redraw(const DownloadManager &manager)
{
    if (!m_terminal)
        return;
    int queued = 0, done = 0, failed = 0, shown = 0;
    qint64 speed = 0, received = 0;
    QString block;
    for (DownloadId id : manager.ids()) {
        const Download *d = manager.download(id);
        switch (d->state()) {
        case DownloadState::Queued:
        case DownloadState::Waiting:
            ++queued;
            break;
        case DownloadState::Completed:
            ++done;
            break;
        case DownloadState::Failed:
        case DownloadState::Cancelled:
            ++failed;
            break;
        default:
            break;
        }
        received += d->bytesReceived();
        if (!DownloadStates::isActive(d->state()))
            continue;
        speed += d->bytesPerSecond();
        if (shown++ >= kMaxActiveLines)
            continue;
        const QString percent = d->totalBytes() > 0
            ? QStringLiteral("%1%").arg(d->bytesReceived() * 100 / d->totalBytes(), 3) : QStringLiteral("  ?");
        const QString left = d->bytesPerSecond() > 0 && d->totalBytes() > 0
            ? HumanFormat::duration((d->totalBytes() - d->bytesReceived()) / d->bytesPerSecond()) : QStringLiteral("-");
        const QString head = QStringLiteral("%1 %2 / %3  %4  %5  ")
                                 .arg(percent, HumanFormat::bytes(d->bytesReceived()), HumanFormat::bytes(d->totalBytes()),
                                      HumanFormat::speed(d->bytesPerSecond()), left);
        const QString name = printable(d->fileName().isEmpty() ? ShownUrl::of(d->url()) : d->fileName());
        block += elide(head + name, m_columns - 1) + u'\n';
    }
    const int active = manager.activeCount();
    if (shown > kMaxActiveLines)
        block += QStringLiteral("  ... and %1 more active\n").arg(shown - kMaxActiveLines);
    block += QStringLiteral("%1 active, %2 queued, %3 done, %4 failed   %5 received   %6\n")
                 .arg(active).arg(queued).arg(done).arg(failed).arg(HumanFormat::bytes(received), HumanFormat::speed(speed));
    clear();
    write(block);
    m_linesDrawn = int(block.count(u'\n'));
}
