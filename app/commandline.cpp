#include "commandline.h"

#include "headerline.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSslCertificate>
#include <QTextStream>

#include <cstdio>

namespace {

std::optional<double> number(const QString &text, double min, double max)
{
    bool ok = false;
    const double value = text.trimmed().toDouble(&ok);
    if (!ok || value < min || value > max)
        return std::nullopt;
    return value;
}

std::optional<qint64> byteCount(QString text)
{
    text = text.trimmed().toUpper();
    qint64 unit = 1;
    static const QList<QPair<QString, qint64>> suffixes{
        {QStringLiteral("KIB"), 1LL << 10}, {QStringLiteral("MIB"), 1LL << 20}, {QStringLiteral("GIB"), 1LL << 30},
        {QStringLiteral("TIB"), 1LL << 40}, {QStringLiteral("K"), 1LL << 10},   {QStringLiteral("M"), 1LL << 20},
        {QStringLiteral("G"), 1LL << 30},   {QStringLiteral("T"), 1LL << 40},
    };
    for (const auto &[suffix, size] : suffixes) {
        if (text.endsWith(suffix)) {
            unit = size;
            text.chop(suffix.size());
            break;
        }
    }
    bool ok = false;
    const qint64 value = text.trimmed().toLongLong(&ok);
    if (!ok || value < 0 || value > (std::numeric_limits<qint64>::max() / unit))
        return std::nullopt;
    return value * unit;
}

// Appends parsed lines to items in input order, rejected ones in their place.
void merge(const ParsedUrlList &parsed, HeadlessOptions &options, const QString &source)
{
    qsizetype r = 0;
    for (const UrlEntry &entry : parsed.entries) {
        while (r < parsed.rejected.size() && parsed.rejected[r].line <= entry.line) {
            RejectedLine rejected = parsed.rejected[r++];
            rejected.reason = source % u" line " % QString::number(rejected.line) % u": " % rejected.reason;
            options.items.append({std::nullopt, rejected});
        }
        options.items.append({entry, {}});
    }
    for (; r < parsed.rejected.size(); ++r) {
        RejectedLine rejected = parsed.rejected[r];
        rejected.reason = source % u" line " % QString::number(rejected.line) % u": " % rejected.reason;
        options.items.append({std::nullopt, rejected});
    }
    options.duplicates += parsed.duplicates;
    for (const DuplicateUrl &duplicate : parsed.duplicates) {
        options.notes.append(QStringLiteral("%1 line %2: %3 is a duplicate of line %4, skipped")
                                 .arg(source).arg(duplicate.line).arg(duplicate.url.toDisplayString()).arg(duplicate.firstLine));
    }
}

} // namespace

std::optional<HeadlessOptions> CommandLine::parse(const QStringList &arguments, QString *error, bool *exitNow)
{
    *exitNow = false;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Gather: downloads lists of URLs, concurrently, correctly."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption headless(QStringLiteral("headless"), QStringLiteral("Run without a window."));
    const QCommandLineOption input({QStringLiteral("i"), QStringLiteral("input-file")},
                                   QStringLiteral("Read URLs from FILE ('-' for standard input)."), QStringLiteral("FILE"));
    const QCommandLineOption dir({QStringLiteral("d"), QStringLiteral("dir")},
                                 QStringLiteral("Save into DIR (created if missing). Default: the current folder."), QStringLiteral("DIR"));
    const QCommandLineOption jobs({QStringLiteral("j"), QStringLiteral("max-concurrent")},
                                  QStringLiteral("Download N files at once (1-256, default 5)."), QStringLiteral("N"));
    const QCommandLineOption perHost(QStringLiteral("max-per-host"),
                                     QStringLiteral("At most N connections per host (1-64, default 8)."), QStringLiteral("N"));
    const QCommandLineOption split({QStringLiteral("s"), QStringLiteral("split")},
                                   QStringLiteral("Fetch one file over up to N connections at once, each taking its own "
                                                  "part, when the server takes ranges (1-32, default 4)."),
                                   QStringLiteral("N"));
    const QCommandLineOption minSplitSize(QStringLiteral("min-split-size"),
                                          QStringLiteral("Never split a file into parts smaller than SIZE (at least 1M, default 4M)."),
                                          QStringLiteral("SIZE"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QStringLiteral("Connect and idle timeout in seconds (default 30)."), QStringLiteral("S"));
    const QCommandLineOption retries(QStringLiteral("retries"),
                                     QStringLiteral("Retry transient failures N times (0-100, default 5)."), QStringLiteral("N"));
    const QCommandLineOption checksum(QStringLiteral("checksum"),
                                      QStringLiteral("Verify the single URL's file: sha-256=HEX, sha-512, sha-1 or md5."), QStringLiteral("ALGO=HEX"));
    const QCommandLineOption header(QStringLiteral("header"),
                                    QStringLiteral("Send this header with every request (repeatable)."), QStringLiteral("K: V"));
    const QCommandLineOption caCertificate(QStringLiteral("ca-certificate"),
                                           QStringLiteral("Also trust the CA certificate(s) in this PEM file."), QStringLiteral("FILE"));
    const QCommandLineOption maxSize(QStringLiteral("max-size"),
                                     QStringLiteral("Stop any download larger than SIZE (e.g. 500M, 4G)."), QStringLiteral("SIZE"));
    const QCommandLineOption lowSpeedLimit(QStringLiteral("low-speed-limit"),
                                           QStringLiteral("Retry when slower than SIZE per second (default 1K; 0 = off)..."), QStringLiteral("SIZE"));
    const QCommandLineOption lowSpeedTime(QStringLiteral("low-speed-time"),
                                          QStringLiteral("...for S seconds (default 60)."), QStringLiteral("S"));
    const QCommandLineOption onExisting(QStringLiteral("on-existing"),
                                        QStringLiteral("When a file of that name exists: rename (keep both, default), "
                                                       "overwrite (once the new file is verified) or skip."),
                                        QStringLiteral("ACTION"));
    const QCommandLineOption quiet({QStringLiteral("q"), QStringLiteral("quiet")},
                                   QStringLiteral("Print only the final report."));
    parser.addOptions({headless, input, dir, jobs, perHost, split, minSplitSize, timeout, retries, checksum, header, caCertificate,
                       maxSize, lowSpeedLimit, lowSpeedTime, onExisting, quiet});
    parser.addPositionalArgument(QStringLiteral("urls"), QStringLiteral("URLs to download."), QStringLiteral("[URL...]"));

    if (!parser.parse(arguments)) {
        *error = parser.errorText();
        return std::nullopt;
    }
    if (parser.isSet(help)) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        *exitNow = true;
        return std::nullopt;
    }
    if (parser.isSet(version)) {
        std::printf("%s %s\n", qPrintable(QCoreApplication::applicationName()), qPrintable(QCoreApplication::applicationVersion()));
        *exitNow = true;
        return std::nullopt;
    }

    HeadlessOptions options;
    options.headless = parser.isSet(headless);
    options.quiet = parser.isSet(quiet);
    DownloadSettings &s = options.settings;
    s.folder = QDir::cleanPath(QDir::current().absoluteFilePath(parser.isSet(dir) ? parser.value(dir) : QStringLiteral(".")));

    const auto intOption = [&](const QCommandLineOption &option, double min, double max, int &target) {
        if (!parser.isSet(option))
            return true;
        const auto value = number(parser.value(option), min, max);
        if (!value || *value != double(int(*value))) {
            *error = QStringLiteral("--%1 takes a whole number from %2 to %3").arg(option.names().last()).arg(min).arg(max);
            return false;
        }
        target = int(*value);
        return true;
    };
    if (!intOption(jobs, 1, 256, s.maxConcurrent) || !intOption(perHost, 1, DownloadSettings::kMaxPerHostLimit, s.maxPerHost)
        || !intOption(split, 1, DownloadSettings::kMaxSplit, s.split) || !intOption(retries, 0, 100, s.retries))
        return std::nullopt;
    const auto secondsOption = [&](const QCommandLineOption &option, double min, int &targetMs) {
        if (!parser.isSet(option))
            return true;
        const auto seconds = number(parser.value(option), min, 86400);
        if (!seconds) {
            *error = QStringLiteral("--%1 takes seconds from %2 to 86400").arg(option.names().last()).arg(min);
            return false;
        }
        targetMs = int(*seconds * 1000);
        return true;
    };
    if (!secondsOption(timeout, 0.1, s.connectTimeoutMs) || !secondsOption(lowSpeedTime, 1, s.lowSpeedTimeMs))
        return std::nullopt;
    if (parser.isSet(timeout))
        s.idleTimeoutMs = s.connectTimeoutMs;  // --timeout sets both
    for (const auto &[option, target] : {std::pair{&maxSize, &s.maxSize}, std::pair{&lowSpeedLimit, &s.lowSpeedLimit},
                                         std::pair{&minSplitSize, &s.minSegmentSize}}) {
        if (!parser.isSet(*option))
            continue;
        const auto value = byteCount(parser.value(*option));
        if (!value) {
            *error = QStringLiteral("--%1 takes a size like 1048576, 500K, 20M or 4G").arg(option->names().last());
            return std::nullopt;
        }
        *target = *value;
    }
    if (s.minSegmentSize < DownloadSettings::kMinSegmentSizeFloor) {
        *error = QStringLiteral("--min-split-size must be at least 1M (got \"%1\")").arg(parser.value(minSplitSize));
        return std::nullopt;
    }
    if (parser.isSet(onExisting)) {
        const QString action = parser.value(onExisting).trimmed().toLower();
        if (action == u"rename") {
            s.existingFile = DownloadSettings::ExistingFile::Rename;
        } else if (action == u"overwrite") {
            s.existingFile = DownloadSettings::ExistingFile::Overwrite;
        } else if (action == u"skip") {
            s.existingFile = DownloadSettings::ExistingFile::Skip;
        } else {
            *error = QStringLiteral("--on-existing takes rename, overwrite or skip (got \"%1\")").arg(parser.value(onExisting));
            return std::nullopt;
        }
    }
    for (const QString &line : parser.values(header)) {
        HeaderLine::Header parsed;
        const QString problem = HeaderLine::parse(line, &parsed);
        if (!problem.isEmpty()) {
            *error = QStringLiteral("--header must look like \"Name: value\" (got \"%1\"): %2").arg(line, problem);
            return std::nullopt;
        }
        s.headers.append(parsed);
    }
    if (parser.isSet(caCertificate)) {
        const QList<QSslCertificate> certificates = QSslCertificate::fromPath(parser.value(caCertificate), QSsl::Pem);
        if (certificates.isEmpty()) {
            *error = QStringLiteral("--ca-certificate: no PEM certificate could be read from %1").arg(parser.value(caCertificate));
            return std::nullopt;
        }
        s.extraCaCertificates = certificates;
    }

    const QStringList urls = parser.positionalArguments();
    if (!options.headless) {
        // The window reads lists itself (off the GUI thread, or in the instance already running)
        // and uses its saved settings; engine flags on the command line would be silently lost.
        for (const QCommandLineOption *option : {&jobs, &perHost, &split, &minSplitSize, &timeout, &retries, &checksum, &header, &caCertificate,
                                                 &maxSize, &lowSpeedLimit, &lowSpeedTime, &quiet, &onExisting}) {
            if (parser.isSet(*option)) {
                *error = QStringLiteral("--%1 works with --headless only; the window takes its settings from Settings…")
                             .arg(option->names().last());
                return std::nullopt;
            }
        }
        options.window.urlText = urls.join(u'\n');
        options.window.folder = parser.isSet(dir) ? s.folder : QString();
        if (parser.isSet(input)) {
            const QString path = parser.value(input);
            if (path == u"-") {
                QFile in;
                if (!in.open(stdin, QIODevice::ReadOnly)) {
                    *error = QStringLiteral("Cannot read the list from standard input: %1").arg(in.errorString());
                    return std::nullopt;
                }
                options.window.urlText += u'\n' % QString::fromUtf8(in.readAll());
            } else {
                options.window.listFiles.append(QDir::current().absoluteFilePath(path));
            }
        }
        return options;
    }
    if (!urls.isEmpty())
        merge(UrlListParser::parse(urls.join(u'\n')), options, QStringLiteral("argument"));
    if (parser.isSet(input)) {
        const QString path = parser.value(input);
        QFile file;
        const bool opened = path == u"-" ? file.open(stdin, QIODevice::ReadOnly) : (file.setFileName(path), file.open(QIODevice::ReadOnly));
        if (!opened) {
            *error = QStringLiteral("Cannot read the list %1: %2").arg(path, file.errorString());
            return std::nullopt;
        }
        merge(UrlListParser::parse(QString::fromUtf8(file.readAll())), options, path == u"-" ? QStringLiteral("stdin") : path);
    }
    if (options.headless && options.items.isEmpty()) {
        *error = QStringLiteral("No URLs given: pass URLs or -i FILE");
        return std::nullopt;
    }
    if (parser.isSet(checksum)) {
        QString problem;
        const auto spec = ChecksumSpec::parse(parser.value(checksum), &problem);
        if (!spec) {
            *error = QStringLiteral("--checksum: %1").arg(problem);
            return std::nullopt;
        }
        int entries = 0;
        for (const auto &item : options.items)
            entries += item.entry ? 1 : 0;
        if (entries != 1) {
            *error = QStringLiteral("--checksum applies to exactly one URL (got %1); use checksum= lines in an input file for lists").arg(entries);
            return std::nullopt;
        }
        for (auto &item : options.items) {
            if (item.entry)
                item.entry->checksum = spec;
        }
    }
    return options;
}
