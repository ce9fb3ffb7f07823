#pragma once

// Small file helpers shared by the disk tests; any thread.

#include <QByteArray>
#include <QString>

namespace TestFiles {

// The whole file, or empty when it cannot be read.
QByteArray readFile(const QString &path);
// Creates path (failing if it exists) with exactly these bytes.
bool writeFile(const QString &path, const QByteArray &bytes);

} // namespace TestFiles
