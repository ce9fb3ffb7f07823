#include "notifier.h"

#include "appsettings.h"
#include "base/safetext.h"
#include "base/shownurl.h"
#include "engine/downloadmanager.h"

#include <QFileInfo>

namespace {

constexpr qsizetype kNameLimit = 80;
constexpr qsizetype kReasonLimit = 160;
constexpr qsizetype kNamesInSummary = 3;

} // namespace

Notifier::Notifier(const DownloadManager *manager, const AppSettings *settings, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_settings(settings)
{
    m_batch.setSingleShot(true);
    m_batch.setInterval(kDefaultBatchMs);
    connect(&m_batch, &QTimer::timeout, this, &Notifier::flush);
    connect(m_manager, &DownloadManager::downloadFinished, this, &Notifier::downloadFinished);
}

void Notifier::downloadFinished(DownloadId id)
{
    if (m_settings && !m_settings->values().notifyOnFinish)
        return;
    const Download *download = m_manager->download(id);
    // A cancel is the person's own doing; telling them about it is noise.
    if (!download || download->state() == DownloadState::Cancelled)
        return;
    // A download that failed before the server named the file has only its URL's name.
    QString name = download->fileName();
    if (name.isEmpty())
        name = download->url().fileName();
    if (name.isEmpty())
        name = ShownUrl::of(download->url());
    Finished finished;
    // Names and reasons come from servers: show them only made safe.
    finished.name = SafeText::display(name, kNameLimit);
    if (download->state() == DownloadState::Failed) {
        const QString reason = download->error().message;
        finished.error = reason.isEmpty() ? tr("unknown error") : SafeText::display(reason, kReasonLimit);
    } else {
        // Kept as they are, not made safe: they are opened, never shown. QFileInfo only parses
        // the string here; nothing touches the disk.
        finished.path = download->filePath();
        if (!finished.path.isEmpty())
            finished.folder = QFileInfo(finished.path).absolutePath();
    }
    m_pending.append(finished);
    if (!m_batch.isActive())
        m_batch.start();
}

void Notifier::flush()
{
    const QList<Finished> finished = std::exchange(m_pending, {});
    if (finished.isEmpty())
        return;
    if (finished.size() == 1) {
        const Finished &one = finished.first();
        if (one.error.isEmpty())
            Q_EMIT notify({tr("Download finished"), tr("Downloaded %1").arg(one.name), Kind::Success, one.path, one.folder});
        else
            Q_EMIT notify({tr("Download failed"), tr("Failed: %1 — %2").arg(one.name, one.error), Kind::Failure, {}, {}});
        return;
    }
    // The summary names the failures when there are any, since those need the person's attention.
    QStringList failedNames;
    QStringList names;
    // "Show in Folder" needs one folder: the one every completed download went to.
    QString folder;
    bool oneFolder = true;
    for (const Finished &one : finished) {
        if (!one.error.isEmpty())
            failedNames.append(one.name);
        else if (folder.isEmpty())
            folder = one.folder;
        else if (!one.folder.isEmpty() && one.folder != folder)
            oneFolder = false;
        names.append(one.name);
    }
    const auto listed = [](QStringList list) {
        if (list.size() > kNamesInSummary) {
            list = list.first(kNamesInSummary);
            list.append(tr("…"));
        }
        return list.join(QStringLiteral(", "));
    };
    const qsizetype failed = failedNames.size();
    const QString title = tr("%1 downloads finished").arg(finished.size());
    const QString body = failed == 0 ? listed(names)
                                     : tr("%1 completed, %2 failed: %3").arg(finished.size() - failed).arg(failed).arg(listed(failedNames));
    Q_EMIT notify({title, body, failed > 0 ? Kind::Failure : Kind::Success, {}, oneFolder ? folder : QString()});
}
