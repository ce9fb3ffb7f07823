#pragma once

#include "intake/mimeurls.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

// What a second `gather` hands to the running one: the URLs from its command line, the list files
// it was given (absolute, the running instance reads them) and its working directory, encoded as
// versioned UTF-8 JSON. Plain data; any thread.
struct InstanceMessage {
    static constexpr int kVersion = 1;

    QStringList urls;          // as given; the running instance parses them like pasted text
    QStringList listFiles;     // absolute paths
    QString workingDirectory;  // of the sending process
    QString folder;            // gather -d DIR, absolute; empty = the window's download folder

    // listFiles made absolute against workingDirectory.
    static InstanceMessage fromCommandLine(const QStringList &urls, const QStringList &listFiles,
                                           const QString &workingDirectory);

    QByteArray encode() const;
    // nullopt for anything that is not a message of this version: wrong JSON, wrong types,
    // relative list paths.
    static std::optional<InstanceMessage> decode(const QByteArray &bytes);

    // For UrlIntake::submit().
    DroppedInput input() const;
    bool isEmpty() const { return urls.isEmpty() && listFiles.isEmpty(); }
};

Q_DECLARE_METATYPE(InstanceMessage)
