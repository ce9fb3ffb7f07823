#pragma once

#include "base/downloadsettings.h"
#include "intake/urllistparser.h"
#include "rpcoptions.h"

#include <QString>
#include <QStringList>

#include <optional>

// What the command line asked for, validated: settings for the engine and the input, with each
// URL's place in the input kept for the report. Plain data; main thread.
struct HeadlessOptions {
    // One line of the final report's input: an entry to download or a line that was rejected.
    struct InputItem {
        std::optional<UrlEntry> entry;
        RejectedLine rejected;
    };

    // Without --headless: what to hand to the window (this one or the one already running).
    struct WindowInput {
        QString urlText;         // URLs given as arguments, one per line, and a list read from stdin
        QStringList listFiles;   // -i FILE, made absolute
        QString folder;          // -d DIR, absolute; empty = the window's download folder
        QStringList notes;       // for stderr before the window starts (a list that cannot be read)
    };

    bool headless = false;
    WindowInput window;
    bool quiet = false;
    bool resume = true;              // continue what an earlier run into the folder left; false: --no-resume
    QString saveCookiesFile;         // --save-cookies: absolute; empty = none
    RpcOptions::Values rpc;          // --enable-rpc: a daemon driven over aria2's JSON-RPC
    DownloadSettings settings;
    QList<InputItem> items;          // input order: command-line URLs first, then the list
    QList<DuplicateUrl> duplicates;
    QStringList notes;               // things to tell the user on stderr before starting
};

// The outcome of a command line: run (with the options), print something and stop, or refuse
// with a usage error. Plain data.
struct ParsedCommandLine {
    enum class Action { Run, Print, UsageError };
    Action action = Action::UsageError;
    HeadlessOptions options;  // Run
    QString text;             // Print: for standard output (--help, --version); UsageError: why
};

// Parses and validates argv with QCommandLineParser and the engine's option table; reads URL
// lists (files and standard input) through the same bounded loader the window uses. Stateless;
// main thread.
class CommandLine final
{
public:
    static ParsedCommandLine parse(const QStringList &arguments);
};
