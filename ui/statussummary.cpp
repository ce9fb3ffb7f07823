#include "statussummary.h"

#include "base/humanformat.h"
#include "disk/freespaceprobe.h"
#include "engine/downloadmanager.h"

#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>

namespace {

QLabel *makeLabel(const QString &name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setTextFormat(Qt::PlainText);
    return label;
}

} // namespace

StatusSummary::StatusSummary(DownloadManager *manager, FreeSpaceProbe *freeSpace, QWidget *parent)
    : QWidget(parent)
    , m_manager(manager)
    , m_freeSpace(freeSpace)
    , m_speed(makeLabel(QStringLiteral("statusSpeed"), this))
    , m_counts(makeLabel(QStringLiteral("statusCounts"), this))
    , m_free(makeLabel(QStringLiteral("statusFreeSpace"), this))
{
    m_speed->setAccessibleName(tr("Total speed"));
    m_counts->setAccessibleName(tr("Download counts"));
    m_free->setAccessibleName(tr("Free space in the download folder"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(18);
    layout->addWidget(m_counts);
    layout->addStretch(1);
    layout->addWidget(m_speed);
    layout->addWidget(m_free);
    m_speed->setToolTip(tr("Total download speed"));
    m_free->setToolTip(tr("Free space in the download folder"));

    connect(manager, &DownloadManager::downloadsChanged, this, &StatusSummary::onChanged);
    connect(manager, &DownloadManager::downloadsAdded, this, &StatusSummary::updateLabels);
    connect(&manager->queueSchedule(), &QueueSchedule::changed, this, &StatusSummary::updateLabels);
    connect(manager, &DownloadManager::downloadsRemoved, this, &StatusSummary::onRemoved);
    connect(manager, &DownloadManager::downloadFinished, this, [this] { ++m_batchFinished; });
    if (m_freeSpace) {
        connect(m_freeSpace, &FreeSpaceProbe::measured, this, &StatusSummary::onMeasured);
        m_freeSpaceTimer.setInterval(kFreeSpaceIntervalMs);
        connect(&m_freeSpaceTimer, &QTimer::timeout, this, &StatusSummary::refreshFreeSpace);
        m_freeSpaceTimer.start();
        refreshFreeSpace();
    }
    updateLabels();
}

QString StatusSummary::speedText() const
{
    return m_speed->text();
}

QString StatusSummary::countsText() const
{
    return m_counts->text();
}

QString StatusSummary::freeSpaceText() const
{
    return m_free->text();
}

void StatusSummary::refreshFreeSpace()
{
    if (!m_freeSpace)
        return;
    const QString folder = QDir::cleanPath(m_manager->settings().folder.isEmpty() ? QDir::currentPath()
                                                                                 : m_manager->settings().folder);
    if (folder != m_folder) {
        m_folder = folder;
        m_free->clear();
    }
    m_freeSpace->request(m_folder);
}

void StatusSummary::onMeasured(const QString &folder, qint64 available, qint64 total)
{
    Q_UNUSED(total);
    if (folder != m_folder)
        return;
    m_free->setText(available >= 0 ? tr("%1 free").arg(HumanFormat::bytes(available)) : QString());
}

void StatusSummary::onChanged(const QList<DownloadId> &ids)
{
    for (DownloadId id : ids) {
        const Download *d = m_manager->download(id);
        if (d && DownloadStates::isPending(d->state()) && d->state() != DownloadState::Queued)
            m_running.insert(id, {d->bytesReceived(), d->totalBytes()});
        else
            m_running.remove(id);
    }
    // The folder can change in the settings at any time; noticing it here costs one comparison.
    if (m_freeSpace && QDir::cleanPath(m_manager->settings().folder) != m_folder && !m_manager->settings().folder.isEmpty())
        refreshFreeSpace();
    updateLabels();
}

void StatusSummary::onRemoved(const QList<DownloadId> &ids)
{
    for (DownloadId id : ids)
        m_running.remove(id);
    updateLabels();
}

void StatusSummary::updateLabels()
{
    using S = DownloadState;
    const DownloadManager &m = *m_manager;
    // Active means holding a connection, as "Downloads at once" counts; a download whose bytes
    // are all in and being synced and checked is not one of them.
    const std::pair<int, QString> parts[] = {
        {m.activeCount(), tr("%1 active")},
        {m.countIn(S::Verifying), tr("%1 verifying")},
        {m.countIn(S::Waiting), tr("%1 retrying")},
        {m.countIn(S::Queued), tr("%1 queued")},
        {m.countIn(S::Paused), tr("%1 paused")},
        {m.countIn(S::Completed), tr("%1 completed")},
        {m.countIn(S::Failed), tr("%1 failed")},
        {m.countIn(S::Cancelled), tr("%1 cancelled")},
    };
    QStringList words;
    for (const auto &[count, text] : parts) {
        if (count > 0)
            words.append(text.arg(count));
    }
    // Queued ones that wait for the start window say so, or the queue looks stuck.
    const QueueSchedule &schedule = m.queueSchedule();
    if (m.countIn(S::Queued) > 0 && !schedule.startsAllowed())
        words.append(tr("starting at %1").arg(schedule.startWindow().from.toString(u"HH:mm")));
    m_counts->setText(words.isEmpty() ? tr("No downloads") : words.join(QStringLiteral("  \u00b7  ")));
    m_speed->setText(QStringLiteral("\u2193 ") + HumanFormat::speed(m.totalBytesPerSecond()));
    updateProgress();
}

void StatusSummary::updateProgress()
{
    const int downloading = m_manager->activeCount();
    qint64 received = 0;
    qint64 total = 0;
    for (const Progress &p : std::as_const(m_running)) {
        if (p.total > 0) {
            received += p.received;
            total += p.total;
        }
    }
    // A percentage over whatever runs right now jumps (65% → 0% → 84%) as files finish and
    // others start; over many files the title counts files instead, which only grows.
    const int pending = m_manager->pendingCount();
    if (pending == 0)
        m_batchFinished = 0;
    const int batch = m_batchFinished + pending;
    QString text;
    if (batch > 1 && downloading > 0) {
        text = tr("%1 of %2 done, %3 downloading").arg(m_batchFinished).arg(batch).arg(downloading);
    } else if (downloading > 0) {
        text = tr("%1 downloading").arg(downloading);
        if (total > 0)
            text += QStringLiteral(", %1%").arg(received * 100 / total);
    }
    if (text != m_progressText) {
        m_progressText = text;
        Q_EMIT progressTextChanged(text);
    }
}
