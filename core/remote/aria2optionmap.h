#pragma once

#include "base/result.h"
#include "base/urlentry.h"
#include "engine/propertychanges.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

class Download;
struct DownloadSettings;
class RemoteFolders;

// aria2's per-download options (dir, out, header, checksum, split, max-download-limit, referer,
// user-agent, pause) read from an RPC options object into what Gather's engine takes, and back.
// Values are checked by the same parsers as list files (Aria2Options, ChecksumSpec, HeaderLine,
// SizeText). A BitTorrent or Metalink option, or "gid", is refused with a sentence; any other
// option Gather does not have is ignored, as aria2 ignores options that do not apply. Stateless;
// GUI thread.
class Aria2OptionMap final
{
public:
    // An option's value as text: a string, or a number or boolean written out; header may be an
    // array of strings (aria2's cumulative options). The sentence when it is none of them.
    static Result<QStringList> valuesOf(const QString &name, const QJsonValue &value);
    // Why Gather cannot honour the option at all (BitTorrent, Metalink, a chosen GID), or empty.
    static QString refusal(const QString &name);

    // aria2.addUri's options applied to entry; pause="true" sets startPaused.
    static Result<void> applyToEntry(const QJsonObject &options, UrlEntry &entry, bool &startPaused,
                                     const RemoteFolders &folders, const QString &downloadFolder);
    // aria2.changeOption's options as the property changes they make to download.
    static Result<PropertyChanges> changesFor(const QJsonObject &options, const Download &download,
                                              const RemoteFolders &folders);
    // aria2.getOption: the options in force for download, as aria2 spells them.
    static QJsonObject optionsOf(const Download &download, const DownloadSettings &settings);
};
