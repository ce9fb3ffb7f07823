#include "headlessrunner.h"

#include "engine/downloadmanager.h"

#include <cstdio>

namespace {

// The report is TAB-separated: fields must not contain tabs or line breaks.
QString field(QString text)
{
    for (QChar &c : text) {
        if (c == u'\t' || c == u'\n' || c == u'\r' || !c.isPrint())
            c = u' ';
    }
    return text;
}

QString reportStatus(DownloadState state)
{
    switch (state) {
    case DownloadState::Completed: return QStringLiteral("ok");
    case DownloadState::Failed: return QStringLiteral("failed");
    case DownloadState::Cancelled: return QStringLiteral("cancelled");
    default: return QStringLiteral("interrupted");
    }
}

} // namespace

HeadlessRunner::HeadlessRunner(DownloadManager *manager, HeadlessOptions options, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_options(std::move(options))
    , m_view(m_options.quiet)
{
    m_redrawTimer.setInterval(DownloadManager::kBatchIntervalMs);
    connect(&m_redrawTimer, &QTimer::timeout, this, [this] { m_view.redraw(*m_manager); });
    connect(m_manager, &DownloadManager::downloadFinished, this, [this](DownloadId id) {
        if (const Download *download = m_manager->download(id))
            m_view.finished(*download);
    });
    connect(m_manager, &DownloadManager::allFinished, this, &HeadlessRunner::finish);
    connect(m_manager, &DownloadManager::shutdownComplete, this, [this] {
        m_view.clear();
        printReport();
        Q_EMIT done(Interrupted);
    });
}

void HeadlessRunner::start()
{
    for (const QString &note : std::as_const(m_options.notes))
        m_view.message(note);
    for (const auto &item : std::as_const(m_options.items)) {
        if (!item.entry)
            m_view.message(QStringLiteral("skipped: %1 (%2)").arg(item.rejected.text, item.rejected.reason));
    }
    QList<UrlEntry> entries;
    for (const auto &item : std::as_const(m_options.items)) {
        if (item.entry)
            entries.append(*item.entry);
    }
    const QList<DownloadId> ids = m_manager->add(entries);
    qsizetype next = 0;
    for (const auto &item : std::as_const(m_options.items))
        m_ids.append(item.entry ? ids.value(next++) : DownloadId(0));
    if (m_view.isTerminal())
        m_redrawTimer.start();
    if (entries.isEmpty())
        QMetaObject::invokeMethod(this, &HeadlessRunner::finish, Qt::QueuedConnection);
}

void HeadlessRunner::interrupt()
{
    if (m_finishing)
        return;
    m_finishing = true;
    m_redrawTimer.stop();
    m_view.message(QStringLiteral("Interrupted: stopping and saving partial files (Ctrl-C again to quit at once)"));
    m_manager->shutdown();
}

void HeadlessRunner::finish()
{
    if (m_finishing)
        return;
    m_finishing = true;
    m_redrawTimer.stop();
    m_view.clear();
    Q_EMIT done(printReport());
}

int HeadlessRunner::printReport() const
{
    bool allOk = true;
    QString report;
    for (qsizetype i = 0; i < m_options.items.size(); ++i) {
        const auto &item = m_options.items[i];
        const Download *d = m_ids[i] ? m_manager->download(m_ids[i]) : nullptr;
        if (!d) {
            allOk = false;
            report += QStringLiteral("rejected\t0\t0.00\t-\t%1\t%2\n").arg(field(item.rejected.text), field(item.rejected.reason));
            continue;
        }
        const bool ok = d->state() == DownloadState::Completed;
        allOk = allOk && ok;
        const QString path = d->filePath().isEmpty() ? QStringLiteral("-") : d->filePath();
        // For a completed download the last column carries its note, e.g. that it was skipped.
        QString error = ok ? d->note() : d->error().message;
        if (!ok && error.isEmpty())
            error = d->note().isEmpty() ? DownloadStates::name(d->state()) : d->note();
        report += QStringLiteral("%1\t%2\t%3\t%4\t%5\t%6\n")
                      .arg(reportStatus(d->state()))
                      .arg(d->bytesReceived())
                      .arg(QString::number(double(d->elapsedMs()) / 1000.0, 'f', 2))
                      .arg(field(path), field(d->url().toString(QUrl::FullyEncoded)), field(error));
    }
    const QByteArray bytes = report.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
    return allOk ? AllSucceeded : SomeFailed;
}
