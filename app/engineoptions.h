#pragma once

#include "base/downloadsettings.h"
#include "base/result.h"

#include <QCommandLineOption>
#include <QList>
#include <QString>

class QCommandLineParser;

// The engine's command-line options as one table: each option's names, its range, where its
// value goes in DownloadSettings, and its help, whose range and default are written from the
// table and from DownloadSettings' own defaults, so neither can drift from the code. Stateless;
// main thread.
class EngineOptions final
{
public:
    // Adds every engine option to parser.
    static void addTo(QCommandLineParser &parser);
    // Puts the value of every engine option the user gave into settings, or says which one is
    // wrong and what it takes. Notes (lines of a cookies file skipped, say) go to notes.
    static Result<void> read(const QCommandLineParser &parser, DownloadSettings &settings, QStringList *notes = nullptr);
    // The long name of the first engine option given, or empty: the window takes its settings
    // from Settings…, where an option given on its command line would be silently lost.
    static QString firstGiven(const QCommandLineParser &parser);
    // Turns the PEM text --ca-certificate read into settings.extraCaCertificates; call once the
    // application object exists. The reason in words when the text holds no certificate.
    static Result<void> makeCertificates(DownloadSettings &settings);
};
