#pragma once

#include "base/checksumspec.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

// What a person changed in the properties of one or more downloads: each field set is applied
// to every one of them, a field left unset is left alone (a value that differed between them
// and was not edited). Inside, nullopt means "follow the settings" or "none". Plain data.
struct PropertyChanges {
    std::optional<QString> fileName = {};                       // a leaf, before completion
    std::optional<QString> folder = {};                         // absolute
    std::optional<std::optional<int>> split = {};               // 1..UrlEntry::kMaxSplit
    std::optional<std::optional<qint64>> maxBytesPerSecond = {};  // 0 = unlimited
    std::optional<std::optional<ChecksumSpec>> checksum = {};
    std::optional<QList<QPair<QByteArray, QByteArray>>> headers = {};

    bool isEmpty() const
    {
        return !fileName && !folder && !split && !maxBytesPerSecond && !checksum && !headers;
    }
};
