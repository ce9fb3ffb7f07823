#pragma once

#include "engine/download.h"

#include <QList>
#include <QString>

class DownloadManager;

// What a person sees on stderr while a headless run works: on a terminal a live block (one
// line per active download and a total) redrawn in place; elsewhere one line per finished
// download. Main thread.
class ProgressView final
{
public:
    explicit ProgressView(bool quiet);

    bool isTerminal() const { return m_terminal; }
    void redraw(const DownloadManager &manager);
    void finished(const Download &download);
    // Something the user must know even with --quiet: a folder locked by another run, a
    // store moved aside. Prefixed "gather: ".
    void problem(const QString &text);
    void message(const QString &text);  // a note or warning, above the live block
    void clear();

private:
    void write(const QString &text);

    bool m_quiet = false;
    bool m_terminal = false;
    int m_linesDrawn = 0;
    int m_columns = 100;
};
