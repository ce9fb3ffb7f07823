#include "engineoptions.h"

#include "base/headerline.h"
#include "base/sizetext.h"
#include "net/netscapecookies.h"

#include <QCommandLineParser>
#include <QFile>
#include <QSslCertificate>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace {

using Settings = DownloadSettings;

// A bundle of CA certificates is kilobytes; a system bundle about 200 KiB.
constexpr qint64 kMaxCaFileSize = 16 * 1024 * 1024;

// How an option's value is read, checked and shown.
enum class Kind {
    Count,    // a whole number in [min, max]
    Seconds,  // seconds in [min, max], fractions allowed; stored in ms
    Size,     // bytes with an optional K/M/G/T suffix, at least min
    Text,     // read by its own function
};

struct Option {
    QLatin1StringView shortName;  // may be empty
    QLatin1StringView name;
    QLatin1StringView valueName;
    QLatin1StringView help;       // the range and the default are added from the fields below
    Kind kind;
    double min = 0;
    double max = 0;
    // Numbers: the value in settings (ms for Seconds), read for the default shown in --help.
    qint64 (*get)(const Settings &) = nullptr;
    void (*set)(Settings &, qint64) = nullptr;
    QLatin1StringView zeroMeans = {};  // Size: what 0 means ("off"), shown with the default
    // Text: applies every value given (repeatable options get them all); notes are for stderr.
    Result<void> (*apply)(Settings &, const QStringList &values, QStringList &notes) = nullptr;
    QLatin1StringView textDefault = {};
    QLatin1StringView alias = {};  // another long name for the same option, as other tools spell it
};

Result<void> applyOnExisting(Settings &settings, const QStringList &values, QStringList &)
{
    const auto policy = DownloadSettings::existingFileNamed(values.last());
    if (!policy)
        return Result<void>::invalid(QStringLiteral("--on-existing takes rename, overwrite or skip (got \"%1\")").arg(values.last()));
    settings.existingFile = *policy;
    return {};
}

Result<void> applyHeaders(Settings &settings, const QStringList &values, QStringList &)
{
    for (const QString &line : values) {
        Result<HeaderLine::Header> header = HeaderLine::parse(line);
        if (!header) {
            return Result<void>::invalid(
                QStringLiteral("--header must look like \"Name: value\" (got \"%1\"): %2").arg(line, header.problem()));
        }
        settings.headers.append(std::move(header).value());
    }
    return {};
}

Result<void> applyCaCertificates(Settings &settings, const QStringList &values, QStringList &)
{
    // Only the text now: the command line is read before the application object exists, and
    // QSslCertificate would load Qt's TLS backend then, which warns on stderr. The certificates
    // are made from it once the application exists (EngineOptions::makeCertificates()).
    const auto unreadable = [&values] {
        return Result<void>::invalid(QStringLiteral("--ca-certificate: no PEM certificate could be read from %1").arg(values.last()));
    };
    QFile file(values.last());
    if (!file.open(QIODevice::ReadOnly) || file.size() > kMaxCaFileSize)
        return unreadable();
    const QByteArray pem = file.readAll();
    if (!pem.contains("-----BEGIN CERTIFICATE-----"))
        return unreadable();
    settings.extraCaPem = pem;
    settings.extraCaFile = values.last();
    return {};
}

Result<void> applyCookies(Settings &settings, const QStringList &values, QStringList &notes)
{
    Result<NetscapeCookies::Parsed> loaded = NetscapeCookies::load(values.last());
    if (!loaded)
        return Result<void>::invalid(QStringLiteral("--load-cookies: ") + loaded.problem());
    settings.cookiesFile = values.last();
    settings.cookies = loaded->cookies;
    // Skipped lines are worth a word: a browser export cut by an editor loses cookies silently.
    for (const QString &problem : std::as_const(loaded->problems))
        notes.append(QStringLiteral("%1 %2, skipped").arg(values.last(), problem));
    if (loaded->malformed > loaded->problems.size())
        notes.append(QStringLiteral("%1: %2 more lines skipped, not listed").arg(values.last()).arg(loaded->malformed - loaded->problems.size()));
    return {};
}

Result<void> applyUserAgent(Settings &settings, const QStringList &values, QStringList &)
{
    const QString agent = values.last().trimmed();
    // Printable ASCII only: anything else has no agreed encoding in a header and breaks some servers.
    const bool printable = std::all_of(agent.cbegin(), agent.cend(), [](QChar c) { return c >= u' ' && c <= u'~'; });
    if (agent.isEmpty() || !printable)
        return Result<void>::invalid(QStringLiteral("--user-agent takes printable ASCII text (got \"%1\")").arg(values.last()));
    settings.userAgent = agent.toLatin1();
    return {};
}

// aria2's name. An empty value means no proxy at all, the environment's included.
Result<void> applyAllProxy(Settings &settings, const QStringList &values, QStringList &)
{
    const QStringList noProxy = settings.proxy.noProxy;
    if (values.last().trimmed().isEmpty()) {
        settings.proxy = ProxySettings{};
        settings.proxy.mode = ProxySettings::Mode::None;
    } else {
        Result<ProxySettings> proxy = ProxySettings::fromUrl(values.last());
        if (!proxy)
            return Result<void>::invalid(QStringLiteral("--all-proxy: %1").arg(proxy.problem()));
        settings.proxy = std::move(proxy).value();
    }
    settings.proxy.noProxy = noProxy;
    return {};
}

Result<void> applyNoProxy(Settings &settings, const QStringList &values, QStringList &)
{
    settings.proxy.noProxy.clear();
    for (const QString &value : values)
        settings.proxy.noProxy += ProxySettings::splitList(value);
    return {};
}

constexpr double kDay = 86400;

const std::array<Option, 18> kOptions{{
    {QLatin1StringView("j"), QLatin1StringView("max-concurrent"), QLatin1StringView("N"),
     QLatin1StringView("Download N files at once"), Kind::Count, 1, 256,
     [](const Settings &s) -> qint64 { return s.maxConcurrent; }, [](Settings &s, qint64 v) { s.maxConcurrent = int(v); }},
    {{}, QLatin1StringView("max-per-host"), QLatin1StringView("N"),
     QLatin1StringView("At most N connections per host"), Kind::Count, 1, Settings::kMaxPerHostLimit,
     [](const Settings &s) -> qint64 { return s.maxPerHost; }, [](Settings &s, qint64 v) { s.maxPerHost = int(v); }},
    {QLatin1StringView("s"), QLatin1StringView("split"), QLatin1StringView("N"),
     QLatin1StringView("Fetch one file over up to N connections at once, each taking its own part, when the server takes ranges"),
     Kind::Count, 1, Settings::kMaxSplit,
     [](const Settings &s) -> qint64 { return s.split; }, [](Settings &s, qint64 v) { s.split = int(v); }},
    {{}, QLatin1StringView("min-split-size"), QLatin1StringView("SIZE"),
     QLatin1StringView("Never split a file into parts smaller than SIZE"), Kind::Size, double(Settings::kMinSegmentSizeFloor), 0,
     [](const Settings &s) { return s.minSegmentSize; }, [](Settings &s, qint64 v) { s.minSegmentSize = v; }},
    {{}, QLatin1StringView("timeout"), QLatin1StringView("S"),
     QLatin1StringView("Seconds to wait for an answer, and for more data once it flows"), Kind::Seconds, 0.1, kDay,
     [](const Settings &s) -> qint64 { return s.connectTimeoutMs; },
     [](Settings &s, qint64 v) { s.connectTimeoutMs = s.idleTimeoutMs = int(v); }},
    {{}, QLatin1StringView("retries"), QLatin1StringView("N"),
     QLatin1StringView("Retry transient failures N times"), Kind::Count, 0, 100,
     [](const Settings &s) -> qint64 { return s.retries; }, [](Settings &s, qint64 v) { s.retries = int(v); }},
    {{}, QLatin1StringView("max-size"), QLatin1StringView("SIZE"),
     QLatin1StringView("Stop any download larger than SIZE, e.g. 500M or 4G"), Kind::Size, 0, 0,
     [](const Settings &s) { return s.maxSize; }, [](Settings &s, qint64 v) { s.maxSize = v; }, QLatin1StringView("no limit")},
    {{}, QLatin1StringView("max-overall-download-limit"), QLatin1StringView("SIZE"),
     QLatin1StringView("Download at most SIZE per second in all, e.g. 2M"), Kind::Size, 0, 0,
     [](const Settings &s) { return s.maxOverallBytesPerSecond; }, [](Settings &s, qint64 v) { s.maxOverallBytesPerSecond = v; },
     QLatin1StringView("no limit")},
    {{}, QLatin1StringView("max-download-limit"), QLatin1StringView("SIZE"),
     QLatin1StringView("Download each file at most SIZE per second, over all its connections"), Kind::Size, 0, 0,
     [](const Settings &s) { return s.maxBytesPerSecond; }, [](Settings &s, qint64 v) { s.maxBytesPerSecond = v; },
     QLatin1StringView("no limit"), nullptr, {}, QLatin1StringView("limit-rate")},
    {{}, QLatin1StringView("low-speed-limit"), QLatin1StringView("SIZE"),
     QLatin1StringView("Retry a download slower than SIZE per second..."), Kind::Size, 0, 0,
     [](const Settings &s) { return s.lowSpeedLimit; }, [](Settings &s, qint64 v) { s.lowSpeedLimit = v; }, QLatin1StringView("off")},
    {{}, QLatin1StringView("low-speed-time"), QLatin1StringView("S"),
     QLatin1StringView("...for S seconds"), Kind::Seconds, 1, kDay,
     [](const Settings &s) -> qint64 { return s.lowSpeedTimeMs; }, [](Settings &s, qint64 v) { s.lowSpeedTimeMs = int(v); }},
    {{}, QLatin1StringView("on-existing"), QLatin1StringView("ACTION"),
     QLatin1StringView("When a file of that name exists: rename (keep both), overwrite (once the new file is verified) or skip"),
     Kind::Text, 0, 0, nullptr, nullptr, {}, applyOnExisting, QLatin1StringView("rename")},
    {{}, QLatin1StringView("header"), QLatin1StringView("K: V"),
     QLatin1StringView("Send this header with every request (repeatable)"), Kind::Text, 0, 0, nullptr, nullptr, {}, applyHeaders},
    {{}, QLatin1StringView("ca-certificate"), QLatin1StringView("FILE"),
     QLatin1StringView("Also trust the CA certificate(s) in this PEM file"), Kind::Text, 0, 0, nullptr, nullptr, {},
     applyCaCertificates},
    {{}, QLatin1StringView("load-cookies"), QLatin1StringView("FILE"),
     QLatin1StringView("Send the cookies in this Netscape cookies.txt file (as curl, wget and aria2 write it), each only "
                       "to the hosts and paths it names"),
     Kind::Text, 0, 0, nullptr, nullptr, {}, applyCookies},
    {QLatin1StringView("A"), QLatin1StringView("user-agent"), QLatin1StringView("UA"),
     QLatin1StringView("Send UA as the User-Agent header"), Kind::Text, 0, 0, nullptr, nullptr, {}, applyUserAgent,
     QLatin1StringView("Gather/VERSION")},
    {{}, QLatin1StringView("all-proxy"), QLatin1StringView("URL"),
     QLatin1StringView("Fetch through this proxy: http://[USER:PASSWORD@]HOST:PORT or socks5://...; \"\" for none. "
                       "Without it, http_proxy, https_proxy, all_proxy and no_proxy are honoured"),
     Kind::Text, 0, 0, nullptr, nullptr, {}, applyAllProxy, QLatin1StringView("the environment")},
    {{}, QLatin1StringView("no-proxy"), QLatin1StringView("LIST"),
     QLatin1StringView("Reach these hosts directly: comma-separated names (with their subdomains), .domains, IPs, CIDR "
                       "ranges or *"),
     Kind::Text, 0, 0, nullptr, nullptr, {}, applyNoProxy},
}};

QString number(double value)
{
    return QString::number(value, 'g', 10);
}

QString helpOf(const Option &option)
{
    const Settings defaults;
    QString help = option.help;
    switch (option.kind) {
    case Kind::Count:
        help += QStringLiteral(" (%1-%2, default %3).").arg(number(option.min), number(option.max)).arg(option.get(defaults));
        break;
    case Kind::Seconds:
        help += QStringLiteral(" (default %1).").arg(number(double(option.get(defaults)) / 1000));
        break;
    case Kind::Size: {
        const qint64 value = option.get(defaults);
        QStringList parts;
        if (option.min > 0)
            parts.append(QStringLiteral("at least ") + SizeText::of(qint64(option.min)));
        if (value == 0 && !option.zeroMeans.isEmpty())
            parts.append(QStringLiteral("default: ") + option.zeroMeans);
        else
            parts.append(QStringLiteral("default ") + SizeText::of(value));
        if (value != 0 && !option.zeroMeans.isEmpty())
            parts.append(QStringLiteral("0 = ") + option.zeroMeans);
        help += QStringLiteral(" (%1).").arg(parts.join(QStringLiteral(", ")));
        break;
    }
    case Kind::Text:
        help += option.textDefault.isEmpty() ? QStringLiteral(".") : QStringLiteral(" (default %1).").arg(option.textDefault);
        break;
    }
    return help;
}

QString flag(const Option &option)
{
    return QStringLiteral("--") + option.name;
}

Result<void> readNumber(const Option &option, const QString &text, Settings &settings)
{
    switch (option.kind) {
    case Kind::Count: {
        bool ok = false;
        const double value = text.trimmed().toDouble(&ok);
        if (!ok || value < option.min || value > option.max || value != std::floor(value)) {
            return Result<void>::invalid(QStringLiteral("%1 takes a whole number from %2 to %3")
                                             .arg(flag(option), number(option.min), number(option.max)));
        }
        option.set(settings, qint64(value));
        return {};
    }
    case Kind::Seconds: {
        bool ok = false;
        const double value = text.trimmed().toDouble(&ok);
        if (!ok || value < option.min || value > option.max)
            return Result<void>::invalid(QStringLiteral("%1 takes seconds from %2 to %3").arg(flag(option), number(option.min), number(option.max)));
        option.set(settings, qint64(value * 1000));
        return {};
    }
    case Kind::Size: {
        const auto value = SizeText::parse(text);
        if (!value)
            return Result<void>::invalid(QStringLiteral("%1 takes a size like 1048576, 500K, 20M or 4G").arg(flag(option)));
        if (*value < qint64(option.min)) {
            return Result<void>::invalid(QStringLiteral("%1 must be at least %2 (got \"%3\")")
                                             .arg(flag(option), SizeText::of(qint64(option.min)), text));
        }
        option.set(settings, *value);
        return {};
    }
    case Kind::Text:
        break;
    }
    return {};
}

QCommandLineOption commandLineOption(const Option &option)
{
    QStringList names;
    if (!option.shortName.isEmpty())
        names.append(option.shortName);
    names.append(option.name);
    if (!option.alias.isEmpty())
        names.append(option.alias);
    return QCommandLineOption(names, helpOf(option), option.valueName);
}

} // namespace

void EngineOptions::addTo(QCommandLineParser &parser)
{
    for (const Option &option : kOptions)
        parser.addOption(commandLineOption(option));
}

Result<void> EngineOptions::read(const QCommandLineParser &parser, DownloadSettings &settings, QStringList *notes)
{
    QStringList unused;
    for (const Option &option : kOptions) {
        const QString name = option.name;
        if (!parser.isSet(name))
            continue;
        const Result<void> applied = option.kind == Kind::Text ? option.apply(settings, parser.values(name), notes ? *notes : unused)
                                                               : readNumber(option, parser.value(name), settings);
        if (!applied)
            return applied;
    }
    return {};
}

QString EngineOptions::firstGiven(const QCommandLineParser &parser)
{
    for (const Option &option : kOptions) {
        if (!parser.isSet(QString(option.name)))
            continue;
        // Said as it was typed: "--limit-rate", not the name it stands for.
        const QStringList typed = parser.optionNames();
        return !option.alias.isEmpty() && typed.contains(QString(option.alias)) && !typed.contains(QString(option.name))
            ? QString(option.alias)
            : QString(option.name);
    }
    return {};
}

Result<void> EngineOptions::makeCertificates(DownloadSettings &settings)
{
    if (settings.extraCaPem.isEmpty())
        return {};
    settings.extraCaCertificates = QSslCertificate::fromData(settings.extraCaPem, QSsl::Pem);
    settings.extraCaPem.clear();
    if (settings.extraCaCertificates.isEmpty())
        return Result<void>::invalid(QStringLiteral("--ca-certificate: no PEM certificate could be read from %1").arg(settings.extraCaFile));
    return {};
}
