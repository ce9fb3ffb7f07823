#include "mainwindow.h"

#include "changelinkaction.h"
#include "detailspane.h"
#include "downloadactions.h"
#include "downloadtableview.h"
#include "engine/downloadmanager.h"
#include "filterbar.h"
#include "icons.h"
#include "list/downloadlistmodel.h"
#include "mainwindowmenus.h"
#include "queueactions.h"
#include "statussummary.h"

#include <QCloseEvent>
#include <QCoreApplication>
#include <QDockWidget>
#include <QItemSelectionModel>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QVBoxLayout>

namespace {

const QString kGeometryKey = QStringLiteral("MainWindow/geometry");
const QString kStateKey = QStringLiteral("MainWindow/state");
const QString kHeaderKey = QStringLiteral("MainWindow/header");
constexpr int kStateVersion = 1;
constexpr int kMessageMs = 10'000;

} // namespace

MainWindow::MainWindow(DownloadManager *manager, DownloadListModel *model, FreeSpaceProbe *freeSpace,
                       QSettings *settings, QWidget *parent)
    : QMainWindow(parent)
    , m_manager(manager)
    , m_model(model)
    , m_settings(settings)
    , m_table(new DownloadTableView(model, this))
    , m_filter(new FilterBar(model, this))
    , m_actions(new DownloadActions(manager, model, m_table->selectionModel(), this))
    , m_details(new DetailsPane(manager, model, this))
    , m_detailsDock(new QDockWidget(tr("Details"), this))
    , m_status(new StatusSummary(manager, freeSpace, this))
    , m_queue(new QueueActions(manager, m_actions, m_table->selectionModel(), this))
    , m_changeLink(new ChangeLinkAction(manager, m_actions, m_table->selectionModel(), this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(Icons::icon(Icons::Id::App));
    setUnifiedTitleAndToolBarOnMac(true);
    // Drops land on the window itself, where the application's drop target filters them.
    setAcceptDrops(true);
    auto *central = new QWidget(this);
    auto *column = new QVBoxLayout(central);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    column->addWidget(m_filter);
    column->addWidget(m_table, 1);
    setCentralWidget(central);

    m_detailsDock->setObjectName(QStringLiteral("detailsDock"));
    m_detailsDock->setWidget(m_details);
    m_detailsDock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable
                               | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::BottomDockWidgetArea, m_detailsDock);
    // The table gets most of the height at first; the saved state overrides this.
    resizeDocks({m_detailsDock}, {fontMetrics().height() * 12}, Qt::Vertical);

    statusBar()->setSizeGripEnabled(true);
    // No stretch: the space left of the summary is where status messages show.
    statusBar()->addPermanentWidget(m_status);

    MainWindowMenus::build({this, m_actions, m_table, m_filter, m_detailsDock, m_queue, m_changeLink->action()});

    connect(m_actions, &DownloadActions::aboutRequested, this, &MainWindow::showAbout);
    connect(m_actions, &DownloadActions::message, this, [this](const QString &text) {
        statusBar()->showMessage(text, kMessageMs);
    });
    connect(m_table, &DownloadTableView::hint, this, [this](const QString &text) {
        statusBar()->showMessage(text, kMessageMs);
    });
    connect(m_changeLink, &ChangeLinkAction::message, this, [this](const QString &text) {
        statusBar()->showMessage(text, kMessageMs);
    });
    connect(m_status, &StatusSummary::progressTextChanged, this, &MainWindow::updateTitle);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::followCurrentRow);
    // A sort or filter moves or drops rows without a new current index; follow the row it leaves.
    connect(m_model, &QAbstractItemModel::layoutChanged, this, &MainWindow::followCurrentRow);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::followCurrentRow);

    resize(1040, 640);
    updateTitle({});
    restoreUiState();
    m_table->setFocus();
}

MainWindow::~MainWindow()
{
    saveUiState();
}

void MainWindow::saveUiState()
{
    if (!m_settings)
        return;
    m_settings->setValue(kGeometryKey, saveGeometry());
    m_settings->setValue(kStateKey, saveState(kStateVersion));
    m_settings->setValue(kHeaderKey, m_table->headerState());
}

bool MainWindow::restoreUiState()
{
    if (!m_settings)
        return false;
    const bool geometry = restoreGeometry(m_settings->value(kGeometryKey).toByteArray());
    const bool state = restoreState(m_settings->value(kStateKey).toByteArray(), kStateVersion);
    const bool header = m_table->restoreHeaderState(m_settings->value(kHeaderKey).toByteArray());
    return geometry && state && header;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveUiState();
    QMainWindow::closeEvent(event);
}

void MainWindow::followCurrentRow()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    m_details->setDownload(current.isValid() ? m_model->idAt(current.row()) : 0);
}

void MainWindow::updateTitle(const QString &progress)
{
    const QString name = tr("Gather");
    setWindowTitle(progress.isEmpty() ? name : name % u" \u2014 " % progress);
}

void MainWindow::showAbout()
{
    QMessageBox box(this);
    box.setWindowTitle(tr("About Gather"));
    box.setIconPixmap(Icons::icon(Icons::Id::App).pixmap(64, 64));
    box.setText(tr("<h3>Gather %1</h3><p>A download manager that finishes what it starts.</p>")
                    .arg(QCoreApplication::applicationVersion()));
    box.setInformativeText(tr("Resumes against validated ranges, verifies every byte it keeps, "
                              "and tells you in plain words why a download failed."));
    box.exec();
}
