#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

class Download;

// What aria2's tellStatus, getFiles, getUris and getServers say about one download, built from
// a Gather Download with aria2's field names and numbers as decimal strings. Only what Gather
// knows is reported: no pieces, no bitfield, nothing uploaded. Stateless; GUI thread.
class Aria2Fields final
{
public:
    // The status object; keys, when not empty, keeps only the fields named (aria2's filter).
    static QJsonObject status(const Download &download, const QStringList &keys = {});
    // One file: [{index, path, length, completedLength, selected, uris}].
    static QJsonArray files(const Download &download);
    // Its one link: [{uri, status}], "used" once it was asked, "waiting" before.
    static QJsonArray uris(const Download &download);
    // aria2's getServers for a running download: one server, the link and where it led.
    static QJsonArray servers(const Download &download);
    // The path aria2 reports: the final file's, even while a .part is written; empty before
    // the name is known.
    static QString path(const Download &download);
};
