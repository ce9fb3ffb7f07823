#pragma once

#include "base/byteranges.h"
#include "base/downloaderror.h"
#include "base/downloadsettings.h"
#include "base/downloadstate.h"
#include "base/urlentry.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QUrl>

using DownloadId = quint64;

// One download as data: what the store keeps so the row can be shown again and the download
// resumed after a restart. Taken from a Download on the GUI thread (Download::snapshot()) and
// given back to DownloadManager::restore(); the store moves it between threads. Plain data.
struct DownloadSnapshot {
    DownloadId id = 0;
    qint64 position = 0;        // place in the list; lower first
    UrlEntry entry;             // URL, requested name, folder (absolute), checksum, user headers
    QUrl finalUrl;              // after redirects
    DownloadState state = DownloadState::Queued;
    QString fileName;           // the name chosen from the server's answer, frozen; empty before it
    QString partPath;           // the .part while unfinished; empty when there is none
    QString finalPath;          // where the file goes (or went, once completed)
    DownloadSettings::ExistingFile existingFile = DownloadSettings::ExistingFile::Rename;
    qint64 totalBytes = -1;     // -1 unknown
    qint64 bytesWritten = 0;    // for the row; a restore trusts durable, not this
    QList<ByteRange> durable;   // ranges of the .part known to be fsynced: the only bytes a resume keeps
    QByteArray etag;
    QByteArray lastModified;
    QDateTime addedAt;          // UTC
    QDateTime finishedAt;       // UTC; invalid while unfinished
    int attempts = 0;
    DownloadError error;        // the last one; kind None when there is none
    QString note;

    friend bool operator==(const DownloadSnapshot &, const DownloadSnapshot &) = default;
};
