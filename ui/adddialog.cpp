#include "adddialog.h"

#include "adddialoglook.h"
#include "addlinkseditor.h"
#include "addlinksmodel.h"
#include "addlistmodel.h"
#include "appsettings.h"
#include "base/humanformat.h"
#include "base/safetext.h"
#include "checksumfield.h"
#include "disk/freespaceprobe.h"
#include "folderfield.h"
#include "relinkofferlist.h"

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
                     FreeSpaceProbe *probe, QWidget *parent, const RelinkFinder &relinkFinder)
    : QDialog(parent)
    , m_probe(probe)
    , m_folder(new FolderField(this))
    , m_freeSpace(new QLabel(this))
    , m_waiting(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
    , m_checksum(new ChecksumField(this))
{
    QList<UrlEntry> links;  // handed to the links model, which keeps the only copy
    QList<RelinkOffer> offers;
    for (const UrlEntry &entry : list.parsed.entries) {
        const std::optional<DownloadState> state = listedState ? listedState(entry.url) : std::nullopt;
        if (!state) {
            if (RelinkOffer offer = relinkFinder ? relinkFinder(entry) : RelinkOffer{}; offer.id != 0)
                offers.append(std::move(offer));
            else
                links.append(entry);
            continue;
        }
        const Relisting::Outcome outcome = Relisting::outcomeFor(*state);
        m_alreadyListed.append({entry, outcome});
        if (outcome == Relisting::Outcome::Resumes)
            ++m_resumeCount;
    }

    setWindowTitle(linksFound(links.size() + offers.size(), m_resumeCount));
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
    buildSections(list, std::move(links), layout);
    if (list.checksumsApplied > 0 || !list.checksumConflicts.isEmpty()) {
        QStringList lines;
        if (list.checksumsApplied > 0)
            lines.append(list.checksumsApplied == 1 ? tr("1 link gets its checksum from a checksum file.")
                                                    : tr("%1 links get their checksum from a checksum file.").arg(list.checksumsApplied));
        for (const QString &conflict : list.checksumConflicts)
            lines.append(SafeText::display(conflict, 400));
        auto *note = new QLabel(lines.join(u'\n'), this);
        note->setObjectName(QStringLiteral("checksumNote"));
        note->setTextFormat(Qt::PlainText);
        note->setWordWrap(true);
        AddDialogLook::markAsWarning(note, !list.checksumConflicts.isEmpty());
        layout->addWidget(note);
    }
    if (!offers.isEmpty()) {
        m_relinkList = new RelinkOfferList(std::move(offers), this);
        layout->insertWidget(layout->indexOf(m_linksSection) + 1, m_relinkList);
        connect(m_relinkList, &RelinkOfferList::choiceChanged, this, [this] {
            updateOkText();
            updateOkButton();
        });
    }

    m_form = new QFormLayout;
    m_form->addRow(tr("Save &to:"), m_folder);
    m_form->addRow(QString(), m_freeSpace);
    m_form->addRow(tr("Check&sum:"), m_checksum);
    layout->addLayout(m_form);
    if (m_linksModel->rowCount() == 1)
        m_checksum->setChecksum(m_linksModel->entryAt(0).checksum);
    connect(m_checksum, &ChecksumField::edited, this, &AddDialog::updateOkButton);
    connect(m_linksModel, &QAbstractItemModel::rowsRemoved, this, &AddDialog::updateChecksumRow);
    updateChecksumRow();
    updateFolderColumn();
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
    // Keys start in the list, on its first row: Space, F2 and Delete work at once; Enter still
    // presses the default button.
    if (m_linksModel->rowCount() > 0) {
        m_linksView->setFocus();
        m_linksView->selectionModel()->setCurrentIndex(m_linksModel->index(0, AddLinksModel::NameColumn),
                                                       QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
}

void AddDialog::buildSections(const LoadedUrlList &list, QList<UrlEntry> links, QVBoxLayout *layout)
{
    auto *editor = new AddLinksEditor(std::move(links), this);
    m_linksModel = editor->model();
    m_linksView = editor->view();
    connect(m_linksModel, &AddLinksModel::checkedCountChanged, this, &AddDialog::linksChanged);
    connect(m_linksModel, &QAbstractItemModel::rowsRemoved, this, &AddDialog::linksChanged);
    connect(m_linksModel, &QAbstractItemModel::rowsInserted, this, &AddDialog::linksChanged);
    m_linksSection = section("linksSection", QString(), editor);
    layout->addWidget(m_linksSection, 1);
    linksChanged();

    auto *rejected = new AddListModel(AddListModel::Kind::Rejected);
    rejected->setRejected(list.parsed.rejected);
    QTableView *rejectedView = AddDialogLook::table(rejected, this);
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
    QTableView *duplicateView = AddDialogLook::table(duplicates, this);
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

int AddDialog::mergeLinks(const QList<UrlEntry> &links)
{
    const int added = m_linksModel->append(links);
    if (added > 0) {
        setWindowTitle(linksFound(m_linksModel->rowCount(), m_resumeCount));
        m_linksView->scrollToBottom();
    }
    return added;
}

void AddDialog::linksChanged()
{
    const int total = m_linksModel->rowCount();
    const int checked = m_linksModel->checkedCount();
    m_linksSection->setTitle(checked == total ? tr("Links to download (%1)").arg(total)
                                              : tr("Links to download (%1 of %2 checked)").arg(checked).arg(total));
    m_linksView->setAccessibleName(m_linksSection->title());
    updateOkText();
    updateOkButton();
}

int AddDialog::linkCount() const
{
    return m_linksModel->checkedCount();
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

void AddDialog::setCategories(const CategoryFolders &categories, const QString &downloadFolder)
{
    m_categories = categories;
    m_categoryBase = AppSettings::normalizedFolder(downloadFolder);
    updateFolderColumn();
}

UrlEntry AddDialog::placed(const UrlEntry &entry) const
{
    const QString chosen = folder();
    UrlEntry result = entry;
    if (!chosen.isEmpty() && chosen == m_categoryBase)
        m_categories.place(result, chosen);
    result.dir = result.folderIn(chosen);
    return result;
}

void AddDialog::updateFolderColumn()
{
    m_linksModel->setFolderOf([this](const UrlEntry &entry) -> AddLinksModel::Folder {
        if (folder().isEmpty())
            return {};
        const UrlEntry where = placed(entry);
        if (!entry.dir.isEmpty())
            return {where.dir, tr("The list's dir= chose it.")};
        if (!where.folderByCategory)
            return {where.dir};
        const FileCategory category = FileCategories::ofName(
            entry.outName.isEmpty() ? entry.url.fileName(QUrl::FullyDecoded) : entry.outName);
        return {where.dir, category == FileCategory::None
                               ? tr("No type known yet; the server's answer may still sort it by type.")
                               : tr("By type: %1. The server's answer may still correct it.").arg(FileCategories::nameOf(category))};
    });
}

void AddDialog::updateChecksumRow()
{
    m_form->setRowVisible(m_checksum, m_linksModel->rowCount() == 1);
    updateOkButton();
}

QList<UrlEntry> AddDialog::entries() const
{
    QList<UrlEntry> result = m_linksModel->checkedEntries();
    if (m_relinkList)
        result += m_relinkList->declined();
    for (UrlEntry &entry : result)
        entry = placed(entry);
    if (m_linksModel->rowCount() == 1 && result.size() == 1)
        result.first().checksum = m_checksum->checksum();
    return result;
}

QList<RelinkOffer> AddDialog::relinks() const
{
    return m_relinkList ? m_relinkList->chosen() : QList<RelinkOffer>{};
}

QList<UrlEntry> AddDialog::listedEntries() const
{
    QList<UrlEntry> result;
    result.reserve(m_alreadyListed.size());
    for (const ListedLink &listed : m_alreadyListed)
        result.append(placed(listed.entry));
    return result;
}

void AddDialog::folderEdited()
{
    updateOkButton();
    updateFolderColumn();
    m_probeDelay.start();
}

void AddDialog::requestFreeSpace()
{
    const QString chosen = folder();
    m_probedFolder = chosen;
    m_folderProblem.clear();  // until the probe says otherwise for this folder
    AddDialogLook::markAsWarning(m_freeSpace, false);
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
        AddDialogLook::markAsWarning(m_freeSpace, true);
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
    AddDialogLook::markAsWarning(m_freeSpace, low);
}

bool AddDialog::downloadAgain() const
{
    return m_downloadAgain && m_downloadAgain->isChecked();
}

void AddDialog::updateOkText()
{
    const qsizetype fetched = linkCount() + (downloadAgain() ? m_alreadyListed.size() : 0)
        + (m_relinkList ? m_relinkList->declined().size() : 0);
    const qsizetype relinked = relinks().size();
    if (fetched == 0 && m_resumeCount == 0 && relinked > 0)
        okButton()->setText(relinked == 1 ? tr("Use New Link") : tr("Use %1 New Links").arg(relinked));
    else if (fetched == 0 && m_resumeCount > 0)
        okButton()->setText(m_resumeCount == 1 ? tr("Resume 1") : tr("Resume %1").arg(m_resumeCount));
    else
        okButton()->setText(fetched == 1 ? tr("Download 1") : tr("Download %1").arg(fetched));
}

void AddDialog::updateOkButton()
{
    const bool something = linkCount() > 0 || m_resumeCount > 0 || (downloadAgain() && !m_alreadyListed.isEmpty())
        || (m_relinkList && m_relinkList->count() > 0);
    const bool checksumUsable = m_linksModel->rowCount() != 1 || m_checksum->isUsable();
    okButton()->setEnabled(something && !folder().isEmpty() && m_folderProblem.isEmpty() && checksumUsable);
}
