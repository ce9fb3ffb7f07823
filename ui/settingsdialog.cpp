#include "settingsdialog.h"

#include "categorygroup.h"
#include "cookiesfilefield.h"
#include "folderfield.h"
#include "schedulefields.h"

#include "base/version.h"
#include "proxygroup.h"
#include "remotegroup.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace {

constexpr qint64 kMiB = 1024 * 1024;

template<typename Enum>
void selectData(QComboBox *combo, Enum value)
{
    const int index = combo->findData(int(value));
    combo->setCurrentIndex(std::max(0, index));
}

template<typename Enum>
Enum currentData(const QComboBox *combo)
{
    return Enum(combo->currentData().toInt());
}

int shownMiB(qint64 bytes)
{
    return int((bytes + kMiB / 2) / kMiB);
}

} // namespace

SettingsDialog::SettingsDialog(AppSettings *settings, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_folder(new FolderField(this))
    , m_maxConcurrent(spinBox("maxConcurrent", 1, AppSettings::kMaxConcurrentLimit, {},
                              tr("How many downloads run at the same time; the rest wait in the queue.")))
    , m_maxPerHost(spinBox("maxPerHost", 1, DownloadSettings::kMaxPerHostLimit, {},
                           tr("At most this many connections to one server. Some servers refuse or slow down "
                              "clients that open many.")))
    , m_split(spinBox("split", 1, DownloadSettings::kMaxSplit, {},
                      tr("A large file is fetched over up to this many connections at once, each taking its own "
                         "part. Only applies when the server supports ranges (resuming); otherwise one "
                         "connection fetches the whole file.")))
    , m_minSegment(spinBox("minSegmentSize", int(DownloadSettings::kMinSegmentSizeFloor / kMiB),
                           int(AppSettings::kMaxMinSegmentSize / kMiB), tr(" MiB"),
                           tr("A file is never split into parts smaller than this, so small files use one "
                              "connection.")))
    , m_connectTimeout(spinBox("connectTimeout", 1, AppSettings::kMaxTimeoutSeconds, tr(" s"),
                               tr("Give up an attempt when the server has not answered within this time.")))
    , m_idleTimeout(spinBox("idleTimeout", 1, AppSettings::kMaxTimeoutSeconds, tr(" s"),
                            tr("Give up an attempt when no data has arrived for this long.")))
    , m_retries(spinBox("retries", 0, AppSettings::kMaxRetries, {},
                        tr("How often a download is tried again after a temporary failure, such as a dropped "
                           "connection or a busy server.")))
    , m_overallLimit(spinBox("overallLimit", 0, AppSettings::kMaxLimitKiB, tr(" KiB/s"),
                             tr("All downloads together read at most this fast, so a video call or the rest of "
                                "the household still has room. Applies at once to running downloads.")))
    , m_downloadLimit(spinBox("downloadLimit", 0, AppSettings::kMaxLimitKiB, tr(" KiB/s"),
                              tr("Each download reads at most this fast, over all its connections.")))
    , m_schedule(new ScheduleFields(AppSettings::kMaxLimitKiB, this))
    , m_existingFile(new QComboBox(this))
    , m_dropAction(new QComboBox(this))
    , m_closeAction(new QComboBox(this))
    , m_notify(new QCheckBox(tr("Show a notification when downloads finish"), this))
    , m_resumeOnStart(new QCheckBox(tr("Resume unfinished downloads when Gather starts"), this))
    , m_askBeforeLosing(new QCheckBox(tr("Ask before cancelling or removing unfinished downloads"), this))
    , m_cookiesFile(new CookiesFileField(this))
    , m_userAgent(new QLineEdit(this))
    , m_proxy(new ProxyGroup(this))
    , m_categories(new CategoryGroup(this))
    , m_remote(new RemoteGroup(this))
    , m_pages(new QTabWidget(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::Apply
                                         | QDialogButtonBox::RestoreDefaults,
                                     this))
{
    setWindowTitle(tr("Settings"));
    m_folder->setObjectName(QStringLiteral("folder"));
    m_folder->setToolTip(tr("Where new downloads are saved. Downloads already in the list keep their folder."));

    m_existingFile->setObjectName(QStringLiteral("existingFile"));
    m_existingFile->addItem(tr("Keep both (rename the new file)"), int(DownloadSettings::ExistingFile::Rename));
    m_existingFile->addItem(tr("Replace the old file"), int(DownloadSettings::ExistingFile::Overwrite));
    m_existingFile->addItem(tr("Skip the download"), int(DownloadSettings::ExistingFile::Skip));
    m_existingFile->setToolTip(tr("A replaced file is only removed once the new one is complete and verified."));

    m_dropAction->setObjectName(QStringLiteral("dropAction"));
    m_dropAction->addItem(tr("Show the Add dialog"), true);
    m_dropAction->addItem(tr("Start at once"), false);
    m_dropAction->setToolTip(tr("What happens to links you drop on the window, paste or import."));

    m_closeAction->setObjectName(QStringLiteral("closeAction"));
    m_closeAction->addItem(tr("Ask"), int(AppSettings::CloseAction::Ask));
    m_closeAction->addItem(tr("Keep running in the tray"), int(AppSettings::CloseAction::KeepInTray));
    m_closeAction->addItem(tr("Quit"), int(AppSettings::CloseAction::Quit));
    m_closeAction->setToolTip(tr("Quitting pauses unfinished downloads; they resume from where they stopped."));

    m_notify->setObjectName(QStringLiteral("notifyOnFinish"));
    m_resumeOnStart->setObjectName(QStringLiteral("resumeOnStart"));
    m_resumeOnStart->setToolTip(tr("Off: the list comes back with its unfinished downloads paused."));
    m_askBeforeLosing->setObjectName(QStringLiteral("askBeforeLosingProgress"));
    m_askBeforeLosing->setToolTip(tr("Cancel deletes the partial file; Remove from List keeps it but forgets the download."));

    auto *saving = new QGroupBox(tr("Saving"), this);
    auto *savingForm = new QFormLayout(saving);
    savingForm->addRow(tr("Download &folder:"), m_folder);
    savingForm->addRow(tr("When a file already &exists:"), m_existingFile);

    auto *connections = new QGroupBox(tr("Connections"), this);
    auto *connectionsForm = new QFormLayout(connections);
    connectionsForm->addRow(tr("Downloads at &once:"), m_maxConcurrent);
    connectionsForm->addRow(tr("Connections per &server:"), m_maxPerHost);
    connectionsForm->addRow(tr("Connections per fi&le:"), m_split);
    connectionsForm->addRow(tr("Smallest &part:"), m_minSegment);
    connectionsForm->addRow(tr("&Connect timeout:"), m_connectTimeout);
    connectionsForm->addRow(tr("&Idle timeout:"), m_idleTimeout);
    connectionsForm->addRow(tr("&Retries:"), m_retries);
    for (QSpinBox *limit : {m_overallLimit, m_downloadLimit}) {
        limit->setSpecialValueText(tr("Unlimited"));
        limit->setSingleStep(256);
    }
    connectionsForm->addRow(tr("Speed limit, &all downloads:"), m_overallLimit);
    connectionsForm->addRow(tr("Speed limit, &each download:"), m_downloadLimit);
    connectionsForm->addRow(m_schedule);

    m_cookiesFile->setObjectName(QStringLiteral("cookiesFile"));
    m_cookiesFile->setToolTip(tr("A cookies.txt in the Netscape format (as curl, wget, aria2 and browser add-ons "
                                 "export it). Each cookie goes only to the hosts and paths it names, secure ones only "
                                 "over https; cookies servers set are kept until Gather quits."));
    m_userAgent->setObjectName(QStringLiteral("userAgent"));
    m_userAgent->setPlaceholderText(QString::fromLatin1(Version::userAgent()));
    m_userAgent->setClearButtonEnabled(true);
    m_userAgent->setToolTip(tr("How Gather names itself to servers (the User-Agent header). Empty: %1.")
                                .arg(QString::fromLatin1(Version::userAgent())));

    auto *requests = new QGroupBox(tr("Requests"), this);
    auto *requestsForm = new QFormLayout(requests);
    requestsForm->addRow(tr("Coo&kies file:"), m_cookiesFile);
    requestsForm->addRow(tr("&User agent:"), m_userAgent);

    auto *behaviour = new QGroupBox(tr("Window"), this);
    auto *behaviourForm = new QFormLayout(behaviour);
    behaviourForm->addRow(tr("&Dropped or pasted links:"), m_dropAction);
    behaviourForm->addRow(tr("Closing the window while &downloads run:"), m_closeAction);
    behaviourForm->addRow(m_notify);
    behaviourForm->addRow(m_resumeOnStart);
    behaviourForm->addRow(m_askBeforeLosing);
    m_watchClipboard = new QCheckBox(tr("Offer &links copied to the clipboard"), this);
    m_watchClipboard->setObjectName(QStringLiteral("watchClipboard"));
    m_watchClipboard->setToolTip(tr("When you copy text with web links (Ctrl+C, not the mouse selection), Gather "
                                    "offers them in the Add dialog. Links Gather copied itself are not offered."));
    behaviourForm->addRow(m_watchClipboard);

    // Pages, so the dialog fits a laptop's screen: what happens to files and the window, how
    // downloads use the network and the clock, and what is sent and through which proxy.
    auto *tabs = m_pages;
    tabs->setObjectName(QStringLiteral("settingsPages"));
    const auto page = [tabs](const char *name, const QString &title, std::initializer_list<QWidget *> groups) {
        auto *widget = new QWidget(tabs);
        widget->setObjectName(QString::fromLatin1(name));
        auto *column = new QVBoxLayout(widget);
        for (QWidget *group : groups)
            column->addWidget(group);
        column->addStretch(1);
        tabs->addTab(widget, title);
    };
    // No mnemonics on the tabs: the pages use most letters; Ctrl+Tab switches pages.
    page("generalPage", tr("General"), {saving, m_categories, behaviour});
    page("connectionsPage", tr("Connections"), {connections});
    page("networkPage", tr("Network"), {requests, m_proxy});
    page("remotePage", tr("Remote"), {m_remote});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, &SettingsDialog::apply);
    connect(m_buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            &SettingsDialog::restoreDefaults);
    m_buttons->button(QDialogButtonBox::RestoreDefaults)->setToolTip(
        tr("Fill in the default values; nothing is saved until OK or Apply."));

    setValues(m_settings->values());
    connect(m_folder, &FolderField::folderChanged, this, &SettingsDialog::updateApplyButton);
    // Parts only exist when a file is split.
    connect(m_split, &QSpinBox::valueChanged, m_minSegment, [this](int split) { m_minSegment->setEnabled(split > 1); });
    for (QSpinBox *spin :
         {m_maxConcurrent, m_maxPerHost, m_split, m_minSegment, m_connectTimeout, m_idleTimeout, m_retries, m_overallLimit,
          m_downloadLimit})
        connect(spin, &QSpinBox::valueChanged, this, &SettingsDialog::updateApplyButton);
    for (QComboBox *combo : {m_existingFile, m_dropAction, m_closeAction})
        connect(combo, &QComboBox::currentIndexChanged, this, &SettingsDialog::updateApplyButton);
    connect(m_notify, &QCheckBox::toggled, this, &SettingsDialog::updateApplyButton);
    connect(m_askBeforeLosing, &QCheckBox::toggled, this, &SettingsDialog::updateApplyButton);
    connect(m_resumeOnStart, &QCheckBox::toggled, this, &SettingsDialog::updateApplyButton);
    connect(m_cookiesFile, &CookiesFileField::pathChanged, this, &SettingsDialog::updateApplyButton);
    connect(m_userAgent, &QLineEdit::textChanged, this, &SettingsDialog::updateApplyButton);
    connect(m_schedule, &ScheduleFields::edited, this, &SettingsDialog::updateApplyButton);
    connect(m_proxy, &ProxyGroup::edited, this, &SettingsDialog::updateApplyButton);
    connect(m_categories, &CategoryGroup::edited, this, &SettingsDialog::updateApplyButton);
    connect(m_remote, &RemoteGroup::edited, this, &SettingsDialog::updateApplyButton);
    // Another Settings dialog or a reload may change the values while this one is open.
    connect(m_settings, &AppSettings::changed, this, &SettingsDialog::updateApplyButton);
    updateApplyButton();
}

QSpinBox *SettingsDialog::spinBox(const char *name, int min, int max, const QString &suffix, const QString &toolTip)
{
    auto *spin = new QSpinBox(this);
    spin->setObjectName(QString::fromLatin1(name));
    spin->setRange(min, max);
    spin->setSuffix(suffix);
    spin->setToolTip(toolTip);
    return spin;
}

AppSettings::Values SettingsDialog::values() const
{
    AppSettings::Values v;
    v.folder = m_folder->folder();
    v.maxConcurrent = m_maxConcurrent->value();
    v.maxPerHost = m_maxPerHost->value();
    v.split = m_split->value();
    v.minSegmentSize = m_minSegment->value() == shownMiB(m_minSegmentBytes) ? m_minSegmentBytes
                                                                           : m_minSegment->value() * kMiB;
    v.connectTimeoutSeconds = m_connectTimeout->value();
    v.idleTimeoutSeconds = m_idleTimeout->value();
    v.retries = m_retries->value();
    v.overallLimitKiB = m_overallLimit->value();
    v.downloadLimitKiB = m_downloadLimit->value();
    v.startWindow = m_schedule->startWindow();
    v.slowWindow = m_schedule->slowWindow();
    v.slowLimitKiB = m_schedule->slowLimitKiB();
    v.existingFile = currentData<DownloadSettings::ExistingFile>(m_existingFile);
    v.addDialogOnDrop = m_dropAction->currentData().toBool();
    v.closeAction = currentData<AppSettings::CloseAction>(m_closeAction);
    v.notifyOnFinish = m_notify->isChecked();
    v.resumeOnStart = m_resumeOnStart->isChecked();
    v.askBeforeLosingProgress = m_askBeforeLosing->isChecked();
    v.watchClipboard = m_watchClipboard->isChecked();
    v.cookiesFile = m_cookiesFile->path();
    v.userAgent = m_userAgent->text();
    v.proxy = m_proxy->proxy();
    v.categories = m_categories->categories();
    v.remote = m_remote->access();
    return AppSettings::clamped(v);
}

void SettingsDialog::setValues(const AppSettings::Values &values)
{
    m_folder->setFolder(values.folder);
    m_maxConcurrent->setValue(values.maxConcurrent);
    m_maxPerHost->setValue(values.maxPerHost);
    m_split->setValue(values.split);
    m_minSegment->setEnabled(values.split > 1);
    m_minSegmentBytes = values.minSegmentSize;
    m_minSegment->setValue(shownMiB(values.minSegmentSize));
    m_connectTimeout->setValue(values.connectTimeoutSeconds);
    m_idleTimeout->setValue(values.idleTimeoutSeconds);
    m_retries->setValue(values.retries);
    m_overallLimit->setValue(values.overallLimitKiB);
    m_downloadLimit->setValue(values.downloadLimitKiB);
    m_schedule->setValues(values.startWindow, values.slowWindow, values.slowLimitKiB);
    selectData(m_existingFile, values.existingFile);
    m_dropAction->setCurrentIndex(values.addDialogOnDrop ? 0 : 1);
    selectData(m_closeAction, values.closeAction);
    m_notify->setChecked(values.notifyOnFinish);
    m_resumeOnStart->setChecked(values.resumeOnStart);
    m_askBeforeLosing->setChecked(values.askBeforeLosingProgress);
    m_watchClipboard->setChecked(values.watchClipboard);
    m_cookiesFile->setPath(values.cookiesFile);
    m_userAgent->setText(values.userAgent);
    m_proxy->setProxy(values.proxy);
    m_categories->setCategories(values.categories);
    m_remote->setAccess(values.remote);
}

bool SettingsDialog::isValid() const
{
    const ProxySettings proxy = m_proxy->proxy();
    const RemoteAccess remote = m_remote->access();
    // A remote-folder restriction must name a folder, else it could be read as none at all.
    const bool remoteFolderValid = !remote.enabled || !m_remote->restrictsFolder()
        || !AppSettings::normalizedFolder(remote.allowedFolder).isEmpty();
    return !AppSettings::normalizedFolder(m_folder->folder()).isEmpty()
        && (proxy.mode != ProxySettings::Mode::Manual || !proxy.host.isEmpty()) && remoteFolderValid;
}

bool SettingsDialog::editsUsable()
{
    if (!isValid())
        return false;
    // Saved only when it can be used: a typo would otherwise drop every cookie without a word.
    if (!m_cookiesFile->check()) {
        showPageOf(m_cookiesFile);
        m_cookiesFile->setFocus();
        return false;
    }
    return true;
}

void SettingsDialog::showPageOf(QWidget *field)
{
    for (int i = 0; i < m_pages->count(); ++i) {
        if (m_pages->widget(i)->isAncestorOf(field))
            m_pages->setCurrentIndex(i);
    }
}

void SettingsDialog::apply()
{
    if (!editsUsable())
        return;
    const AppSettings::Values edited = values();
    m_folder->setFolder(edited.folder);  // shows "~/x" expanded, as saved
    m_settings->setValues(edited);
    updateApplyButton();
}

void SettingsDialog::restoreDefaults()
{
    setValues(AppSettings::defaults());
}

void SettingsDialog::accept()
{
    if (!editsUsable())
        return;
    apply();
    QDialog::accept();
}

void SettingsDialog::updateApplyButton()
{
    // A relative or empty folder would be replaced by the default on saving, a manual proxy
    // without a host by the system's: refuse them instead.
    const bool valid = isValid();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(valid);
    m_buttons->button(QDialogButtonBox::Apply)->setEnabled(valid && values() != m_settings->values());
}
