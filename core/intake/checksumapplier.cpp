#include "intake/checksumapplier.h"

QString ChecksumApplier::nameOf(const UrlEntry &entry)
{
    return entry.outName.isEmpty() ? entry.url.fileName(QUrl::FullyDecoded) : entry.outName;
}

QList<ChecksumConflict> ChecksumApplier::apply(QList<UrlEntry> &entries, const ChecksumList &sums, qsizetype *applied)
{
    QList<ChecksumConflict> conflicts;
    qsizetype count = 0;
    if (!sums.byName.isEmpty()) {
        for (UrlEntry &entry : entries) {
            const QString name = nameOf(entry);
            const auto listed = sums.byName.constFind(name);
            if (name.isEmpty() || listed == sums.byName.constEnd())
                continue;
            if (!entry.checksum) {
                entry.checksum = *listed;
                ++count;
            } else if (*entry.checksum != *listed) {
                conflicts.append({entry.line, name, *entry.checksum, *listed});
            }
        }
    }
    if (applied)
        *applied = count;
    return conflicts;
}

QString ChecksumApplier::describe(const ChecksumConflict &conflict)
{
    const QString where = conflict.line > 0 ? QStringLiteral("line %1, ").arg(conflict.line) : QString();
    return QStringLiteral("%1%2: the list's checksum %3=%4 differs from the checksum file's %5=%6; the list's is kept")
        .arg(where, conflict.name, conflict.kept.algorithmName(), conflict.kept.expectedHex(),
             conflict.listed.algorithmName(), conflict.listed.expectedHex());
}
