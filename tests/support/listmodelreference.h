#pragma once

// ListModelReference: the order and filtering DownloadListModel should show, written
// independently from the downloads' raw values, to check the model against; test thread.

#include "list/downloadlistmodel.h"

#include <QList>
#include <QString>

class DownloadManager;

class ListModelReference final
{
public:
    // "file10" > "file2": digit runs compare as numbers, everything else code unit by code unit,
    // case-insensitively.
    static int naturalCompare(const QString &a, const QString &b);
    // The ids the model should show now, in order, from the manager and the model's settings
    // (sort column and order, state and text filter).
    static QList<DownloadId> expectedRows(const DownloadManager &manager, const DownloadListModel &model);
    // Empty when the model shows exactly the expected rows and idAt/rowOf/IdRole agree with
    // them; otherwise what differs.
    static QString mismatch(const DownloadManager &manager, const DownloadListModel &model);
};
