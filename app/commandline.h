#pragma once

#include "downloadsettings.h"
#include "urllistparser.h"

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
        QString urlText;         // URLs given as arguments, one per line
        QStringList listFiles;   // -i FILE, made absolute
        QString folder;          // -d DIR, absolute; empty = the window's download folder
    };

    bool headless = false;
    WindowInput window;
    bool quiet = false;
    DownloadSettings settings;
    QList<InputItem> items;          // input order: command-line URLs first, then the list file
    QList<DuplicateUrl> duplicates;
    QStringList notes;               // things to tell the user on stderr before starting
};

// Parses and validates argv with QCommandLineParser. On a usage problem returns nullopt with
// the message in *error (exit code 2); --help and --version print and set *exitNow.
class CommandLine final
{
public:
    static std::optional<HeadlessOptions> parse(const QStringList &arguments, QString *error, bool *exitNow);
};
