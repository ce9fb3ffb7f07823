#include "commandline.h"

#include "engineoptions.h"
#include "intake/textfilereader.h"
#include "intake/urllistloader.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>

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
                                 .arg(source).arg(duplicate.line).arg(duplicate.url.toDisplayString(), first));
    }
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
    parser.addOptions({headless, input, dir});
    EngineOptions::addTo(parser);
    parser.addOptions({checksum, quiet});
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
    DownloadSettings &s = options.settings;
    s.folder = QDir::cleanPath(QDir::current().absoluteFilePath(parser.isSet(dir) ? parser.value(dir) : QStringLiteral(".")));
    if (const Result<void> read = EngineOptions::read(parser, s); !read)
        return usageError(read.problem());

    const QStringList urls = parser.positionalArguments();
    const QString listPath = parser.isSet(input) ? parser.value(input) : QString();
    QString standardInput;
    if (listPath == u"-") {
        Result<QString> text = readStandardInput();
        if (!text)
            return usageError(text.problem());
        standardInput = std::move(text).value();
    }

    if (!options.headless) {
        // The window reads lists itself (off the GUI thread, or in the instance already running)
        // and uses its saved settings; engine flags on the command line would be silently lost.
        QString given = EngineOptions::firstGiven(parser);
        for (const QCommandLineOption *option : {&checksum, &quiet}) {
            if (given.isEmpty() && parser.isSet(*option))
                given = option->names().last();
        }
        if (!given.isEmpty())
            return usageError(QStringLiteral("--%1 works with --headless only; the window takes its settings from Settings…").arg(given));
        options.window.urlText = urls.join(u'\n');
        if (!standardInput.isEmpty())
            options.window.urlText += u'\n' % standardInput;
        if (!listPath.isEmpty() && listPath != u"-")
            options.window.listFiles.append(QDir::current().absoluteFilePath(listPath));
        options.window.folder = parser.isSet(dir) ? s.folder : QString();
        return result;
    }

    QList<ListSource> sources;
    if (!urls.isEmpty())
        sources.append({QStringLiteral("argument"), urls.join(u'\n'), QString()});
    if (listPath == u"-")
        sources.append({QStringLiteral("stdin"), standardInput, QString()});
    else if (!listPath.isEmpty())
        sources.append({listPath, QString(), listPath});
    const LoadedUrlList loaded = UrlListLoader::read(sources);
    if (!loaded.problems.isEmpty())
        return usageError(QStringLiteral("Cannot read the list %1: %2").arg(loaded.problems.first().source, loaded.problems.first().reason));
    takeItems(loaded, options);
    if (options.items.isEmpty())
        return usageError(QStringLiteral("No URLs given: pass URLs or -i FILE"));

    if (parser.isSet(checksum)) {
        const Result<ChecksumSpec> spec = ChecksumSpec::parse(parser.value(checksum));
        if (!spec)
            return usageError(QStringLiteral("--checksum: %1").arg(spec.problem()));
        const auto entries = std::count_if(options.items.cbegin(), options.items.cend(), [](const auto &item) { return item.entry.has_value(); });
        if (entries != 1) {
            return usageError(QStringLiteral("--checksum applies to exactly one URL (got %1); use checksum= lines in an input file for lists")
                                  .arg(entries));
        }
        for (auto &item : options.items) {
            if (item.entry)
                item.entry->checksum = *spec;
        }
    }
    return result;
}
