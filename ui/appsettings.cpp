#include "appsettings.h"

#include "rpc/rpcaccess.h"

#include <QDir>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>

#include <algorithm>

namespace {

// The store's keys, readable when a person opens the file. The single-instance test writes
// "ui/addDialogOnDrop" and "downloads/folder" itself, so they are part of the file's contract.
constexpr auto kFolder = u"downloads/folder";
constexpr auto kMaxConcurrent = u"downloads/maxConcurrent";
constexpr auto kMaxPerHost = u"downloads/maxPerHost";
constexpr auto kSplit = u"downloads/split";
constexpr auto kMinSegmentSize = u"downloads/minSegmentSize";
constexpr auto kConnectTimeout = u"downloads/connectTimeoutSeconds";
constexpr auto kIdleTimeout = u"downloads/idleTimeoutSeconds";
constexpr auto kRetries = u"downloads/retries";
constexpr auto kOverallLimit = u"downloads/overallLimitKiBPerSecond";
constexpr auto kDownloadLimit = u"downloads/downloadLimitKiBPerSecond";
constexpr auto kExistingFile = u"downloads/existingFile";
constexpr auto kAddDialogOnDrop = u"ui/addDialogOnDrop";
constexpr auto kCloseAction = u"ui/closeAction";
constexpr auto kNotifyOnFinish = u"ui/notifyOnFinish";
constexpr auto kAskBeforeLosingProgress = u"ui/askBeforeLosingProgress";
constexpr auto kResumeOnStart = u"downloads/resumeOnStart";
constexpr auto kStartWindow = u"schedule/startWindow";  // "22:00-06:00"; empty = any time
constexpr auto kSlowWindow = u"schedule/slowWindow";
constexpr auto kSlowLimit = u"schedule/slowLimitKiBPerSecond";
constexpr auto kCookiesFile = u"network/cookiesFile";
constexpr auto kUserAgent = u"network/userAgent";
constexpr auto kProxyMode = u"network/proxyMode";
constexpr auto kProxyType = u"network/proxyType";
constexpr auto kProxyHost = u"network/proxyHost";
constexpr auto kProxyPort = u"network/proxyPort";
constexpr auto kProxyUser = u"network/proxyUser";
constexpr auto kProxyPassword = u"network/proxyPassword";
constexpr auto kNoProxy = u"network/noProxy";
constexpr auto kCategoriesEnabled = u"categories/enabled";  // and "categories/<key>": a folder each
constexpr auto kWatchClipboard = u"ui/watchClipboard";
constexpr auto kRemoteEnabled = u"remote/enabled";
constexpr auto kRemotePort = u"remote/port";
constexpr auto kRemoteAllInterfaces = u"remote/allInterfaces";
constexpr auto kRemoteSecret = u"remote/secret";  // the store file is private (makeStorePrivate)
constexpr auto kRemoteOrigins = u"remote/allowedOrigins";
constexpr auto kRemoteFolder = u"remote/allowedFolder";

QString key(const char16_t *name)
{
    return QString::fromUtf16(name);
}

const QList<std::pair<AppSettings::CloseAction, QString>> &closeActionNames()
{
    static const QList<std::pair<AppSettings::CloseAction, QString>> names{
        {AppSettings::CloseAction::Ask, QStringLiteral("ask")},
        {AppSettings::CloseAction::KeepInTray, QStringLiteral("tray")},
        {AppSettings::CloseAction::Quit, QStringLiteral("quit")},
    };
    return names;
}

template<typename Enum>
QString nameOf(const QList<std::pair<Enum, QString>> &names, Enum value)
{
    for (const auto &[e, name] : names) {
        if (e == value)
            return name;
    }
    return names.first().second;
}

template<typename Enum>
Enum valueOf(const QList<std::pair<Enum, QString>> &names, const QVariant &stored, Enum fallback)
{
    const QString text = stored.toString().trimmed().toLower();
    for (const auto &[e, name] : names) {
        if (name == text)
            return e;
    }
    return fallback;
}

qint64 int64Value(const QVariant &stored, qint64 fallback, qint64 min, qint64 max)
{
    bool ok = false;
    const qlonglong value = stored.toString().trimmed().toLongLong(&ok);
    if (!ok)
        return fallback;
    return std::clamp<qint64>(value, min, max);
}

int intValue(const QVariant &stored, int fallback, int min, int max)
{
    return int(int64Value(stored, fallback, min, max));
}

bool boolValue(const QVariant &stored, bool fallback)
{
    const QString text = stored.toString().trimmed().toLower();
    if (text == u"true" || text == u"1" || text == u"yes" || text == u"on")
        return true;
    if (text == u"false" || text == u"0" || text == u"no" || text == u"off")
        return false;
    return fallback;
}

} // namespace

QString AppSettings::normalizedFolder(const QString &text)
{
    QString folder = text.trimmed();
    if (folder == u"~" || folder.startsWith(u"~/"))
        folder = QDir::homePath() + folder.mid(1);
    if (folder.isEmpty() || !QDir::isAbsolutePath(folder) || folder.contains(QChar(0)))
        return {};
    return QDir::cleanPath(folder);
}

QString AppSettings::normalizedUserAgent(const QString &text)
{
    const QString agent = text.trimmed();
    const bool printable = std::all_of(agent.cbegin(), agent.cend(), [](QChar c) { return c >= u' ' && c <= u'~'; });
    return printable ? agent : QString();
}

AppSettings::AppSettings(QSettings *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_values(read())
{
    makeStorePrivate();
}

// QSettings writes through a temporary file that takes the old file's permissions, so a file
// made private stays private; a new one is made private right after its first write.
void AppSettings::makeStorePrivate() const
{
    const QString path = m_store->fileName();
    if (m_store->format() != QSettings::NativeFormat && m_store->format() != QSettings::IniFormat)
        return;
    if (!path.isEmpty() && QFile::exists(path))
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

AppSettings::Values AppSettings::defaults()
{
    Values values;
    QString downloads = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    if (downloads.isEmpty())
        downloads = QDir::homePath();
    values.folder = QDir::cleanPath(downloads);
    return values;
}

AppSettings::Values AppSettings::clamped(Values values)
{
    const Values fallback = defaults();
    values.folder = normalizedFolder(values.folder);
    if (values.folder.isEmpty())
        values.folder = fallback.folder;
    values.maxConcurrent = std::clamp(values.maxConcurrent, 1, kMaxConcurrentLimit);
    values.maxPerHost = std::clamp(values.maxPerHost, 1, DownloadSettings::kMaxPerHostLimit);
    values.split = std::clamp(values.split, 1, DownloadSettings::kMaxSplit);
    values.minSegmentSize =
        std::clamp(values.minSegmentSize, DownloadSettings::kMinSegmentSizeFloor, kMaxMinSegmentSize);
    values.connectTimeoutSeconds = std::clamp(values.connectTimeoutSeconds, 1, kMaxTimeoutSeconds);
    values.idleTimeoutSeconds = std::clamp(values.idleTimeoutSeconds, 1, kMaxTimeoutSeconds);
    values.retries = std::clamp(values.retries, 0, kMaxRetries);
    values.overallLimitKiB = std::clamp(values.overallLimitKiB, 0, kMaxLimitKiB);
    values.downloadLimitKiB = std::clamp(values.downloadLimitKiB, 0, kMaxLimitKiB);
    values.slowLimitKiB = std::clamp(values.slowLimitKiB, 0, kMaxLimitKiB);
    values.cookiesFile = values.cookiesFile.trimmed();
    values.userAgent = normalizedUserAgent(values.userAgent);
    if (values.proxy.port == 0)
        values.proxy.port = ProxySettings{}.port;
    values.proxy.host = values.proxy.host.trimmed();
    values.remote.port = std::clamp(values.remote.port, kMinRemotePort, 65535);
    // The secret travels as "token:SECRET" in JSON and in extension settings: visible ASCII only.
    const bool secretUsable = std::all_of(values.remote.secret.cbegin(), values.remote.secret.cend(),
                                          [](QChar c) { return c.unicode() > 0x20 && c.unicode() < 0x7f; });
    if (!secretUsable)
        values.remote.secret.clear();
    QStringList origins;
    for (const QString &typed : std::as_const(values.remote.allowedOrigins)) {
        const QString origin = RpcAccess::normalizedOrigin(typed);
        if (!origin.isEmpty() && !origins.contains(origin))
            origins.append(origin);
    }
    values.remote.allowedOrigins = origins;
    // A folder that is not absolute stays as typed: the endpoint then refuses every remote
    // folder, rather than the restriction silently becoming "anywhere".
    if (const QString folder = normalizedFolder(values.remote.allowedFolder); !folder.isEmpty())
        values.remote.allowedFolder = folder;
    return values;
}

AppSettings::Values AppSettings::read() const
{
    const Values d = defaults();
    Values v;
    v.folder = normalizedFolder(m_store->value(key(kFolder)).toString());
    if (v.folder.isEmpty())
        v.folder = d.folder;
    v.maxConcurrent = intValue(m_store->value(key(kMaxConcurrent)), d.maxConcurrent, 1, kMaxConcurrentLimit);
    v.maxPerHost = intValue(m_store->value(key(kMaxPerHost)), d.maxPerHost, 1, DownloadSettings::kMaxPerHostLimit);
    v.split = intValue(m_store->value(key(kSplit)), d.split, 1, DownloadSettings::kMaxSplit);
    v.minSegmentSize = int64Value(m_store->value(key(kMinSegmentSize)), d.minSegmentSize,
                                  DownloadSettings::kMinSegmentSizeFloor, kMaxMinSegmentSize);
    v.connectTimeoutSeconds = intValue(m_store->value(key(kConnectTimeout)), d.connectTimeoutSeconds, 1, kMaxTimeoutSeconds);
    v.idleTimeoutSeconds = intValue(m_store->value(key(kIdleTimeout)), d.idleTimeoutSeconds, 1, kMaxTimeoutSeconds);
    v.retries = intValue(m_store->value(key(kRetries)), d.retries, 0, kMaxRetries);
    v.overallLimitKiB = intValue(m_store->value(key(kOverallLimit)), d.overallLimitKiB, 0, kMaxLimitKiB);
    v.downloadLimitKiB = intValue(m_store->value(key(kDownloadLimit)), d.downloadLimitKiB, 0, kMaxLimitKiB);
    v.existingFile = DownloadSettings::existingFileNamed(m_store->value(key(kExistingFile)).toString()).value_or(d.existingFile);
    v.addDialogOnDrop = boolValue(m_store->value(key(kAddDialogOnDrop)), d.addDialogOnDrop);
    v.closeAction = valueOf(closeActionNames(), m_store->value(key(kCloseAction)), d.closeAction);
    v.notifyOnFinish = boolValue(m_store->value(key(kNotifyOnFinish)), d.notifyOnFinish);
    v.resumeOnStart = boolValue(m_store->value(key(kResumeOnStart)), d.resumeOnStart);
    v.askBeforeLosingProgress = boolValue(m_store->value(key(kAskBeforeLosingProgress)), d.askBeforeLosingProgress);
    v.watchClipboard = boolValue(m_store->value(key(kWatchClipboard)), d.watchClipboard);
    // A window the file spells wrongly is no window, rather than one that never opens.
    v.startWindow = TimeWindow::parse(m_store->value(key(kStartWindow)).toString()).value_or(TimeWindow{});
    v.slowWindow = TimeWindow::parse(m_store->value(key(kSlowWindow)).toString()).value_or(TimeWindow{});
    v.slowLimitKiB = intValue(m_store->value(key(kSlowLimit)), d.slowLimitKiB, 0, kMaxLimitKiB);
    v.cookiesFile = m_store->value(key(kCookiesFile)).toString().trimmed();
    v.userAgent = normalizedUserAgent(m_store->value(key(kUserAgent)).toString());
    v.proxy.mode = ProxySettings::modeNamed(m_store->value(key(kProxyMode)).toString()).value_or(d.proxy.mode);
    v.proxy.type = ProxySettings::typeNamed(m_store->value(key(kProxyType)).toString()).value_or(d.proxy.type);
    v.proxy.host = m_store->value(key(kProxyHost)).toString().trimmed();
    v.proxy.port = quint16(intValue(m_store->value(key(kProxyPort)), d.proxy.port, 1, 65535));
    v.proxy.user = m_store->value(key(kProxyUser)).toString();
    v.proxy.password = m_store->value(key(kProxyPassword)).toString();
    v.proxy.noProxy = ProxySettings::splitList(m_store->value(key(kNoProxy)).toString());
    // A manual proxy without a host cannot be used; the system's is the safer guess than none.
    if (v.proxy.mode == ProxySettings::Mode::Manual && v.proxy.host.isEmpty())
        v.proxy.mode = ProxySettings::Mode::System;
    v.categories.enabled = boolValue(m_store->value(key(kCategoriesEnabled)), d.categories.enabled);
    for (const FileCategory category : FileCategories::kAll) {
        v.categories.folders[size_t(FileCategories::indexOf(category))] =
            m_store->value(QString(u"categories/" % FileCategories::keyOf(category))).toString().trimmed();
    }
    v.remote.enabled = boolValue(m_store->value(key(kRemoteEnabled)), d.remote.enabled);
    v.remote.port = intValue(m_store->value(key(kRemotePort)), d.remote.port, kMinRemotePort, 65535);
    v.remote.allInterfaces = boolValue(m_store->value(key(kRemoteAllInterfaces)), d.remote.allInterfaces);
    v.remote.secret = m_store->value(key(kRemoteSecret)).toString();
    v.remote.allowedOrigins = m_store->value(key(kRemoteOrigins)).toString().split(u' ', Qt::SkipEmptyParts);
    v.remote.allowedFolder = m_store->value(key(kRemoteFolder)).toString();
    return clamped(v);
}

void AppSettings::setValues(const Values &values)
{
    m_values = clamped(values);
    m_store->setValue(key(kFolder), m_values.folder);
    m_store->setValue(key(kMaxConcurrent), m_values.maxConcurrent);
    m_store->setValue(key(kMaxPerHost), m_values.maxPerHost);
    m_store->setValue(key(kSplit), m_values.split);
    m_store->setValue(key(kMinSegmentSize), m_values.minSegmentSize);
    m_store->setValue(key(kConnectTimeout), m_values.connectTimeoutSeconds);
    m_store->setValue(key(kIdleTimeout), m_values.idleTimeoutSeconds);
    m_store->setValue(key(kRetries), m_values.retries);
    m_store->setValue(key(kOverallLimit), m_values.overallLimitKiB);
    m_store->setValue(key(kDownloadLimit), m_values.downloadLimitKiB);
    m_store->setValue(key(kExistingFile), DownloadSettings::nameOf(m_values.existingFile));
    m_store->setValue(key(kAddDialogOnDrop), m_values.addDialogOnDrop);
    m_store->setValue(key(kCloseAction), nameOf(closeActionNames(), m_values.closeAction));
    m_store->setValue(key(kNotifyOnFinish), m_values.notifyOnFinish);
    m_store->setValue(key(kResumeOnStart), m_values.resumeOnStart);
    m_store->setValue(key(kAskBeforeLosingProgress), m_values.askBeforeLosingProgress);
    m_store->setValue(key(kWatchClipboard), m_values.watchClipboard);
    m_store->setValue(key(kStartWindow), m_values.startWindow.toString());
    m_store->setValue(key(kSlowWindow), m_values.slowWindow.toString());
    m_store->setValue(key(kSlowLimit), m_values.slowLimitKiB);
    m_store->setValue(key(kCookiesFile), m_values.cookiesFile);
    m_store->setValue(key(kUserAgent), m_values.userAgent);
    m_store->setValue(key(kProxyMode), ProxySettings::nameOf(m_values.proxy.mode));
    m_store->setValue(key(kProxyType), ProxySettings::nameOf(m_values.proxy.type));
    m_store->setValue(key(kProxyHost), m_values.proxy.host);
    m_store->setValue(key(kProxyPort), m_values.proxy.port);
    m_store->setValue(key(kProxyUser), m_values.proxy.user);
    if (m_values.proxy.password.isEmpty())
        m_store->remove(key(kProxyPassword));
    else
        m_store->setValue(key(kProxyPassword), m_values.proxy.password);
    m_store->setValue(key(kNoProxy), m_values.proxy.noProxy.join(QStringLiteral(", ")));
    m_store->setValue(key(kCategoriesEnabled), m_values.categories.enabled);
    for (const FileCategory category : FileCategories::kAll) {
        m_store->setValue(QString(u"categories/" % FileCategories::keyOf(category)),
                          m_values.categories.folders[size_t(FileCategories::indexOf(category))]);
    }
    m_store->setValue(key(kRemoteEnabled), m_values.remote.enabled);
    m_store->setValue(key(kRemotePort), m_values.remote.port);
    m_store->setValue(key(kRemoteAllInterfaces), m_values.remote.allInterfaces);
    m_store->setValue(key(kRemoteSecret), m_values.remote.secret);
    m_store->setValue(key(kRemoteOrigins), m_values.remote.allowedOrigins.join(u' '));
    m_store->setValue(key(kRemoteFolder), m_values.remote.allowedFolder);
    makeStorePrivate();
    m_store->sync();
    makeStorePrivate();
    Q_EMIT changed();
}

void AppSettings::reload()
{
    m_store->sync();
    const Values fresh = read();
    if (fresh == m_values)
        return;
    m_values = fresh;
    Q_EMIT changed();
}

DownloadSettings AppSettings::downloadSettings(DownloadSettings base) const
{
    base.folder = m_values.folder;
    base.maxConcurrent = m_values.maxConcurrent;
    base.maxPerHost = m_values.maxPerHost;
    base.split = m_values.split;
    base.minSegmentSize = m_values.minSegmentSize;
    base.connectTimeoutMs = m_values.connectTimeoutSeconds * 1000;
    base.idleTimeoutMs = m_values.idleTimeoutSeconds * 1000;
    base.retries = m_values.retries;
    base.maxOverallBytesPerSecond = qint64(m_values.overallLimitKiB) * 1024;
    base.maxBytesPerSecond = qint64(m_values.downloadLimitKiB) * 1024;
    base.startWindow = m_values.startWindow;
    base.slowWindow = m_values.slowWindow;
    base.slowOverallBytesPerSecond = qint64(m_values.slowLimitKiB) * 1024;
    base.existingFile = m_values.existingFile;
    base.userAgent = m_values.userAgent.isEmpty() ? Version::userAgent() : m_values.userAgent.toLatin1();
    base.cookiesFile = m_values.cookiesFile;
    base.cookies = m_cookiesFile.cookiesIn(m_values.cookiesFile);
    base.proxy = m_values.proxy;
    base.categories = m_values.categories;
    return base;
}
