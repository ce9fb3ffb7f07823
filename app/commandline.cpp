#include "commandline.h"

#include "base/shownurl.h"
#include "engineoptions.h"
#include "intake/textfilereader.h"
#include "intake/urllistloader.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace {

ParsedCommandLine usageError(const QString &why)
{
    return {ParsedCommandLine::Action::UsageError, {}, why};
}

// Standard input read as a list file is: bounded in size, and text.
Result<QString> readStandardInput()
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return Result<QString>::invalid(QStringLiteral("Cannot read the list from standard input: %1").arg(in.errorString()));
    const qint64 limit = UrlListLoader::kDefaultMaxFileBytes;
    const QByteArray bytes = in.read(limit + 1);
    if (bytes.size() > limit)
        return Result<QString>::invalid(QStringLiteral("Cannot read the list from standard input: larger than %1 bytes").arg(limit));
    const Result<QString> text = TextFileReader::decode(bytes);
    if (!text)
        return Result<QString>::invalid(QStringLiteral("Cannot read the list from standard input: %1").arg(text.problem()));
    return text;
}

// The report's items in input order, each source's rejected lines in their place among its
// entries, and a note per duplicate.
void takeItems(const LoadedUrlList &loaded, HeadlessOptions &options)
{
    const ParsedUrlList &parsed = loaded.parsed;
    qsizetype entry = 0;
    qsizetype rejected = 0;
    for (qsizetype s = 0; s < loaded.sources.size(); ++s) {
        const QString &source = loaded.sources[s];
        const qsizetype entryEnd = entry + loaded.entryCounts[s];
        const qsizetype rejectedEnd = rejected + loaded.rejectedCounts[s];
        const auto takeRejected = [&] {
            RejectedLine row = parsed.rejected[rejected++];
            row.reason = source % u" line " % QString::number(row.line) % u": " % row.reason;
            options.items.append({std::nullopt, row});
        };
        for (; entry < entryEnd; ++entry) {
            while (rejected < rejectedEnd && parsed.rejected[rejected].line <= parsed.entries[entry].line)
                takeRejected();
            options.items.append({parsed.entries[entry], {}});
        }
        while (rejected < rejectedEnd)
            takeRejected();
    }
    options.duplicates = parsed.duplicates;
    for (const DuplicateUrl &duplicate : parsed.duplicates) {
        const QString source = duplicate.source.isEmpty() ? loaded.sources.value(0) : duplicate.source;
        const QString first = duplicate.firstSource.isEmpty() || duplicate.firstSource == source
            ? QStringLiteral("line %1").arg(duplicate.firstLine)
            : QStringLiteral("%1 line %2").arg(duplicate.firstSource).arg(duplicate.firstLine);
        options.notes.append(QStringLiteral("%1 line %2: %3 is a duplicate of %4, skipped")
                                 .arg(source).arg(duplicate.line).arg(ShownUrl::of(duplicate.url), first));
    }
    if (const qsizetype unlisted = parsed.duplicateCount - parsed.duplicates.size(); unlisted > 0)
        options.notes.append(QStringLiteral("%1 more duplicates skipped, not listed").arg(unlisted));
}

// What there is to read: the URL arguments, and the list named by -i (standard input is read
// already, since both modes need it).
struct Input {
    QStringList urls;
    QString listPath;       // empty, "-" or a file
    QString standardInput;  // the list read from stdin for "-i -"
};

// The window reads lists itself (off the GUI thread, or in the instance already running) and
// uses its saved settings, so a headless-only option would be silently lost: refuse it.
Result<HeadlessOptions::WindowInput> windowInput(const Input &input, const QString &headlessOnly, const QString &folder)
{
    if (!headlessOnly.isEmpty()) {
        return Result<HeadlessOptions::WindowInput>::invalid(
            QStringLiteral("--%1 works with --headless only; the window takes its settings from Settings…").arg(headlessOnly));
    }
    HeadlessOptions::WindowInput window;
    window.urlText = input.urls.join(u'\n');
    if (!input.standardInput.isEmpty())
        window.urlText += u'\n' % input.standardInput;
    if (!input.listPath.isEmpty() && input.listPath != u"-") {
        const QString path = QDir::current().absoluteFilePath(input.listPath);
        // The window reads the list later, maybe in the copy already running: a list that
        // cannot be read is said here, where the person typed it, and with nothing else
        // handed over there is nothing to start the window for.
        if (const Result<void> readable = TextFileReader::checkReadable(path); !readable) {
            const QString why = QStringLiteral("Cannot read the list %1: %2").arg(input.listPath, readable.problem());
            if (window.urlText.trimmed().isEmpty())
                return Result<HeadlessOptions::WindowInput>::invalid(why);
            window.notes.append(why);
        } else {
            window.listFiles.append(path);
        }
    }
    window.folder = folder;
    return window;
}

// The headless run's items: arguments first, then the list, through the bounded loader.
Result<void> readItems(const Input &input, HeadlessOptions &options)
{
    QList<ListSource> sources;
    if (!input.urls.isEmpty())
        sources.append({QStringLiteral("argument"), input.urls.join(u'\n'), QString()});
    if (input.listPath == u"-")
        sources.append({QStringLiteral("stdin"), input.standardInput, QString()});
    else if (!input.listPath.isEmpty())
        sources.append({input.listPath, QString(), input.listPath});
    const LoadedUrlList loaded = UrlListLoader::read(sources);
    if (!loaded.problems.isEmpty()) {
        const SourceProblem &problem = loaded.problems.first();
        return Result<void>::invalid(QStringLiteral("Cannot read the list %1: %2").arg(problem.source, problem.reason));
    }
    takeItems(loaded, options);
    if (options.items.isEmpty())
        return Result<void>::invalid(QStringLiteral("No URLs given: pass URLs or -i FILE"));
    return {};
}

// --checksum names the file of the one URL given.
Result<void> applyChecksum(const QString &text, HeadlessOptions &options)
{
    const Result<ChecksumSpec> spec = ChecksumSpec::parse(text);
    if (!spec)
        return Result<void>::invalid(QStringLiteral("--checksum: %1").arg(spec.problem()));
    const auto entries = std::count_if(options.items.cbegin(), options.items.cend(),
                                       [](const auto &item) { return item.entry.has_value(); });
    if (entries != 1) {
        return Result<void>::invalid(
            QStringLiteral("--checksum applies to exactly one URL (got %1); use checksum= lines in an input file for lists").arg(entries));
    }
    for (auto &item : options.items) {
        if (item.entry)
            item.entry->checksum = *spec;
    }
    return {};
}

} // namespace

ParsedCommandLine CommandLine::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Gather: downloads lists of URLs, concurrently, correctly."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption headless(QStringLiteral("headless"), QStringLiteral("Run without a window."));
    const QCommandLineOption input({QStringLiteral("i"), QStringLiteral("input-file")},
                                   QStringLiteral("Read URLs from FILE ('-' for standard input)."), QStringLiteral("FILE"));
    const QCommandLineOption dir({QStringLiteral("d"), QStringLiteral("dir")},
                                 QStringLiteral("Save into DIR (created if missing). Default: the current folder."), QStringLiteral("DIR"));
    const QCommandLineOption checksum(QStringLiteral("checksum"),
                                      QStringLiteral("Verify the single URL's file: sha-256=HEX, sha-512, sha-1 or md5."), QStringLiteral("ALGO=HEX"));
    const QCommandLineOption quiet({QStringLiteral("q"), QStringLiteral("quiet")}, QStringLiteral("Print only the final report."));
    const QCommandLineOption noResume(QStringLiteral("no-resume"),
                                      QStringLiteral("Start afresh: ignore what an earlier run into DIR left; its unfinished downloads "
                                                     "start again from byte zero in their .part files."));
    const QCommandLineOption saveCookies(QStringLiteral("save-cookies"),
                                         QStringLiteral("When done, write every cookie (loaded and set by servers) to FILE in the "
                                                        "Netscape cookies.txt format, replacing it; mode 0600."),
                                         QStringLiteral("FILE"));
    parser.addOptions({headless, input, dir});
    EngineOptions::addTo(parser);
    parser.addOptions({checksum, quiet, noResume, saveCookies});
    RpcOptions::addTo(parser);
    parser.addPositionalArgument(QStringLiteral("urls"), QStringLiteral("URLs to download."), QStringLiteral("[URL...]"));

    if (!parser.parse(arguments))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        // The parser names the program from QCoreApplication, which does not exist yet.
        QString text = parser.helpText();
        text.replace(u"<executable_name>"_s, QCoreApplication::applicationName());
        return {ParsedCommandLine::Action::Print, {}, text};
    }
    if (parser.isSet(version)) {
        return {ParsedCommandLine::Action::Print, {},
                QCoreApplication::applicationName() % u' ' % QCoreApplication::applicationVersion() % u'\n'};
    }

    ParsedCommandLine result{ParsedCommandLine::Action::Run, {}, {}};
    HeadlessOptions &options = result.options;
    options.headless = parser.isSet(headless);
    options.quiet = parser.isSet(quiet);
    options.resume = !parser.isSet(noResume);
    DownloadSettings &s = options.settings;
    s.folder = QDir::cleanPath(QDir::current().absoluteFilePath(parser.isSet(dir) ? parser.value(dir) : QStringLiteral(".")));
    if (const Result<void> read = EngineOptions::read(parser, s, &options.notes); !read)
        return usageError(read.problem());

    Input in{parser.positionalArguments(), parser.isSet(input) ? parser.value(input) : QString(), QString()};
    if (in.listPath == u"-") {
        Result<QString> text = readStandardInput();
        if (!text)
            return usageError(text.problem());
        in.standardInput = std::move(text).value();
    }

    if (!options.headless) {
        QString headlessOnly = EngineOptions::firstGiven(parser);
        if (headlessOnly.isEmpty())
            headlessOnly = RpcOptions::firstGiven(parser);
        for (const QCommandLineOption *option : {&checksum, &quiet, &noResume, &saveCookies}) {
            if (headlessOnly.isEmpty() && parser.isSet(*option))
                headlessOnly = option->names().last();
        }
        Result<HeadlessOptions::WindowInput> window = windowInput(in, headlessOnly, parser.isSet(dir) ? s.folder : QString());
        if (!window)
            return usageError(window.problem());
        options.window = std::move(window).value();
        return result;
    }
    if (parser.isSet(saveCookies)) {
        // Refused now rather than after an hour of downloading: the cookies would be lost.
        const QFileInfo target(QDir::current().absoluteFilePath(parser.value(saveCookies)));
        if (parser.value(saveCookies).isEmpty() || target.isDir() || !target.absoluteDir().exists())
            return usageError(QStringLiteral("--save-cookies: %1 is not a file in an existing folder").arg(parser.value(saveCookies)));
        options.saveCookiesFile = target.absoluteFilePath();
    }
    Result<RpcOptions::Values> rpc = RpcOptions::read(parser);
    if (!rpc)
        return usageError(rpc.problem());
    options.rpc = std::move(rpc).value();
    options.notes += options.rpc.notes;
    // A daemon may start with nothing to do: downloads arrive over JSON-RPC.
    const bool urlsGiven = !in.urls.isEmpty() || !in.listPath.isEmpty();
    if (urlsGiven || !options.rpc.enabled) {
        if (const Result<void> read = readItems(in, options); !read)
            return usageError(read.problem());
    }
    if (parser.isSet(checksum)) {
        if (const Result<void> applied = applyChecksum(parser.value(checksum), options); !applied)
            return usageError(applied.problem());
    }
    return result;
}
