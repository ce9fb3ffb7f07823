#include "detailspane.h"

#include "base/humanformat.h"
#include "base/shownurl.h"
#include "engine/downloadmanager.h"
#include "list/downloadlistmodel.h"
#include "segmentmap.h"
#include "speedgraph.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace {

// Long single-line values (URLs, paths, validators) scroll inside a borderless read-only field
// instead of forcing the pane wider; prose (errors, notes) wraps in a label.
bool isLine(DetailsPane::Field field)
{
    using F = DetailsPane::Field;
    return field == F::Url || field == F::FinalUrl || field == F::FilePath || field == F::ETag || field == F::LastModified;
}

QString sizeText(const Download &d, qint64 received)
{
    if (d.totalBytes() < 0)
        return received > 0 ? QObject::tr("%1 received, total unknown").arg(HumanFormat::bytes(received))
                            : QObject::tr("Unknown");
    if (d.state() == DownloadState::Completed)
        return QObject::tr("%1 (%2 bytes)").arg(HumanFormat::bytes(d.totalBytes()), QLocale().toString(d.totalBytes()));
    const qint64 percent = d.totalBytes() > 0 ? received * 100 / d.totalBytes() : 0;
    return QObject::tr("%1 of %2 (%3%)").arg(HumanFormat::bytes(received), HumanFormat::bytes(d.totalBytes())).arg(percent);
}

} // namespace

DetailsPane::DetailsPane(DownloadManager *manager, const DownloadListModel *model, QWidget *parent)
    : QWidget(parent)
    , m_manager(manager)
    , m_model(model)
    , m_stack(new QStackedWidget(this))
    , m_graph(new SpeedGraph(this))
    , m_map(new SegmentMap(this))
{
    setObjectName(QStringLiteral("detailsPane"));
    setAccessibleName(tr("Details of the current download"));
    m_clock.start();
    auto *hint = new QLabel(tr("Select a download to see its details."), m_stack);
    hint->setAlignment(Qt::AlignCenter);
    hint->setForegroundRole(QPalette::PlaceholderText);
    m_stack->addWidget(hint);
    m_stack->addWidget(buildForm());
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    // Connected after the model (made before the window), so its entries hold this batch first.
    connect(manager, &DownloadManager::downloadsChanged, this, &DetailsPane::onChanged);
    connect(manager, &DownloadManager::downloadsRemoved, this, &DetailsPane::onRemoved);
}

QWidget *DetailsPane::buildForm()
{
    static constexpr std::array<const char *, kFieldCount> captions{
        QT_TR_NOOP("Name:"), QT_TR_NOOP("Status:"), QT_TR_NOOP("URL:"), QT_TR_NOOP("Final URL:"),
        QT_TR_NOOP("File:"), QT_TR_NOOP("Size:"), QT_TR_NOOP("ETag:"), QT_TR_NOOP("Last-Modified:"),
        QT_TR_NOOP("Attempts:"), QT_TR_NOOP("Added:"), QT_TR_NOOP("Note:"), QT_TR_NOOP("Error:")};
    static constexpr std::array<const char *, kFieldCount> names{
        "name", "status", "url", "finalUrl", "filePath", "size", "etag", "lastModified", "attempts", "added", "note", "error"};

    auto *page = new QWidget(m_stack);
    // A grid, not a QFormLayout: Qt 6.4's form layout writes out of bounds when rows with
    // word-wrapping labels are hidden and shown again.
    auto *form = new QGridLayout;
    form->setHorizontalSpacing(8);
    form->setVerticalSpacing(3);
    form->setColumnStretch(1, 1);
    for (int i = 0; i < kFieldCount; ++i) {
        const auto field = Field(i);
        QWidget *value = nullptr;
        if (isLine(field)) {
            auto *line = new QLineEdit(page);
            line->setReadOnly(true);
            line->setFrame(false);
            QPalette transparent = line->palette();
            transparent.setColor(QPalette::Base, Qt::transparent);
            line->setPalette(transparent);
            // As tall as a label's line and flush left, so it reads like the labels around it.
            line->setTextMargins(-2, 0, 0, 0);
            line->setFixedHeight(line->fontMetrics().height() + 2);
            value = line;
        } else {
            auto *label = new QLabel(page);
            label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
            label->setTextFormat(Qt::PlainText);
            label->setWordWrap(field == Field::Error || field == Field::Note || field == Field::Status);
            label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
            label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
            value = label;
        }
        value->setObjectName(u"details_" % QLatin1StringView(names[size_t(i)]));
        value->setAccessibleName(tr(captions[size_t(i)]).remove(QLatin1Char('&')).remove(QLatin1Char(':')));
        m_values[size_t(i)] = value;
        m_captions[size_t(i)] = new QLabel(tr(captions[size_t(i)]), page);
        m_captions[size_t(i)]->setForegroundRole(QPalette::PlaceholderText);
        form->addWidget(m_captions[size_t(i)], i, 0, Qt::AlignRight | Qt::AlignTop);
        form->addWidget(value, i, 1);
    }
    form->setRowStretch(kFieldCount, 1);
    QFont bold = m_values[size_t(Field::Name)]->font();
    bold.setBold(true);
    m_values[size_t(Field::Name)]->setFont(bold);

    auto *graphBox = new QVBoxLayout;
    auto *graphTitle = new QLabel(tr("Speed"), page);
    graphTitle->setForegroundRole(QPalette::PlaceholderText);
    graphBox->addWidget(graphTitle);
    graphBox->addWidget(m_graph, 1);
    m_graph->setMinimumWidth(260);

    auto *rows = new QVBoxLayout(page);
    rows->setContentsMargins(10, 6, 10, 6);
    auto *columns = new QHBoxLayout;
    columns->setSpacing(16);
    columns->addLayout(form, 3);
    columns->addLayout(graphBox, 2);
    rows->addLayout(columns, 1);
    rows->addWidget(m_map);
    return page;
}

void DetailsPane::setDownload(DownloadId id)
{
    const Download *d = m_manager->download(id);
    m_id = d ? id : 0;
    disconnect(m_durableWatch);
    if (d)
        m_durableWatch = connect(d, &Download::durableChanged, this, &DetailsPane::refreshMap);
    refresh();
}

void DetailsPane::refreshMap()
{
    const Download *d = m_manager->download(m_id);
    m_map->setView(d ? d->segmentView(m_map->cells()) : SegmentView{});
}

QString DetailsPane::text(Field field) const
{
    const QWidget *value = m_values[size_t(field)];
    if (const auto *line = qobject_cast<const QLineEdit *>(value))
        return line->text();
    return static_cast<const QLabel *>(value)->text();
}

void DetailsPane::setField(Field field, const QString &text)
{
    QWidget *value = m_values[size_t(field)];
    if (auto *line = qobject_cast<QLineEdit *>(value)) {
        if (line->text() != text) {
            line->setText(text);
            line->setCursorPosition(0);
        }
    } else {
        static_cast<QLabel *>(value)->setText(text);
    }
    // Fields with nothing to say are hidden rather than shown empty.
    const bool show = !text.isEmpty() || field == Field::Name || field == Field::Status || field == Field::Url;
    value->setVisible(show);
    m_captions[size_t(field)]->setVisible(show);
}

void DetailsPane::onChanged(const QList<DownloadId> &ids)
{
    const qint64 now = m_clock.elapsed();
    bool current = false;
    for (DownloadId id : ids) {
        current = current || id == m_id;
        const Download *d = m_manager->download(id);
        if (!d)
            continue;
        const DownloadState s = d->state();
        if (s == DownloadState::Downloading)
            m_history.record(id, now, d->bytesPerSecond());
        else if (s == DownloadState::Connecting || s == DownloadState::Waiting || m_history.lastSpeed(id) > 0)
            m_history.record(id, now, 0);  // paused, verifying or over: the curve falls to zero there
    }
    if (current)
        refresh();
}

void DetailsPane::onRemoved(const QList<DownloadId> &ids)
{
    for (DownloadId id : ids)
        m_history.forget(id);
    if (m_id != 0 && !m_manager->download(m_id))
        setDownload(0);
}

void DetailsPane::refresh()
{
    const Download *d = m_manager->download(m_id);
    m_stack->setCurrentIndex(d ? 1 : 0);
    if (!d) {
        m_graph->setSamples({});
        m_map->setView({});
        return;
    }
    // A download that finished between two samples has no curve, but it did transfer.
    m_graph->setEmptyText(DownloadStates::isFinal(d->state()) && d->bytesReceived() > 0
                              ? tr("Finished before its speed was sampled")
                              : tr("No transfer yet"));
    const QUrl finalUrl = d->finalUrl();
    setField(Field::Name, d->fileName().isEmpty() ? d->url().fileName() : d->fileName());
    setField(Field::Status, DownloadColumns::statusText(*d));
    setField(Field::Url, ShownUrl::of(d->url()));
    setField(Field::FinalUrl, finalUrl.isEmpty() || finalUrl == d->url() ? QString() : ShownUrl::of(finalUrl));
    setField(Field::FilePath, d->filePath());
    const qint64 shown = m_model->receivedOf(m_id);
    setField(Field::Size, sizeText(*d, shown >= 0 ? shown : d->bytesReceived()));
    setField(Field::ETag, QString::fromLatin1(d->etag()));
    setField(Field::LastModified, QString::fromLatin1(d->lastModified()));
    setField(Field::Attempts, d->attempts() > 0 ? QString::number(d->attempts()) : QString());
    setField(Field::Added, QLocale().toString(d->addedAt().toLocalTime(), QLocale::LongFormat));
    setField(Field::Note, d->note());
    // Only a failure, or the failure a retry waits out, has an error to show: a cancel is the
    // person's own doing, and the status already says "Cancelled".
    const bool failing = d->state() == DownloadState::Failed || d->state() == DownloadState::Waiting;
    setField(Field::Error, failing && d->error().isError() ? d->error().message : QString());
    m_graph->setSamples(m_history.samples(m_id));
    refreshMap();
}
