#include "listmodelreference.h"

#include "engine/downloadmanager.h"

#include <QDebug>
#include <QSet>

#include <algorithm>

int ListModelReference::naturalCompare(const QString &a, const QString &b)
{
    const QString x = a.toCaseFolded();
    const QString y = b.toCaseFolded();
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < x.size() && j < y.size()) {
        if (x[i].isDigit() && y[j].isDigit()) {
            qsizetype ei = i;
            qsizetype ej = j;
            while (ei < x.size() && x[ei].isDigit())
                ++ei;
            while (ej < y.size() && y[ej].isDigit())
                ++ej;
            const qulonglong nx = x.mid(i, ei - i).toULongLong();
            const qulonglong ny = y.mid(j, ej - j).toULongLong();
            if (nx != ny)
                return nx < ny ? -1 : 1;
            i = ei;
            j = ej;
        } else if (x[i] != y[j]) {
            return x[i] < y[j] ? -1 : 1;
        } else {
            ++i;
            ++j;
        }
    }
    return int(x.size() - i > 0) - int(y.size() - j > 0);
}

namespace {

QString shownName(const Download &d)
{
    return d.fileName().isEmpty() ? d.url().fileName() : d.fileName();
}

template<typename T>
int threeWay(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

// The specification of each column's order, from the raw values: {unknown (sorts last in both
// orders), comparison}.
bool unknownIn(const Download &d, int column)
{
    const bool downloading = d.state() == DownloadState::Downloading;
    switch (column) {
    case DownloadColumns::Size: return d.totalBytes() < 0;
    case DownloadColumns::Speed: return !downloading;
    case DownloadColumns::TimeLeft: return !downloading || d.bytesPerSecond() <= 0 || d.totalBytes() < 0;
    default: return false;
    }
}

double progressOf(const Download &d)
{
    if (d.state() == DownloadState::Completed)
        return 1.0;
    return d.totalBytes() > 0 ? double(d.bytesReceived()) / double(d.totalBytes()) : -1.0;
}

int compareIn(const Download &a, const Download &b, int column)
{
    switch (column) {
    case DownloadColumns::Name: return ListModelReference::naturalCompare(shownName(a), shownName(b));
    case DownloadColumns::Size: return threeWay(a.totalBytes(), b.totalBytes());
    case DownloadColumns::Progress: return threeWay(progressOf(a), progressOf(b));
    case DownloadColumns::Speed: return threeWay(a.bytesPerSecond(), b.bytesPerSecond());
    case DownloadColumns::TimeLeft:
        return threeWay((a.totalBytes() - a.bytesReceived()) / a.bytesPerSecond(),
                        (b.totalBytes() - b.bytesReceived()) / b.bytesPerSecond());
    case DownloadColumns::Status:
        if (a.state() != b.state())
            return threeWay(int(a.state()), int(b.state()));
        if (a.state() != DownloadState::Failed && a.state() != DownloadState::Waiting)
            return 0;  // only these show the error as their status
        return a.error().message.compare(b.error().message, Qt::CaseInsensitive);
    case DownloadColumns::Url:
        return a.url().toDisplayString().compare(b.url().toDisplayString(), Qt::CaseInsensitive);
    case DownloadColumns::Added: return threeWay(a.addedAt(), b.addedAt());
    case DownloadColumns::Folder: return ListModelReference::naturalCompare(a.folder(), b.folder());
    default: return 0;
    }
}

} // namespace

QList<DownloadId> ListModelReference::expectedRows(const DownloadManager &manager, const DownloadListModel &model)
{
    QList<DownloadId> rows;
    for (DownloadId id : manager.ids()) {
        const Download &d = *manager.download(id);
        const QString &text = model.textFilter();
        if (DownloadListModel::matches(model.stateFilter(), d.state())
            && (shownName(d).contains(text, Qt::CaseInsensitive)
                || d.url().toDisplayString().contains(text, Qt::CaseInsensitive)))
            rows.append(id);
    }
    const int column = model.sortColumn();
    if (column < 0)
        return rows;
    const bool ascending = model.sortOrder() == Qt::AscendingOrder;
    std::stable_sort(rows.begin(), rows.end(), [&](DownloadId x, DownloadId y) {
        const Download &a = *manager.download(x);
        const Download &b = *manager.download(y);
        if (unknownIn(a, column) || unknownIn(b, column))
            return !unknownIn(a, column) && unknownIn(b, column);
        const int c = compareIn(a, b, column);
        return ascending ? c < 0 : c > 0;
    });
    return rows;
}

QString ListModelReference::mismatch(const DownloadManager &manager, const DownloadListModel &model)
{
    const QList<DownloadId> expected = expectedRows(manager, model);
    QList<DownloadId> shown;
    for (int row = 0; row < model.rowCount(); ++row) {
        const DownloadId id = model.idAt(row);
        if (model.rowOf(id) != row || model.index(row, 0).data(DownloadListModel::IdRole).value<DownloadId>() != id)
            return QStringLiteral("row %1: id %2 maps back to row %3").arg(row).arg(id).arg(model.rowOf(id));
        shown.append(id);
    }
    if (model.idAt(model.rowCount()) != 0 || model.totalCount() != manager.count())
        return QStringLiteral("idAt past the end or totalCount wrong");
    const QSet<DownloadId> shownIds(expected.cbegin(), expected.cend());
    for (DownloadId id : manager.ids()) {
        if (!shownIds.contains(id) && model.rowOf(id) != -1)
            return QStringLiteral("filtered-out id %1 has row %2").arg(id).arg(model.rowOf(id));
    }
    if (shown == expected)
        return {};
    QString text;
    QDebug(&text) << "shown" << shown << "expected" << expected;
    return text;
}

