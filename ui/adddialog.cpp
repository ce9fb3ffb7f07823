#include "adddialog.h"

#include "addlistmodel.h"
#include "appsettings.h"
#include "base/humanformat.h"
#include "base/safetext.h"
#include "disk/freespaceprobe.h"
#include "folderfield.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

namespace {

constexpr int kProbeDelayMs = 300;  // wait for typing to pause before measuring a folder
constexpr qsizetype kSideSectionRows = 5;
constexpr int kMinimumLinkRows = 8;

QString linksFound(qsizetype count, int resumeCount)
{
    if (count == 0 && resumeCount > 0) {
        return resumeCount == 1 ? AddDialog::tr("1 link to resume")
                                : AddDialog::tr("%1 links to resume").arg(resumeCount);
    }
    if (count == 0)
        return AddDialog::tr("No links found");
    if (count == 1)
        return AddDialog::tr("1 link found");
    return AddDialog::tr("%1 links found").arg(count);
}

QTableView *tableFor(AddListModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    model->setParent(view);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setWordWrap(false);
    view->setTextElideMode(Qt::ElideMiddle);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    // Fixed row heights keep a view over a million links fast.
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    QHeaderView *header = view->horizontalHeader();
    header->setHighlightSections(false);
    header->setStretchLastSection(true);
    header->setResizeContentsPrecision(200);
    return view;
}

// The side sections are as tall as their rows, up to a few; the links list takes the rest.
void fitRows(QTableView *view, qsizetype rows)
{
    const int shown = int(std::clamp<qsizetype>(rows, 1, kSideSectionRows));
    view->setMaximumHeight(view->horizontalHeader()->sizeHint().height()
                           + view->verticalHeader()->defaultSectionSize() * shown + 2 * view->frameWidth()
                           + (rows > kSideSectionRows ? 0 : view->horizontalScrollBar()->sizeHint().height()));
}

} // namespace

AddDialog::AddDialog(const LoadedUrlList &list, const QString &defaultFolder, const ListedState &listedState,
                     FreeSpaceProbe *probe, QWidget *parent)
    : QDialog(parent)
    , m_probe(probe)
    , m_folder(new FolderField(this))
    , m_freeSpace(new QLabel(this))
    , m_waiting(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    for (const UrlEntry &entry : list.parsed.entries) {
        const std::optional<DownloadState> state = listedState ? listedState(entry.url) : std::nullopt;
        if (!state) {
            m_links.append(entry);
            continue;
        }
        const Relisting::Outcome outcome = Relisting::outcomeFor(*state);
        m_alreadyListed.append({entry, outcome});
        if (outcome == Relisting::Outcome::Resumes)
            ++m_resumeCount;
    }

    setWindowTitle(linksFound(m_links.size(), m_resumeCount));
    m_folder->setObjectName(QStringLiteral("folder"));
    m_folder->setFolder(defaultFolder);
    m_freeSpace->setObjectName(QStringLiteral("freeSpace"));
    m_freeSpace->setAccessibleName(tr("Free space"));
    m_freeSpace->setTextFormat(Qt::PlainText);

    auto *layout = new QVBoxLayout(this);
    m_waiting->setObjectName(QStringLiteral("waiting"));
    m_waiting->setTextFormat(Qt::PlainText);
    m_waiting->hide();
    layout->addWidget(m_waiting);
    if (!list.sources.isEmpty()) {
        QStringList sources;
        for (const QString &source : list.sources)
            sources.append(SafeText::display(source, 80));
        auto *from = new QLabel(tr("Read from: %1").arg(sources.join(QStringLiteral(", "))), this);
        from->setObjectName(QStringLiteral("sources"));
        from->setTextFormat(Qt::PlainText);
        from->setWordWrap(true);
        layout->addWidget(from);
    }
    buildSections(list, layout);

    auto *form = new QFormLayout;
    form->addRow(tr("Save &to:"), m_folder);
    form->addRow(QString(), m_freeSpace);
    layout->addLayout(form);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &AddDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &AddDialog::reject);
    updateOkText();

    m_probeDelay.setSingleShot(true);
    m_probeDelay.setInterval(kProbeDelayMs);
    connect(&m_probeDelay, &QTimer::timeout, this, &AddDialog::requestFreeSpace);
    connect(m_folder, &FolderField::folderChanged, this, &AddDialog::folderEdited);
    if (m_probe) {
        connect(m_probe, &FreeSpaceProbe::measured, this,
                [this](const QString &folder, qint64 available, qint64, const QString &problem) {
                    showFreeSpace(folder, available, problem);
                });
    }
    requestFreeSpace();
    updateOkButton();
    resize(760, 640);
}

void AddDialog::buildSections(const LoadedUrlList &list, QVBoxLayout *layout)
{
    auto *links = new AddListModel(AddListModel::Kind::Links);
    links->setLinks(m_links);
    QTableView *linkView = tableFor(links, this);
    linkView->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    linkView->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    linkView->setMinimumHeight(linkView->horizontalHeader()->sizeHint().height()
                               + linkView->verticalHeader()->defaultSectionSize() * kMinimumLinkRows);
    QGroupBox *linkSection = section("linksSection", tr("Links to download (%1)").arg(m_links.size()), linkView);
    layout->addWidget(linkSection, 1);

    auto *rejected = new AddListModel(AddListModel::Kind::Rejected);
    rejected->setRejected(list.parsed.rejected);
    QTableView *rejectedView = tableFor(rejected, this);
    rejectedView->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    rejectedView->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    fitRows(rejectedView, list.parsed.rejected.size());
    QGroupBox *rejectedSection = section("rejectedSection", tr("Lines that are not links (%1)").arg(list.parsed.rejected.size()),
                                         rejectedView);
    rejectedSection->setToolTip(tr("These lines are skipped."));
    layout->addWidget(rejectedSection);
    rejectedSection->setVisible(!list.parsed.rejected.isEmpty());

    auto *duplicates = new AddListModel(AddListModel::Kind::Duplicates);
    duplicates->setDuplicates(list.parsed.duplicates, m_alreadyListed);
    QTableView *duplicateView = tableFor(duplicates, this);
    duplicateView->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    duplicateView->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    const qsizetype duplicateCount = list.parsed.duplicateCount + m_alreadyListed.size();
    fitRows(duplicateView, duplicateCount);
    QGroupBox *duplicateSection = section("duplicatesSection", tr("Duplicates, not added again (%1)").arg(duplicateCount),
                                          duplicateView);
    if (!m_alreadyListed.isEmpty()) {
        // The other answer to "this is in the list already": a fresh copy, beside the old file.
        m_downloadAgain = new QCheckBox(tr("Download the ones already in the list again, as new files"), duplicateSection);
        m_downloadAgain->setObjectName(QStringLiteral("downloadAgain"));
        m_downloadAgain->setToolTip(tr("Instead of resuming them: new downloads, named as \"When a file already exists\" says."));
        duplicateSection->layout()->addWidget(m_downloadAgain);
        connect(m_downloadAgain, &QCheckBox::toggled, this, [this] {
            updateOkText();
            updateOkButton();
        });
    }
    layout->addWidget(duplicateSection);
    duplicateSection->setVisible(duplicateCount > 0);

    auto *problems = new QPlainTextEdit(this);
    problems->setReadOnly(true);
    problems->setLineWrapMode(QPlainTextEdit::NoWrap);
    QStringList lines;
    for (const SourceProblem &problem : list.problems)
        lines.append(SafeText::display(problem.source, 200) % u": " % SafeText::display(problem.reason, 400));
    problems->setPlainText(lines.join(u'\n'));
    QGroupBox *problemSection = section("problemsSection", tr("Could not be read (%1)").arg(list.problems.size()), problems);
    problems->setMaximumHeight(problems->fontMetrics().lineSpacing() * int(std::clamp<qsizetype>(lines.size() + 1, 2, kSideSectionRows))
                               + 2 * problems->frameWidth());
    layout->addWidget(problemSection);
    problemSection->setVisible(!list.problems.isEmpty());
}

QGroupBox *AddDialog::section(const char *name, const QString &title, QWidget *content)
{
    auto *box = new QGroupBox(title, this);
    box->setObjectName(QString::fromLatin1(name));
    content->setAccessibleName(title);
    auto *boxLayout = new QVBoxLayout(box);
    boxLayout->addWidget(content);
    return box;
}

void AddDialog::setWaiting(int count)
{
    m_waiting->setVisible(count > 0);
    m_waiting->setText(count == 1 ? tr("1 more input arrived; it opens after this one.")
                                  : tr("%1 more inputs arrived; each opens after this one, in order.").arg(count));
}

QPushButton *AddDialog::okButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

QString AddDialog::folder() const
{
    return AppSettings::normalizedFolder(m_folder->folder());
}

QList<UrlEntry> AddDialog::entries() const
{
    const QString chosen = folder();
    QList<UrlEntry> result = m_links;
    for (UrlEntry &entry : result)
        entry.dir = entry.folderIn(chosen);
    return result;
}

QList<UrlEntry> AddDialog::listedEntries() const
{
    const QString chosen = folder();
    QList<UrlEntry> result;
    result.reserve(m_alreadyListed.size());
    for (const ListedLink &listed : m_alreadyListed) {
        result.append(listed.entry);
        result.last().dir = listed.entry.folderIn(chosen);
    }
    return result;
}

void AddDialog::folderEdited()
{
    updateOkButton();
    m_probeDelay.start();
}

void AddDialog::requestFreeSpace()
{
    const QString chosen = folder();
    m_probedFolder = chosen;
    m_folderProblem.clear();  // until the probe says otherwise for this folder
    QPalette palette = m_freeSpace->palette();
    palette.setColor(QPalette::WindowText, this->palette().color(QPalette::WindowText));
    m_freeSpace->setPalette(palette);
    m_freeSpace->setProperty("lowSpace", false);
    if (chosen.isEmpty()) {
        m_freeSpace->setText(tr("Enter the full path of a folder."));
        return;
    }
    if (!m_probe) {
        m_freeSpace->clear();
        return;
    }
    m_freeSpace->setText(tr("Checking free space…"));
    m_probe->request(chosen);
}

void AddDialog::showFreeSpace(const QString &folder, qint64 available, const QString &problem)
{
    if (folder != m_probedFolder)
        return;
    m_folderProblem = problem;
    updateOkButton();
    if (!problem.isEmpty()) {
        // Said now, not as a failure of every download later.
        m_freeSpace->setText(problem);
        QPalette palette = m_freeSpace->palette();
        palette.setColor(QPalette::WindowText, QColor(0xc0, 0x1c, 0x28));
        m_freeSpace->setPalette(palette);
        return;
    }
    if (available < 0) {
        m_freeSpace->setText(tr("Free space unknown"));
        return;
    }
    const bool low = available < kLowSpaceBytes;
    m_freeSpace->setText(low ? tr("Only %1 free").arg(HumanFormat::bytes(available))
                             : tr("%1 free").arg(HumanFormat::bytes(available)));
    m_freeSpace->setProperty("lowSpace", low);
    if (low) {
        QPalette palette = m_freeSpace->palette();
        palette.setColor(QPalette::WindowText, QColor(0xc0, 0x1c, 0x28));
        m_freeSpace->setPalette(palette);
    }
}

bool AddDialog::downloadAgain() const
{
    return m_downloadAgain && m_downloadAgain->isChecked();
}

void AddDialog::updateOkText()
{
    const qsizetype fetched = m_links.size() + (downloadAgain() ? m_alreadyListed.size() : 0);
    if (fetched == 0 && m_resumeCount > 0)
        okButton()->setText(m_resumeCount == 1 ? tr("Resume 1") : tr("Resume %1").arg(m_resumeCount));
    else
        okButton()->setText(fetched == 1 ? tr("Download 1") : tr("Download %1").arg(fetched));
}

void AddDialog::updateOkButton()
{
    const bool something = !m_links.isEmpty() || m_resumeCount > 0 || (downloadAgain() && !m_alreadyListed.isEmpty());
    okButton()->setEnabled(something && !folder().isEmpty() && m_folderProblem.isEmpty());
}
